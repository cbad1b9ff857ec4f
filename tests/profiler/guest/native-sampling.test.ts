/**
 * Guest sampling on the native backend: V8's sampling profiler (through node:inspector), wasm
 * frames only, named as the module names them. Checked through the CLI (`weft run --backend
 * native --profile guest=out.folded`), through the embedding API, and on a synthetic V8
 * profile (JS frames dropped, stacks outermost first, weights and times).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { ContainerModule, Engine, EventSink, Linker, Module, Store, type WeftPlugin } from '../../../index.js';
import { GuestProfiler, StackProfile, addWasmSamples, writeFolded } from '../../../profiler/guest/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-native-prof-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FIB_WAT = `(module $fibmod
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $driver (export "run") (param i32) (result i32) (call $fib (local.get 0))))`;

t.test('weft run --backend native --profile guest=out.folded names the hot wasm functions', async (t) => {
  const wat = path.join(tmp, 'fib.wat');
  fs.writeFileSync(wat, FIB_WAT);
  const out = path.join(tmp, 'out.folded');
  const r = spawnSync(process.execPath, [CLI, 'run', '--backend', 'native', '--profile', `guest=${out}`, wat, '--invoke', 'run', '35'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout.trim(), '9227465');
  const folded = fs.readFileSync(out, 'utf8');
  const lines = folded.trim().split('\n');
  t.ok(lines.length > 0 && lines.every((l) => /^[^ ;]+(;[^ ;]+)* \d+$/.test(l)), 'collapsed-stack lines');
  // A sample may land in driver itself around the call; nearly all of the time is in fib.
  t.ok(lines.every((l) => l === `driver ${l.split(' ').pop()}` || l.startsWith('driver;fib')), `every stack is driver (→ fib): ${lines.slice(0, 3).join(' | ')}`);
  const weight = (l: string) => Number(l.split(' ').pop());
  const total = lines.reduce((n, l) => n + weight(l), 0);
  const inFib = lines.filter((l) => l.startsWith('driver;fib')).reduce((n, l) => n + weight(l), 0);
  t.ok(total >= 10, `${total} samples`);
  t.ok(inFib >= total * 0.9, `${inFib} of ${total} samples in fib`);
  t.notMatch(folded, /0x[0-9a-f]{4,}|wasm:\/\/|\.js/, 'wasm names only: no addresses, URLs or JS frames');
});

t.test('the embedding API samples native guests; writes a Firefox profile', async (t) => {
  const file = path.join(tmp, 'native.json');
  const profiler = new GuestProfiler({ file, intervalMs: 0.5 });
  const plugin: WeftPlugin = {
    id: 'guest', version: '0', provides: ['event-sink'],
    module: () => new ContainerModule(({ bind }) => { bind<EventSink>(EventSink).toConstantValue(profiler); }),
  };
  const engine = new Engine({ backend: 'native', plugins: [plugin] });
  t.equal(engine.bus.callEventsRequested, false, 'no per-call events needed');
  const run = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, FIB_WAT)).getFunc('run')!;
  const t0 = performance.now();
  while (performance.now() - t0 < 300) run.call(25);
  await engine.dispose();
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const names: string[] = prof.threads[0].funcTable.name.map((i: number) => prof.threads[0].stringArray[i]);
  t.same([...names].sort(), ['driver', 'fib'], 'only the wasm functions');
  t.ok(prof.threads[0].samples.length > 0, 'samples');
});

t.test('V8 profiles keep wasm frames only, outermost first, with times', async (t) => {
  const into = new StackProfile(1);
  const wasm = (name: string) => ({ functionName: name, url: 'wasm://wasm/m-1234' });
  const js = (name: string) => ({ functionName: name, url: 'file:///x.js' });
  // (root) → main.js → run(wasm) → hostcb.js → fib(wasm); and (root) → idle
  const nodes = [
    { id: 1, callFrame: js('(root)'), children: [2, 6] },
    { id: 2, callFrame: js('main'), children: [3] },
    { id: 3, callFrame: wasm('run'), children: [4] },
    { id: 4, callFrame: js('hostcb'), children: [5] },
    { id: 5, callFrame: wasm('fib'), children: [] },
    { id: 6, callFrame: js('(idle)'), children: [] },
  ];
  const monoStartUs = 1_000_000;
  addWasmSamples({ nodes, startTime: monoStartUs, samples: [5, 5, 3, 6, 5], timeDeltas: [100, 1000, 1000, 1000, 1000] }, into, 0);
  t.equal(writeFolded(into), 'run 1\nrun;fib 3\n');
  t.equal(into.totalWeight, 4, 'the sample with no wasm frame is dropped');
  const fibRun = into.samples.find((s) => s.stack.length === 2)!;
  const runOnly = into.samples.find((s) => s.stack.length === 1)!;
  t.ok(runOnly.firstMs - fibRun.firstMs > 1.9 && runOnly.firstMs - fibRun.firstMs < 2.1, 'first-sample times follow V8 time deltas');
});
