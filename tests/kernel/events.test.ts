import t from 'tap';
import { config } from 'rxjs';
import { Engine, Linker, Module, Store, type RuntimeEvent } from '../../index.js';

const WAT = `(module (memory (export "m") 1)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "boom") unreachable))`;

t.test('lifecycle events: compiled, created, call, trap, dropped', async (t) => {
  const engine = new Engine();
  const seen: RuntimeEvent[] = [];
  const sub = engine.events.subscribe((e) => seen.push(e));
  const module = Module.fromText(engine, WAT, { name: 'ev' });
  const store = new Store(engine);
  const inst = new Linker(engine).instantiate(store, module);
  inst.getFunc('add')!.call(1, 2);
  t.throws(() => inst.getFunc('boom')!.call());
  inst.getMemory('m')!.grow(1);
  inst.dispose();
  sub.unsubscribe();
  const types = seen.map((e) => e.type);
  t.same(types, ['module.compiled', 'instance.created', 'export.call', 'export.call', 'export.call', 'trap', 'export.call', 'memory.grown', 'instance.dropped']);
  t.match(seen[0], { type: 'module.compiled', moduleName: 'ev', backend: 'interpreter' });
  t.match(seen[5], { type: 'trap', trapCode: 'UnreachableCodeReached', message: 'unreachable' });
  t.match(seen[6], { type: 'export.call', phase: 'exit', trapCode: 'UnreachableCodeReached' });
});

t.test('engine.on narrows to one event type', async (t) => {
  const engine = new Engine();
  const traps: string[] = [];
  engine.on('trap').subscribe((e) => traps.push(e.trapCode));
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  t.throws(() => inst.getFunc('boom')!.call());
  t.same(traps, ['UnreachableCodeReached']);
});

t.test('nobody listening: nothing is built', async (t) => {
  const engine = new Engine();
  t.equal(engine.bus.observed, false);
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  t.equal(inst.getFunc('add')!.call(2, 2), 4);
});

t.test('per-call events only when requested before compiling', async (t) => {
  const engine = new Engine();
  const hostCalls: string[] = [];
  engine.on('host.call').subscribe((e) => hostCalls.push(`${e.name}:${e.phase}`));
  const src = '(module (import "env" "h" (func $h)) (func (export "run") call $h))';
  const linker = new Linker(engine).defineFunc('env', 'h', '(func)', () => {});
  const before = linker.instantiate(new Store(engine), Module.fromText(engine, src));
  before.getFunc('run')!.call();
  t.same(hostCalls, [], 'not compiled in');
  engine.requestCallEvents();
  t.equal(engine.compileOptions(null).callHooks, true);
  const after = linker.instantiate(new Store(engine), Module.fromText(engine, src));
  after.getFunc('run')!.call();
  t.ok(hostCalls.length >= 2, `host calls traced: ${hostCalls.join(', ')}`);
});

t.test('a throwing subscriber never breaks the guest run nor crashes the process', async (t) => {
  t.equal(typeof config.onUnhandledError, 'function', 'the engine installed the guard');
  const engine = new Engine();
  const warnings: string[] = [];
  const onWarning = (w: Error): void => { warnings.push(w.message); };
  process.on('warning', onWarning);
  engine.events.subscribe(() => { throw new Error('subscriber bug'); });
  const others: string[] = [];
  engine.events.subscribe((e) => others.push(e.type));
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  t.equal(inst.getFunc('add')!.call(20, 22), 42, 'the guest ran to completion');
  t.ok(others.includes('export.call'), 'other subscribers still get events');
  await new Promise((r) => setTimeout(r, 20));
  process.off('warning', onWarning);
  t.ok(warnings.some((w) => /event subscriber threw.*subscriber bug/s.test(w)), 'reported as a warning');
});

t.test('an embedder handler wins over the guard', async (t) => {
  const previous = config.onUnhandledError;
  const got: unknown[] = [];
  config.onUnhandledError = (e) => got.push(e);
  try {
    const engine = new Engine();
    engine.events.subscribe(() => { throw new Error('mine'); });
    const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
    inst.getFunc('add')!.call(1, 1);
    await new Promise((r) => setTimeout(r, 20));
    t.ok(got.length > 0);
  } finally {
    config.onUnhandledError = previous;
  }
});

