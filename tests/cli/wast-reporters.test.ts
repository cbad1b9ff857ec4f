import t from 'tap';
import { Parser, type FinalResults } from 'tap-parser';
import { createReporter } from '../../cli/wast/reporters/create-reporter.js';
import type { ReporterName } from '../../cli/wast/reporters/reporter.js';
import { addTo, emptyTally, type CommandResult, type FileResult } from '../../cli/wast/wast-result.js';

function file(name: string, results: CommandResult[]): FileResult {
  const tally = emptyTally();
  for (const r of results) addTo(tally, r.status);
  return { file: name, results, tally };
}

const FILES: FileResult[] = [
  file('a.wast', [
    { command: 'module', line: 1, status: 'passed', message: '' },
    { command: 'assert_return', line: 3, status: 'passed', message: '' },
    { command: 'assert_return', line: 4, status: 'failed', message: 'expected (i32.const 2), got (i32.const 1)' },
  ]),
  file('b.wast', [
    { command: 'module', line: 1, status: 'skipped', message: 'backend interpreter: gc is not supported' },
    { command: 'assert_trap', line: 2, status: 'skipped', message: 'backend interpreter: gc is not supported' },
  ]),
];

function render(name: ReporterName): string {
  let out = '';
  const r = createReporter(name, (s) => {
    out += s;
  });
  for (const f of FILES) {
    r.beginFile(f.file);
    for (const c of f.results) r.command(f.file, c);
    r.endFile(f);
  }
  r.end(FILES);
  return out;
}

t.test('json: exactly one object with totals, per-command counts and failures', async (t) => {
  const out = render('json');
  t.equal(out.trim().split('\n').length, 1);
  const j = JSON.parse(out);
  t.same(j.total, { passed: 2, failed: 1, skipped: 2 });
  t.same(j.byCommand.assert_return, { passed: 1, failed: 1, skipped: 0 });
  t.same(j.byCommand.module, { passed: 1, failed: 0, skipped: 1 });
  t.equal(j.files.length, 2);
  t.match(j.files[0], { file: 'a.wast', passed: 2, failed: 1, skipped: 0 });
  t.same(j.files[0].failures, [{ line: 4, command: 'assert_return', message: 'expected (i32.const 2), got (i32.const 1)' }]);
  t.equal(j.files[1].skips[0].reason, 'backend interpreter: gc is not supported');
});

t.test('tap: a subtest per file, a point per command, skips with reasons', async (t) => {
  const out = render('tap');
  t.match(out, /^TAP version 14\n/);
  t.match(out, /# Subtest: a\.wast\n {4}ok 1 - line 1: module\n/);
  t.match(out, / {4}not ok 3 - line 4: assert_return\n {6}---\n {6}message: "expected/);
  t.match(out, / {4}1\.\.3\nnot ok 1 - a\.wast\n/);
  t.match(out, / {4}ok 1 - line 1: module # SKIP backend interpreter: gc is not supported\n/);
  t.match(out, /ok 2 - b\.wast\n1\.\.2\n/);
});

t.test('summary: a table per command kind and the failures', async (t) => {
  const out = render('summary');
  t.match(out, /command\s+passed\s+failed\s+skipped/);
  t.match(out, /assert_return\s+1\s+1\s+0/);
  t.match(out, /total\s+2\s+1\s+2/);
  t.match(out, /a\.wast: 1 failed\n {4}line 4 assert_return: expected/);
  t.match(out, /2 x backend interpreter: gc is not supported/);
});

t.test('tap output parses as TAP 14: children carry the per-command counts', async (t) => {
  const children: FinalResults[] = [];
  const final = await new Promise<FinalResults>((resolve) => {
    const p = new Parser(resolve);
    p.on('child', (c: Parser) => c.on('complete', (r: FinalResults) => children.push(r)));
    p.end(render('tap'));
  });
  t.equal(final.count, 2);
  t.equal(final.fail, 1);
  t.match(children[0], { count: 3, pass: 2, fail: 1 });
  t.match(children[1], { count: 2, skip: 2 });
});
