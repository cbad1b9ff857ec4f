/**
 * Interpreter and native instances in one store, through the embedding API: each imports the
 * other's functions, memories, tables, globals and tags, and exceptions and traps cross the
 * boundary in both directions.
 */
import t from 'tap';
import { Engine, Func, Linker, Memory, Module, Store, type Instance } from '../../../index.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { TagInstance } from '../../../kernel/runtime/tag-instance.js';
import { WasmException } from '../../../kernel/runtime/wasm-exception.js';
import { memoryToHost } from '../../../backends/native/host-externs.js';

type Backend = 'interpreter' | 'native';
const BOTH: readonly (readonly [Backend, Backend])[] = [['interpreter', 'native'], ['native', 'interpreter']];

function setup() {
  const engine = new Engine({ backend: 'auto' });
  const store = new Store(engine);
  const linker = new Linker(engine);
  const load = (backend: Backend, text: string, register?: string): Instance => {
    const module = Module.fromText(engine, text, { backend });
    t.equal(module.backendChoice().backend, backend);
    const inst = linker.instantiate(store, module);
    if (register !== undefined) linker.defineInstance(register, inst);
    return inst;
  };
  return { engine, store, linker, load };
}

const call = (inst: Instance, name: string, ...args: unknown[]): unknown => inst.getFunc(name)!.call(...args);

for (const [owner, user] of BOTH) {
  t.test(`memory defined on ${owner}, imported on ${user}`, async (t) => {
    const { load } = setup();
    const a = load(owner, `(module
      (memory (export "mem") 1 4)
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size)))`, 'a');
    call(a, 'store', 8, 1234);
    const b = load(user, `(module
      (import "a" "mem" (memory 1 4))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size)))`);
    t.equal(call(b, 'load', 8), 1234, 'contents written before linking are there');
    call(b, 'store', 16, -7);
    t.equal(call(a, 'load', 16), -7, 'a write by the importer is seen by the owner');
    call(a, 'store', 24, 99);
    t.equal(call(b, 'load', 24), 99, 'and the reverse');
    t.equal(call(b, 'grow', 1), 1, 'importer grows');
    t.equal(call(a, 'size'), 2, 'owner sees the new size');
    call(a, 'store', 65536 + 4, 5);
    t.equal(call(b, 'load', 65536 + 4), 5, 'new page shared');
    t.equal(call(a, 'grow', 1), 2, 'owner grows');
    t.equal(call(b, 'size'), 3);
    t.equal(call(b, 'grow', 2), -1, 'maximum enforced for both');
    t.equal(a.getMemory('mem')!.size, 3, 'API view agrees');
    a.getMemory('mem')!.write(100, [1, 2, 3, 4]);
    t.equal(call(b, 'load', 100), 0x04030201, 'API writes reach both');
    const e = t.throws(() => call(b, 'load', 3 * 65536)) as unknown as Trap;
    t.equal(e.trapCode, TrapCode.MemoryOutOfBounds);
  });

  t.test(`table defined on ${owner}, imported on ${user}`, async (t) => {
    const { load } = setup();
    const a = load(owner, `(module
      (type $r (func (result i32)))
      (table (export "tab") 4 8 funcref)
      (elem (i32.const 0) $seven)
      (func $seven (result i32) (i32.const 7))
      (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
      (func (export "size") (result i32) (table.size)))`, 'a');
    const b = load(user, `(module
      (type $r (func (result i32)))
      (import "a" "tab" (table 4 8 funcref))
      (elem (i32.const 1) $nine)
      (func $nine (result i32) (i32.const 9))
      (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
      (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`);
    for (const inst of [a, b]) {
      t.equal(call(inst, 'call', 0), 7, "owner's function through either instance");
      t.equal(call(inst, 'call', 1), 9, "importer's function through either instance");
      const e = t.throws(() => call(inst, 'call', 2)) as unknown as Trap;
      t.equal(e.trapCode, TrapCode.IndirectCallToNull, 'null entry');
    }
    t.equal(call(b, 'grow', 2), 4);
    t.equal(call(a, 'size'), 6, 'growth seen by the owner');
    const table = a.getTable('tab')!;
    t.equal(table.size, 6);
    t.equal((table.get(1) as Func).call(), 9, 'API reads a function the other backend stored');
    table.set(5, table.get(0));
    t.equal(call(b, 'call', 5), 7, 'API writes are seen by both');
    t.equal(call(a, 'call', 5), 7);
  });

  t.test(`functions and globals across: ${owner} ⇄ ${user}`, async (t) => {
    const { load } = setup();
    const a = load(owner, `(module
      (global (export "g") (mut i32) (i32.const 1))
      (global (export "f") (mut funcref) (ref.null func))
      (func $double (export "double") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 2)))
      (func (export "set-f") (global.set 1 (ref.func $double)))
      (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))`, 'a');
    const b = load(user, `(module
      (type $d (func (param i64) (result i64)))
      (import "a" "double" (func $double (param i64) (result i64)))
      (import "a" "g" (global $g (mut i32)))
      (import "a" "f" (global $f (mut funcref)))
      (table 1 funcref)
      (func (export "quad") (param i64) (result i64) (call $double (call $double (local.get 0))))
      (func (export "g") (result i32) (global.get $g))
      (func (export "set-g") (param i32) (global.set $g (local.get 0)))
      (func (export "via-f") (param i64) (result i64)
        (table.set (i32.const 0) (global.get $f))
        (call_indirect (type $d) (local.get 0) (i32.const 0))))`);
    t.equal(call(b, 'quad', 5n), 20n);
    call(a, 'bump');
    t.equal(call(b, 'g'), 2, 'mutable global shared');
    call(b, 'set-g', 40);
    call(a, 'bump');
    t.equal(a.getGlobal('g')!.value, 41);
    call(a, 'set-f');
    t.equal(call(b, 'via-f', 21n), 42n, 'a funcref global set by one backend, called by the other');
  });
}

