/**
 * `weft wast` when the backend cannot run a module: the skip carries the feature, and what
 * depends on that module is skipped with it instead of failing: commands on an instance the
 * skipped module would have changed (a data segment into its memory), and on a module that
 * could not link because it imports from the skipped one. A module the script expects to be
 * unlinkable changes nothing, so it taints nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createApiSession } from '../../cli/wast/api-session.js';
import { runWastFile } from '../../cli/wast/file-runner.js';
import { HostRefs } from '../../cli/wast/host-refs.js';
import type { Reporter } from '../../cli/wast/reporters/reporter.js';
import { Engine } from '../../index.js';

const SCRIPT = `
(module $M
  (memory (export "mem") 1)
  (func (export "read") (param i32) (result i32) (i32.load8_u (local.get 0))))
(register "M" $M)
(assert_return (invoke $M "read" (i32.const 0)) (i32.const 0))

(assert_unlinkable
  (module (memory (import "M" "mem") 1) (memory (import "M" "nope") 1) (memory 1))
  "unknown import")
(assert_return (invoke $M "read" (i32.const 0)) (i32.const 0))

(module $Multi
  (memory (import "M" "mem") 1)
  (memory $own 1)
  (data (memory 0) (i32.const 0) "\\2a")
  (func (export "f") (result i32) (i32.const 7)))
(register "Multi" $Multi)
(assert_return (invoke $M "read" (i32.const 0)) (i32.const 42))

(module $P
  (func $f (import "Multi" "f") (result i32))
  (func (export "g") (result i32) (call $f)))
(assert_return (invoke $P "g") (i32.const 7))
(assert_return (invoke $Multi "f") (i32.const 7))
`;

const quiet: Reporter = { beginFile() {}, command() {}, endFile() {}, end() {} };

function run(backend: string) {
  const dir = mkdtempSync(join(tmpdir(), 'weft-wast-skips-'));
  const file = join(dir, 'skips.wast');
  writeFileSync(file, SCRIPT);
  const refs = new HostRefs();
  return runWastFile(file, {
    refs, strictMessages: false, watchdog: null, reporter: quiet,
    newSession: () => createApiSession(new Engine({ backend, epochInterruption: true }), refs),
  });
}

t.test('on the interpreter the script passes (it is a valid script)', async (t) => {
  const r = run('interpreter');
  t.same(r.results.filter((x) => x.status !== 'passed'), []);
  t.equal(r.tally.passed, r.results.length);
});

t.test('on native, what depends on a skipped module is skipped with its reason', async (t) => {
  const r = run('native');
  const status = (line: number) => r.results.find((x) => x.line === line);
  t.same(r.results.filter((x) => x.status === 'failed'), [], 'nothing fails');
  t.equal(status(6)?.status, 'passed');
  t.equal(status(8)?.status, 'skipped', 'the unlinkable multi-memory module is skipped...');
  t.equal(status(11)?.status, 'passed', '...and changes nothing: $M still runs');
  t.equal(status(13)?.status, 'skipped');
  t.match(status(13)?.message, /multi-memory/, 'the skip names the feature');
  t.equal(status(18)?.status, 'skipped', 'registering it too');
  t.equal(status(19)?.status, 'skipped', '$M would have been written by $Multi: skipped');
  t.match(status(19)?.message, /multi-memory.*"M" could not run/);
  t.equal(status(21)?.status, 'skipped', '$P imports from the skipped module: skipped, not a link failure');
  t.equal(status(24)?.status, 'skipped', 'commands on $P: skipped, not "unknown module $P"');
  t.equal(status(25)?.status, 'skipped');
  t.equal(r.tally.passed, 4);
  t.equal(r.tally.skipped, 7);
});