t.test('trap events come from the API: once per trap, nested calls and instantiation included', async (t) => {
  const engine = new Engine({ consumeFuel: true });
  const traps: string[] = [];
  engine.on('trap').subscribe((e) => traps.push(e.trapCode));
  const store = new Store(engine);
  store.setFuel(1_000_000);
  let inner: { call(): unknown } | null = null;
  const linker = new Linker(engine).defineFunc('env', 'reenter', '(func)', () => inner!.call());
  const inst = linker.instantiate(store, Module.fromText(engine, `(module (import "env" "reenter" (func $r))
    (func (export "boom") unreachable)
    (func (export "outer") call $r)
    (func (export "spin") (loop (br 0))))`));
  inner = inst.getFunc('boom')!;
  t.throws(() => inst.getFunc('outer')!.call(), { code: 'trap' });
  t.same(traps, ['UnreachableCodeReached'], 'a trap crossing two Func.calls is reported once');
  t.throws(() => new Linker(engine).instantiate(store, Module.fromText(engine, '(module (func $s unreachable) (start $s))')));
  t.same(traps, ['UnreachableCodeReached', 'UnreachableCodeReached'], 'a trapping start function is reported');
  const fuel: string[] = [];
  engine.on('fuel.exhausted').subscribe(() => fuel.push('fuel'));
  store.setFuel(1000);
  t.throws(() => inst.getFunc('spin')!.call());
  t.equal(traps[2], 'OutOfFuel');
  t.same(fuel, ['fuel'], 'fuel.exhausted once (the backend emits it)');
});

t.test('export.call enter/exit around host->wasm calls, with fuelConsumed and trapCode', async (t) => {
  const engine = new Engine({ consumeFuel: true });
  const calls: RuntimeEvent[] = [];
  engine.on('export.call').subscribe((e) => calls.push(e));
  const store = new Store(engine);
  store.setFuel(10_000);
  const linker = new Linker(engine).defineFunc('env', 'h', '(func (result i32))', () => 5);
  const inst = linker.instantiate(store, Module.fromText(engine, `(module (import "env" "h" (func $h (result i32)))
    (func (export "work") (param i32) (result i32) (local i32)
      (loop (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 1))
    (func (export "boom") unreachable))`));
  t.equal(inst.getFunc('work')!.call(10), 10);
  t.throws(() => inst.getFunc('boom')!.call());
  t.equal(await inst.getFunc('work')!.callAsync(3), 3);
  t.same(inst.getFunc('work')!.callBits([2]), [2]);
  const host = linker.instantiate(store, Module.fromText(engine, '(module (import "env" "h" (func (result i32))) )'));
  t.ok(host);
  t.match(calls, [
    { type: 'export.call', phase: 'enter', name: 'work', instanceId: inst.id, storeId: store.id, fuelConsumed: 0, trapCode: null },
    { phase: 'exit', name: 'work', trapCode: null },
    { phase: 'enter', name: 'boom' },
    { phase: 'exit', name: 'boom', trapCode: 'UnreachableCodeReached' },
    { phase: 'enter', name: 'work' }, { phase: 'exit', name: 'work', trapCode: null },
    { phase: 'enter', name: 'work' }, { phase: 'exit', name: 'work', trapCode: null },
  ]);
  t.equal(calls.length, 8);
  const exit = calls[1] as Extract<RuntimeEvent, { type: 'export.call' }>;
  t.ok(exit.fuelConsumed > 10, `fuel consumed by the call: ${exit.fuelConsumed}`);
});

t.test('host functions called by the embedder are not export calls; nothing is emitted unobserved', async (t) => {
  const engine = new Engine();
  const seen: RuntimeEvent[] = [];
  const linker = new Linker(engine).defineFunc('env', 'h', '(func (result i32))', () => 5);
  const store = new Store(engine);
  const inst = linker.instantiate(store, Module.fromText(engine, '(module (import "env" "h" (func $h (result i32))) (export "h" (func $h)) (func (export "boom") unreachable))'));
  t.equal(engine.bus.observed, false);
  t.throws(() => inst.getFunc('boom')!.call(), 'unobserved: the trap still leaves as a Trap');
  const sub = engine.events.subscribe((e) => seen.push(e));
  t.equal(inst.getFunc('h')!.call(), 5);
  sub.unsubscribe();
  t.same(seen, []);
});
