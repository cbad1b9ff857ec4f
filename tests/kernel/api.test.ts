import t from 'tap';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CompileError, Engine, ExitSignal, Func, Global, Linker, LinkError, Memory, Module, Store, Trap, TrapCode, WeftError,
} from '../../index.js';

/** What `fn` threw (fails the test when it returns). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string): string => resolve(root, 'tests/kernel/fixtures', name);

const ADD = `(module $adder
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1 4)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i64) (i64.const 5))
  (global (export "k") f32 (f32.const 1.5))
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "say") (param i32) local.get 0 call $log)
  (func (export "pair") (result i32 f64) i32.const 1 f64.const 2.5)
  (elem (i32.const 0) $add))`;

function setup(config: ConstructorParameters<typeof Engine>[0] = {}) {
  const engine = new Engine(config);
  const module = Module.fromText(engine, ADD, { name: 'adder.wat' });
  const store = new Store(engine, { data: { logs: [] as number[] } });
  const linker = new Linker(engine);
  linker.defineFunc('env', 'log', '(func (param i32))', (caller, x: number) => {
    (caller.data as { logs: number[] }).logs.push(x);
  });
  return { engine, module, store, linker };
}

t.test('module imports and exports with text types', async (t) => {
  const { module } = setup();
  t.equal(module.name, 'adder.wat');
  t.same(module.imports().map((i) => `${i.module}.${i.name} ${i.text}`), ['env.log (func (param i32))']);
  t.same(module.exports().map((e) => `${e.name} ${e.text}`), [
    'mem (memory 1 4)', 'tab (table 2 funcref)', 'g (global (mut i64))', 'k (global f32)',
    'add (func (param i32 i32) (result i32))', 'add64 (func (param i64 i64) (result i64))',
    'say (func (param i32))', 'pair (func (result i32 f64))',
  ]);
});

t.test('calls: numbers, bigint, multi-value, host functions, typed funcs', async (t) => {
  const { module, store, linker } = setup();
  const inst = linker.instantiate(store, module);
  t.equal(inst.getFunc('add')!.call(2, 3), 5);
  t.equal(inst.getFunc('add')!.call(0x7fffffff, 1), -0x80000000);
  t.equal(inst.getFunc('add64')!.call(2n ** 63n - 1n, 1n), -(2n ** 63n));
  t.same(inst.getFunc('pair')!.call(), [1, 2.5]);
  inst.getFunc('say')!.call(42);
  t.same(store.data.logs, [42]);
  const add = inst.getTypedFunc<[number, number], number>('add', '(func (param i32 i32) (result i32))');
  t.equal(add.call(40, 2), 42);
  t.throws(() => inst.getTypedFunc('add', '(func (param i32))'), { name: 'TypeError', message: 'export add: expected (func (param i32)), got (func (param i32 i32) (result i32))' });
  t.throws(() => inst.getFunc('add')!.call(1), { name: 'TypeError', message: /add: expected 2 arguments/ });
  t.throws(() => inst.getFunc('add')!.call(1, 'x'), { name: 'TypeError', message: 'add: argument 2 (i32) must be a number, got string' });
  t.throws(() => inst.getFunc('add64')!.call(1, 2n), { name: 'TypeError', message: 'add64: argument 1 (i64) must be a bigint, got number' });
  t.equal(await inst.getFunc('add')!.callAsync(1, 2), 3);
});

t.test('memory, table and global wrappers', async (t) => {
  const { module, store, linker } = setup();
  const inst = linker.instantiate(store, module);
  const mem = inst.getMemory('mem')!;
  t.ok(mem instanceof Memory);
  t.equal(mem.size, 1);
  mem.write(10, [1, 2, 3]);
  t.same([...mem.read(10, 3)], [1, 2, 3]);
  const buf = mem.buffer;
  t.equal(mem.grow(2), 1);
  t.equal(mem.size, 3);
  t.equal(mem.buffer, buf, 'the guard-page allocator never moves a memory');
  t.equal(mem.data.length, 3 * 65536);
  t.throws(() => mem.grow(2), RangeError);
  t.throws(() => mem.read(3 * 65536 - 1, 2), RangeError);
  const tab = inst.getTable('tab')!;
  t.equal(tab.size, 2);
  const f = tab.get(0) as Func;
  t.ok(f instanceof Func);
  t.equal(f.call(1, 1), 2);
  t.equal(tab.get(0), inst.getFunc('add'), 'one wrapper per function');
  t.equal(tab.get(1), null);
  tab.set(1, f);
  t.equal(tab.get(1), f);
  const g = inst.getGlobal('g')!;
  t.equal(g.value, 5n);
  g.value = 7n;
  t.equal(g.value, 7n);
  const k = inst.getGlobal('k') as Global;
  t.equal(k.value, 1.5);
  t.throws(() => { k.value = 2; }, { name: 'TypeError', message: /immutable global/ });
});

t.test('link errors are precise', async (t) => {
  const { engine, module, store } = setup();
  t.throws(() => new Linker(engine).instantiate(store, module), { name: 'LinkError', message: 'unknown import: env.log has not been defined' });
  const wrong = new Linker(engine).defineFunc('env', 'log', '(func)', () => {});
  t.throws(() => wrong.instantiate(store, module), { name: 'LinkError', message: 'import env.log: expected (func (param i32)), got (func)' });
  const mem = new Linker(engine).define('env', 'log', Memory.create(store, { min: 1 }));
  t.throws(() => mem.instantiate(store, module), { message: 'import env.log: expected (func (param i32)), got a memory (memory 1)' });
  // Memory limits subsumption.
  const needsMem = Module.fromText(engine, '(module (import "env" "m" (memory 2 3)))');
  const small = new Linker(engine).define('env', 'm', Memory.create(store, { min: 1, max: 3 }));
  t.throws(() => small.instantiate(store, needsMem), { message: 'import env.m: expected (memory 2 3), got (memory 1 3)' });
  const unbounded = new Linker(engine).define('env', 'm', Memory.create(store, { min: 2 }));
  t.throws(() => unbounded.instantiate(store, needsMem), { message: 'import env.m: expected (memory 2 3), got (memory 2)' });
  const ok = new Linker(engine).define('env', 'm', Memory.create(store, { min: 2, max: 2 }));
  t.ok(ok.instantiate(store, needsMem));
  // Global mutability.
  const needsGlobal = Module.fromText(engine, '(module (import "env" "g" (global (mut i32))))');
  const constG = Global.create(store, { type: 'i32', mutable: false }, 1);
  t.throws(() => new Linker(engine).define('env', 'g', constG).instantiate(store, needsGlobal),
    { message: 'import env.g: expected (global (mut i32)), got (global i32)' });
  t.ok(LinkError);
});

t.test('linking another instance by name; shadowing rules', async (t) => {
  const { engine, module, store, linker } = setup();
  const a = linker.instantiate(store, module);
  linker.defineInstance('adder', a);
  const user = Module.fromText(engine, `(module (import "adder" "add" (func $add (param i32 i32) (result i32)))
    (func (export "twice") (param i32) (result i32) local.get 0 local.get 0 call $add))`);
  t.equal(linker.instantiate(store, user).getFunc('twice')!.call(21), 42);
  t.throws(() => linker.defineFunc('env', 'log', '(func (param i32))', () => {}),
    { name: 'LinkError', message: 'env.log is already defined (call linker.allowShadowing(true) to redefine it)' });
  const seen: number[] = [];
  linker.allowShadowing(true).defineFunc('env', 'log', '(func (param i32))', (_c, x: number) => { seen.push(x); });
  linker.instantiate(store, module).getFunc('say')!.call(9);
  t.same(seen, [9]);
});

t.test('traps carry code, spec message and a named backtrace', async (t) => {
  const engine = new Engine();
  const m = await Module.fromFile(engine, fixture('counter.wasm'));
  t.equal(m.name, 'counter.wasm');
  const inst = new Linker(engine).instantiate(new Store(engine), m);
  t.equal(inst.getFunc('bump')!.call(), 1);
  t.equal(inst.getFunc('bump')!.call(), 2);
  t.equal(inst.getGlobal('n')!.value, 2);
  const trap = t.throws(() => inst.getFunc('outer')!.call()) as unknown as Trap;
  t.ok(trap instanceof Trap);
  t.equal(trap.trapCode, TrapCode.UnreachableCodeReached);
  t.equal(trap.message, 'unreachable');
  t.match(trap.backtrace.map((f) => f.funcName), ['crash', 'outer']);
  t.match(trap.formatBacktrace(), /crash/);
  const text = await Module.fromFile(engine, fixture('counter.wat'));
  t.same(text.exports().map((e) => e.name), ['n', 'bump', 'crash', 'outer']);
});

t.test('host errors become HostError traps; exits and traps pass through', async (t) => {
  const engine = new Engine();
  const m = Module.fromText(engine, `(module (import "env" "h" (func $h))
    (func (export "run") call $h))`);
  const boom = new Error('boom');
  let thrown: unknown = boom;
  const linker = new Linker(engine).defineFunc('env', 'h', '(func)', () => { throw thrown; });
  const inst = linker.instantiate(new Store(engine), m);
  const run = inst.getFunc('run')!;
  const e1 = t.throws(() => run.call()) as unknown as Trap;
  t.equal(e1.trapCode, TrapCode.HostError);
  t.equal(e1.cause, boom);
  t.match(e1.message, /boom/);
  thrown = new ExitSignal(3);
  t.match(caught(() => run.call()), { exitCode: 3 });
  thrown = 'a string';
  t.throws(() => run.call(), { trapCode: TrapCode.HostError, cause: 'a string' });
  thrown = new RangeError('Maximum call stack size exceeded');
  t.match(caught(() => run.call()), { trapCode: TrapCode.StackOverflow });
});

t.test('deep recursion is a StackOverflow trap, not a RangeError', async (t) => {
  const engine = new Engine();
  const m = Module.fromText(engine, '(module (func $f (export "f") call $f))');
  const inst = new Linker(engine).instantiate(new Store(engine), m);
  t.throws(() => inst.getFunc('f')!.call(), { trapCode: TrapCode.StackOverflow, message: 'call stack exhausted' });
});

t.test('fuel', async (t) => {
  const loop = '(module (func (export "spin") (param i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)))';
  const plain = new Engine();
  const s0 = new Store(plain);
  t.throws(() => s0.setFuel(10), { code: 'fuel_disabled' });
  t.throws(() => s0.getFuel(), { code: 'fuel_disabled' });
  const engine = new Engine({ consumeFuel: true });
  const store = new Store(engine);
  store.setFuel(10_000);
  t.equal(store.getFuel(), 10_000);
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, loop));
  inst.getFunc('spin')!.call(10);
  const left = store.getFuel();
  t.ok(left < 10_000 && left > 0, `fuel consumed (${left} left)`);
  store.setFuel(2);
  t.match(caught(() => inst.getFunc('spin')!.call(1)), { trapCode: TrapCode.OutOfFuel });
  t.throws(() => store.setFuel(-1), RangeError);
});

t.test('epoch deadline interrupts', async (t) => {
  const engine = new Engine({ epochInterruption: true });
  const store = new Store(engine);
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, '(module (func (export "spin") (loop $l br $l)))'));
  store.setEpochDeadline(1);
  engine.incrementEpoch();
  t.match(caught(() => inst.getFunc('spin')!.call()), { trapCode: TrapCode.Interrupt });
  t.throws(() => new Store(new Engine()).setEpochDeadline(1), { code: 'epoch_disabled' });
});

t.test('store limits', async (t) => {
  const engine = new Engine();
  const m = Module.fromText(engine, '(module (memory (export "m") 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))');
  const store = new Store(engine, { limits: { maxMemoryBytes: 2 * 65536, maxInstances: 1 } });
  const inst = new Linker(engine).instantiate(store, m);
  t.equal(inst.getFunc('grow')!.call(1), 1);
  t.equal(inst.getFunc('grow')!.call(1), -1, 'refused by maxMemoryBytes');
  t.throws(() => new Linker(engine).instantiate(store, m), { code: 'resource_limit', message: /too many instances/ });
  const asked: number[][] = [];
  const s2 = new Store(engine, { limits: { memoryGrowing: (cur, want) => { asked.push([cur, want]); return want <= 3 * 65536; } } });
  const i2 = new Linker(engine).instantiate(s2, m);
  t.equal(i2.getFunc('grow')!.call(2), 1);
  t.equal(i2.getFunc('grow')!.call(1), -1);
  t.same(asked.slice(-2), [[65536, 3 * 65536], [3 * 65536, 4 * 65536]]);
  const big = Module.fromText(engine, '(module (memory 5))');
  t.throws(() => new Linker(engine).instantiate(new Store(engine, { limits: { maxMemoryBytes: 65536 } }), big),
    { code: 'resource_limit', message: 'memory minimum size of 5 pages exceeds memory limits' });
});

t.test('dispose', async (t) => {
  const { module, store, linker } = setup();
  const inst = linker.instantiate(store, module);
  const mem = inst.getMemory('mem')!;
  inst.dispose();
  inst.dispose();
  t.ok(inst.isDisposed);
  t.equal(mem.buffer.byteLength, 0, 'memory released');
  const inst2 = linker.instantiate(store, module);
  {
    using s = store;
    t.ok(s);
  }
  t.ok(store.isDisposed);
  t.ok(inst2.isDisposed, 'store disposes its instances');
  t.throws(() => inst2.getFunc('add')!.call(1, 2), { code: 'store_disposed' });
  t.throws(() => linker.instantiate(store, module), { code: 'store_disposed' });
});

t.test('compile errors and validation', async (t) => {
  const engine = new Engine();
  t.equal(Module.validate(engine, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), true);
  t.equal(Module.validate(engine, new Uint8Array([1, 2, 3])), false);
  t.throws(() => Module.fromBytes(engine, new Uint8Array([1, 2, 3])), CompileError);
  t.throws(() => Module.fromText(engine, '(module (func (result i32)))'), CompileError);
  const a = Module.fromText(engine, ADD);
  const b = Module.fromText(engine, ADD);
  t.equal(a.ir, b.ir, 'same bytes: decoded once per engine');
  t.equal(a.compiled(), b.compiled(), 'and compiled once per option set');
  t.ok(WeftError);
});

t.test('async host functions with callAsync', async (t) => {
  const engine = new Engine();
  const m = Module.fromText(engine, `(module (import "env" "fetch" (func $f (param i32) (result i32)))
    (func (export "run") (param i32) (result i32) local.get 0 call $f i32.const 1 i32.add))`);
  const linker = new Linker(engine).defineFunc('env', 'fetch', '(func (param i32) (result i32))',
    async (_c, x: number) => { await new Promise((r) => setTimeout(r, 1)); return x * 10; });
  const inst = linker.instantiate(new Store(engine), m);
  t.equal(await inst.getFunc('run')!.callAsync(4), 41);
  t.throws(() => inst.getFunc('run')!.call(4), { trapCode: TrapCode.HostError, message: /callAsync/ });
});

t.test('host-created tables and globals hold Funcs', async (t) => {
  const { engine, module, store, linker } = setup();
  const inst = linker.instantiate(store, module);
  const add = inst.getFunc('add')!;
  const { Table } = await import('../../index.js');
  const tab = Table.create(store, { element: { kind: 'ref', nullable: true, heap: 'func' }, limits: { min: 2, max: 4 }, address: 'i32' }, add);
  t.equal(tab.get(1), add);
  t.equal(tab.grow(2), 2);
  t.throws(() => tab.grow(1), RangeError);
  const g = Global.create(store, { type: 'i32', mutable: true }, 3);
  g.value = 4;
  const user = Module.fromText(engine, '(module (import "h" "g" (global (mut i32))) (import "h" "t" (table 1 funcref)) (func (export "v") (result i32) global.get 0))');
  const i2 = new Linker(engine).define('h', 'g', g).define('h', 't', tab).instantiate(store, user);
  t.equal(i2.getFunc('v')!.call(), 4);
});