t.test('exceptions cross in both directions and stay wasm exceptions at the API', async (t) => {
  for (const [thrower, catcher] of BOTH) {
    const { load } = setup();
    const a = load(thrower, `(module
      (tag $e (export "e") (param i32 i64))
      (func (export "throw") (param i32) (throw $e (local.get 0) (i64.const 77))))`, 'a');
    const b = load(catcher, `(module
      (import "a" "e" (tag $e (param i32 i64)))
      (import "a" "throw" (func $throw (param i32)))
      (func (export "payload") (param i32) (result i32 i64)
        (try (result i32 i64)
          (do (call $throw (local.get 0)) (i32.const 0) (i64.const 0))
          (catch $e)))
      (func (export "rethrow") (param i32)
        (try (do (call $throw (local.get 0))) (catch_all (rethrow 0)))))`);
    t.same(call(b, 'payload', 5), [5, 77n], `${thrower} throw caught by ${catcher} with its payload`);
    const e = t.throws(() => call(b, 'rethrow', 6)) as unknown as WasmException;
    t.type(e, WasmException, 'rethrown to the API: a WasmException, not a host error');
    t.equal(e.tag, a.getExportValue('e') as TagInstance, 'with the exported tag');
    t.same(e.payload, [6, 77n]);
    const direct = t.throws(() => call(a, 'throw', 3)) as unknown as WasmException;
    t.type(direct, WasmException);
    t.same(direct.payload, [3, 77n]);
  }
});

t.test('a host function throwing a WasmException is caught by native code', async (t) => {
  const { engine, load, linker } = setup();
  const tagModule = load('interpreter', '(module (tag (export "e") (param i32)))', 't');
  const tag = tagModule.getExportValue('e') as TagInstance;
  linker.defineFunc('host', 'fail', '(func (param i32))', (_c, x: number) => { throw new WasmException(tag, [x * 2]); });
  const n = load('native', `(module
    (import "t" "e" (tag $e (param i32)))
    (import "host" "fail" (func $fail (param i32)))
    (func (export "run") (param i32) (result i32)
      (try (result i32) (do (call $fail (local.get 0)) (i32.const -1)) (catch $e))))`);
  t.equal(call(n, 'run', 21), 42);
  void engine;
});

t.test('traps cross the boundary with their code and stop at the API', async (t) => {
  for (const [callee, caller] of BOTH) {
    const { load } = setup();
    load(callee, '(module (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))', 'a');
    const b = load(caller, `(module
      (import "a" "div" (func $div (param i32 i32) (result i32)))
      (func (export "run") (param i32) (result i32) (call $div (i32.const 1) (local.get 0))))`);
    t.equal(call(b, 'run', 1), 1);
    const e = t.throws(() => call(b, 'run', 0)) as unknown as Trap;
    t.type(e, Trap);
    t.equal(e.trapCode, TrapCode.IntegerDivisionByZero, `${callee} trap through a ${caller} caller`);
  }
});

