/**
 * The interpreter's sampling hook: `IOp.Sample` is compiled in at function entry and at every
 * loop header only with `CompileOptions.sampling`; without it the translated code is exactly
 * what it is with the option absent. With a guest profiler attached, samples are taken with no
 * per-call events requested.
 */
import t from 'tap';
import { ContainerModule, Engine, EventSink, Linker, Module, Store, type WeftPlugin } from '../../../index.js';
import { InterpreterBackend, type InterpModule } from '../../../backends/interpreter/index.js';
import { IOp } from '../../../backends/interpreter/internal-ops.js';
import type { CompileOptions } from '../../../kernel/contracts/backend.js';
import { GuestProfiler, writeFolded } from '../../../profiler/guest/index.js';

const WAT = `(module $s
  (func $spin (param i32) (result i32) (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.add (local.get $a) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (loop $m
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $m (i32.gt_s (local.get $i) (i32.const 0))))
    (local.get $a))
  (func $leaf (result i32) (i32.const 7))
  (func $run (export "run") (param i32) (result i32)
    (i32.add (call $spin (local.get 0)) (call $leaf))))`;

const LOOPS = [2, 0, 0];

function translated(options: CompileOptions): Int32Array[] {
  const engine = new Engine();
  const ir = Module.fromText(engine, WAT).ir;
  const m = new InterpreterBackend().compile(ir, options) as InterpModule;
  m.translateAll();
  return m.codes.map((fc) => Int32Array.from(fc.code));
}

const BASE: CompileOptions = { fuel: false, epoch: false, callHooks: false, moduleName: null };

for (const extra of [{}, { fuel: true }, { epoch: true }, { fuel: true, epoch: true }]) {
  const label = Object.keys(extra).join('+') || 'plain';
  t.test(`sampling off leaves the code as it was (${label})`, async (t) => {
    const absent = translated({ ...BASE, ...extra });
    const off = translated({ ...BASE, ...extra, sampling: false });
    t.same(off.map((c) => [...c]), absent.map((c) => [...c]), 'identical code');
  });
  t.test(`sampling on adds one Sample at entry and per loop (${label})`, async (t) => {
    const off = translated({ ...BASE, ...extra });
    const on = translated({ ...BASE, ...extra, sampling: true });
    on.forEach((code, i) => {
      t.equal(code.length - off[i].length, 1 + LOOPS[i], `function ${i}: ${1 + LOOPS[i]} one-word Sample ops`);
      t.ok([...code.subarray(0, 3)].includes(IOp.Sample), `function ${i}: samples at entry`);
    });
  });
}

t.test('a guest profile on the interpreter needs no per-call events', async (t) => {
  const profiler = new GuestProfiler({ intervalMs: 1 });
  const plugin: WeftPlugin = {
    id: 'guest', version: '0', provides: ['event-sink'],
    module: () => new ContainerModule(({ bind }) => { bind<EventSink>(EventSink).toConstantValue(profiler); }),
  };
  const engine = new Engine({ backend: 'interpreter', plugins: [plugin] });
  t.equal(engine.bus.callEventsRequested, false, 'no call events requested');
  t.equal(engine.compileOptions(null).sampling, true, 'modules compile with sampling');
  let calls = 0;
  engine.events.subscribe((e) => { if (e.type === 'call.enter') calls++; });
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  // Until 20 ticks are charged (the ticker thread may take a while to boot on a busy machine).
  const t0 = performance.now();
  while (profiler.profile.totalWeight < 20 && performance.now() - t0 < 10_000) inst.getFunc('run')!.call(100000);
  await engine.dispose();
  t.equal(calls, 0, 'no call.enter events were emitted');
  const folded = writeFolded(profiler.profile);
  t.ok(profiler.profile.totalWeight >= 20, `${profiler.profile.totalWeight} ticks charged`);
  t.match(folded, /^run;spin \d+$/m, folded);
  t.equal(engine.compileOptions(null).sampling, false, 'the hook is removed when the profiler detaches');
});
