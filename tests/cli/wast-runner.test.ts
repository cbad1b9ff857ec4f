import t from 'tap';
import { FIXTURES, noBackend, weftIn } from './helpers.js';

const W = `${FIXTURES}wast/`;

t.test('weft wast end to end', { skip: noBackend() }, async (t) => {
  t.test('a passing script: exit 0, every command counted', async (t) => {
    const r = await weftIn(['wast', '--reporter', 'json', `${W}basic.wast`]);
    const j = JSON.parse(r.stdout);
    t.same(j.files[0].failures, []);
    t.equal(j.total.failed, 0);
    t.equal(j.total.passed, 17);
    t.same(j.byCommand.assert_return, { passed: 7, failed: 0, skipped: 0 });
    t.same(j.byCommand.assert_malformed, { passed: 2, failed: 0, skipped: 0 });
    t.equal(r.code, 0);
  });

  t.test('failures are reported per command with line and message; exit 1', async (t) => {
    const r = await weftIn(['wast', '--reporter', 'json', `${W}failing.wast`]);
    t.equal(r.code, 1);
    const j = JSON.parse(r.stdout);
    t.same(j.total, { passed: 3, failed: 2, skipped: 0 });
    t.same(j.files[0].failures.map((f: { line: number }) => f.line), [6, 7]);
    t.match(j.files[0].failures[0].message, /expected \(i32\.const 2\), got/);
    t.match(j.files[0].failures[1].message, /returned normally/);
  });

  t.test('a hanging command fails on the time limit and the run goes on', async (t) => {
    const t0 = Date.now();
    const r = await weftIn(['wast', '--reporter', 'json', '--timeout', '300ms', `${W}hang.wast`]);
    const j = JSON.parse(r.stdout);
    t.same(j.total, { passed: 3, failed: 1, skipped: 0 });
    t.match(j.files[0].failures[0].message, /interrupt/);
    t.ok(Date.now() - t0 < 15_000);
  });

  t.test('tap is the default reporter, folders are searched recursively', async (t) => {
    const r = await weftIn(['wast', W]);
    t.match(r.stdout, /^TAP version 14\n/);
    t.match(r.stdout, /# Subtest: .*basic\.wast\n/);
    t.match(r.stdout, /# Subtest: .*failing\.wast\n/);
    t.match(r.stdout, /\n1\.\.3\n/);
  });

  t.test('summary prints a table', async (t) => {
    const r = await weftIn(['wast', '--reporter', 'summary', `${W}failing.wast`]);
    t.match(r.stdout, /assert_return\s+1\s+1\s+0/);
    t.match(r.stdout, /failures in 1 of 1 files/);
  });
});
