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
