/**
 * perf map: the line format, the interpreter's refusal pointing at --profile guest, and a real
 * native-backend run in a child node started with V8's perf flags, whose map must list every
 * wasm function of the module by its wasm name.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import {
  formatPerfMapLine, parsePerfMap, perfMapPath, perfMapSupport, PerfMapSink, V8_PERF_FLAGS, wasmEntries,
} from '../../../profiler/perfmap/index.js';

const DIST = path.resolve(import.meta.dirname, '../../..');

t.test('START SIZE name lines, hex without 0x, one line per function', async (t) => {
  const line = formatPerfMapLine({ start: 0x7f00deadbeefn, size: 0x1c0, name: 'wasm:a\nb' });
  t.equal(line, '7f00deadbeef 1c0 wasm:a b\n');
  const { entries, bad } = parsePerfMap(line + 'nonsense\n');
  t.same(bad, [2]);
  t.equal(entries[0].start, 0x7f00deadbeefn);
  t.equal(entries[0].size, 0x1c0);
  t.same(wasmEntries([{ start: 1n, size: 2, name: 'JS:fib-3-liftoff' }, { start: 3n, size: 4, name: 'JS:~f file.js:1:1' }]).map((e) => [e.wasmName, e.funcIndex, e.tier]), [['fib', 3, 'liftoff']]);
  t.equal(perfMapPath(42), '/tmp/perf-42.map');
});

t.test('the interpreter refuses with a pointer to --profile guest', async (t) => {
  const s = perfMapSupport('interpreter');
  t.equal(s.ok, false);
  if (!s.ok) t.match(s.message, /--profile guest/);
  t.throws(() => new PerfMapSink('interpreter').attach(null as never), { code: 'perfmap_unsupported' });
  const r = perfMapSupport('native', []);
  t.ok(!r.ok && r.reason === 'restart' && r.message.includes('--perf-basic-prof'));
  t.same(perfMapSupport('native', ['--perf-basic-prof']), { ok: true });
});

t.test('native backend under --perf-basic-prof: every wasm function is in the map', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-perfmap-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = path.join(dir, 'run.mjs');
  fs.writeFileSync(script, `
import { Engine, Module, Linker, Store } from ${JSON.stringify(path.join(DIST, 'index.js'))};
import { nativePlugin } from ${JSON.stringify(path.join(DIST, 'backends/native/index.js'))};
import { PerfMapSink } from ${JSON.stringify(path.join(DIST, 'profiler/perfmap/index.js'))};
const sink = new PerfMapSink('native');
const engine = new Engine({ plugins: [nativePlugin], backend: 'native' });
const att = sink.attach(engine.bus);
const m = Module.fromText(engine, '(module $m (func $fib (export "fib") (param i32) (result i32) (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0)) (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))) (func $never_called (result i32) (i32.const 7)) (func $helper (export "h") (result i32) (i32.const 1)))', { name: 'm' });
const i = new Linker(engine).instantiate(new Store(engine), m);
i.getFunc('fib').call(20);
att.detach();
console.log(JSON.stringify({ pid: process.pid, found: sink.found.map((e) => [e.wasmName, e.funcIndex, e.tier]) }));
`);
  const r = spawnSync(process.execPath, [...V8_PERF_FLAGS, script], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  t.teardown(() => fs.rmSync(perfMapPath(out.pid), { force: true }));
  const names = new Set(out.found.map((f: [string, number, string]) => `${f[0]}#${f[1]}`));
  for (const want of ['fib#0', 'never_called#1', 'helper#2']) t.ok(names.has(want), `${want} in the map (${[...names].join(', ')})`);
  const { bad } = parsePerfMap(fs.readFileSync(perfMapPath(out.pid), 'utf8'));
  t.same(bad, [], 'every line is START SIZE name');
});