t.test('shared memories: created host-backed in an engine with the native backend; others cannot move', async (t) => {
  const { load, linker, store } = setup();
  const shared = Memory.create(store, { min: 1, max: 1, shared: true });
  t.ok(shared.buffer instanceof SharedArrayBuffer);
  linker.define('a', 'm', shared);
  const n = load('native', `(module (import "a" "m" (memory 1 1 shared))
    (func (export "add") (param i32) (result i32)
      (i32.load (i32.const 0))
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get 0)))))`);
  t.equal(call(n, 'add', 5), 0);
  t.equal(call(n, 'add', 1), 5);
  t.equal(new Int32Array(shared.buffer)[0], 6, 'the embedder sees the writes');
  // A shared memory on plain buffers (an engine without the native backend) cannot move.
  const fixed = Memory.create(new Store(new Engine({ backend: 'interpreter' })), { min: 1, max: 1, shared: true });
  t.throws(() => memoryToHost(fixed.handle, 'import a.m'), /shared memory of another backend/);
});

t.test('fuel: a native → interpreter call through a table charges as on the interpreter alone', async (t) => {
  const owner = `(module
    (type $w (func (param i32) (result i32)))
    (table (export "tab") 1 funcref)
    (elem (i32.const 0) $work)
    (func $work (param i32) (result i32) (local i32)
      (block (loop (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
      (local.get 1)))`;
  const user = `(module
    (type $w (func (param i32) (result i32)))
    (import "a" "tab" (table 1 funcref))
    (func (export "run") (param i32) (result i32)
      (i32.add (call_indirect (type $w) (local.get 0) (i32.const 0)) (call_indirect (type $w) (local.get 0) (i32.const 0)))))`;
  const consumed = (userBackend: Backend): { result: unknown; fuel: number } => {
    const engine = new Engine({ backend: 'auto', consumeFuel: true });
    const store = new Store(engine);
    store.setFuel(1_000_000);
    const linker = new Linker(engine);
    linker.defineInstance('a', linker.instantiate(store, Module.fromText(engine, owner, { backend: 'interpreter' })));
    const inst = linker.instantiate(store, Module.fromText(engine, user, { backend: userBackend }));
    const result = inst.getFunc('run')!.call(100);
    return { result, fuel: 1_000_000 - store.getFuel() };
  };
  const alone = consumed('interpreter');
  const mixed = consumed('native');
  t.equal(mixed.result, 10100);
  t.same(mixed, alone, 'same result, same fuel');
  t.ok(alone.fuel > 600, 'the interpreter part was charged');
});

t.test('instance.created names each instance\'s own backend', async (t) => {
  const engine = new Engine({ backend: 'auto' });
  const seen: string[] = [];
  const sub = engine.events.subscribe((e) => {
    if (e.type === 'instance.created') seen.push(e.backend);
  });
  const store = new Store(engine);
  const linker = new Linker(engine);
  for (const backend of ['interpreter', 'native', 'interpreter'] as const) {
    linker.instantiate(store, Module.fromText(engine, '(module (func (export "f")))', { backend }));
  }
  sub.unsubscribe();
  t.same(seen, ['interpreter', 'native', 'interpreter']);
});

t.test('an exception with a tag private to a native instance survives a trip through the interpreter', async (t) => {
  const { load } = setup();
  const inner = load('native', `(module
    (type $cb (func (param i32)))
    (tag $secret (param i32))
    (table (export "cb") 1 funcref)
    (func (export "throw") (param i32) (throw $secret (local.get 0)))
    (func (export "catch-via") (param i32) (result i32)
      (try (result i32)
        (do (call_indirect (type $cb) (local.get 0) (i32.const 0)) (i32.const -1))
        (catch $secret))))`, 'inner');
  const mid = load('interpreter', `(module
    (import "inner" "throw" (func $throw (param i32)))
    (func (export "pass") (param i32) (try (do (call $throw (local.get 0))) (catch_all (rethrow 0)))))`);
  inner.getTable('cb')!.set(0, mid.getFunc('pass')!);
  t.equal(call(inner, 'catch-via', 3), 3, 'native → interpreter → native throw, rethrown by the interpreter, caught by its own tag with its payload');
  const e = t.throws(() => call(mid, 'pass', 4)) as unknown as WasmException;
  t.type(e, WasmException, 'at the API: a wasm exception (its tag unknown to weft)');
});
