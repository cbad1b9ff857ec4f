/**
 * `weft run --profile` and `--trace`, and `weft replay`: the guest profiler writes a folded
 * profile naming wasm functions, perfmap on the interpreter points at the guest profiler, and a
 * traced WASI run replays to the same stdout and exit code on each backend.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES, noBackend, ROOT, weftIn } from './helpers.js';

const WAT = `(module $prog
  (func $hot (param i32) (result i32) (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $a))
  (func $mid (param i32) (result i32) (call $hot (local.get 0)))
  (func $main (export "main") (param i32) (result i32) (local $k i32) (local $s i32)
    (loop $outer
      (local.set $s (i32.add (local.get $s) (call $mid (local.get 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $k) (i32.const 200))))
    (local.get $s)))`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-profile-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
const prog = path.join(tmp, 'prog.wat');
fs.writeFileSync(prog, WAT);

/** Spawns the CLI with stdin bytes, keeping stdout as bytes (guest output goes to fd 1). */
function weftRaw(args: readonly string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

t.test('--profile usage errors', async (t) => {
  const r = await weftIn(['run', prog, '--profile', 'bogus', '--invoke', 'main', '1']);
  t.equal(r.code, 2);
  t.match(r.stderr, /^weft: error: --profile: expected one of otel, guest/);
  const f = await weftIn(['run', prog, '--profile', 'guest=out.xyz', '--invoke', 'main', '1']);
  t.equal(f.code, 2);
  t.match(f.stderr, /unknown profile format/);
  const tr = await weftIn(['run', prog, '--trace', path.join(tmp, 'x.trace'), '--invoke', 'main', '1']);
  t.equal(tr.code, 2);
  t.match(tr.stderr, /--trace: .*--invoke/);
});

t.test('--profile guest=FILE.folded writes collapsed stacks with wasm names', { skip: noBackend() }, async (t) => {
  const out = path.join(tmp, 'p.folded');
  const r = await weftIn(['run', prog, '--profile', `guest=${out},1ms`, '--invoke', 'main', '20000']);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '');
  const text = fs.readFileSync(out, 'utf8');
  t.ok(text.length > 0, 'non-empty');
  for (const line of text.trim().split('\n')) t.match(line, /^[^ ]+ \d+$/, `folded line: ${line}`);
  t.match(text, /^main;mid;hot \d+$/m, 'names the wasm functions, outermost first');
  t.notMatch(text, /0x[0-9a-f]{6,}/, 'no host addresses');
});

t.test('--profile perfmap on the interpreter fails, pointing at --profile guest', async (t) => {
  const r = await weftIn(['run', prog, '--profile', 'perfmap', '--backend', 'interpreter', '--invoke', 'main', '1']);
  t.not(r.code, 0);
  t.equal(r.code, 2);
  t.match(r.stderr, /--profile perfmap/);
  t.match(r.stderr, /--profile guest/);
  t.equal(r.stdout, '');
});

t.test('--trace then weft replay reproduces stdout and the exit code', { skip: noBackend() }, async (t) => {
  const basics = `${FIXTURES}wasi/basics.wasm`;
  const trace = path.join(tmp, 'basics.trace');
  const rec = weftRaw(['run', basics, '--env', 'WEFT_A=alpha', '--env', 'WEFT_B=beta', '--trace', trace, '--', '7', 'two words', 'ünïcode'], 'line one\nline two\n');
  t.equal(rec.code, 7, rec.stderr);
  t.match(rec.stdout.toString(), /SUMMARY basics pass=\d+ fail=0/);
  t.ok(fs.statSync(trace).size > 0, 'trace written');
  for (const backend of [null, 'interpreter', 'native']) {
    const args = ['replay', trace, basics, ...(backend ? ['--backend', backend] : [])];
    const rep = weftRaw(args); // no stdin, no env: everything comes from the trace
    t.equal(rep.code, 7, `${backend ?? 'default'}: exit code (${rep.stderr})`);
    t.ok(rep.stdout.equals(rec.stdout), `${backend ?? 'default'}: same stdout bytes`);
    t.equal(rep.stderr, rec.stderr, `${backend ?? 'default'}: same stderr`);
  }
});

t.test('weft replay: a trap is reported as weft run does; a wrong module is Error: exit 1', { skip: noBackend() }, async (t) => {
  const trapWat = path.join(tmp, 'trap.wat');
  fs.writeFileSync(trapWat, '(module (func $boom (export "_start") unreachable))');
  const trace = path.join(tmp, 'trap.trace');
  const run = weftRaw(['run', trapWat, '--trace', trace]);
  t.equal(run.code, 134);
  const rep = weftRaw(['replay', trace, trapWat]);
  t.equal(rep.code, 134);
  t.equal(rep.stderr, run.stderr, 'same message and backtrace');
  t.match(rep.stderr, /^Error: unreachable\nwasm backtrace:\n.*boom/);
  const wrong = weftRaw(['replay', trace, `${FIXTURES}wasi/basics.wasm`]);
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /^Error: .*is not the module the trace recorded/);
  const missing = await weftIn(['replay', path.join(tmp, 'none.trace'), trapWat]);
  t.equal(missing.code, 2);
});

t.test('--help lists replay', async (t) => {
  const h = await weftIn(['--help']);
  t.match(h.stdout, /\n  replay /);
});
