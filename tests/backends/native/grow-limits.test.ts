/**
 * Store limits bind inside native code: `memory.grow` and `table.grow` run by V8 go through
 * weft's limiter (instrument/grow-routing.ts), with the interpreter's results, traps, callback
 * calls, events and fuel. Each scenario runs on both backends and the outcomes must be equal;
 * the expected values are asserted too, so a scenario where neither backend limits fails.
 */
import t, { type Test } from 'tap';
import { Engine, Linker, Module, Store, Trap, type Instance, type StoreLimits } from '../../../index.js';
import { NativeBackend } from '../../../backends/native/native-backend.js';
import { OFF } from './harness.js';

const PAGE = 65536;
const BACKENDS = ['interpreter', 'native'] as const;
type BackendId = (typeof BACKENDS)[number];

const GROWER = `(module
  (type $t (func (result i32)))
  (memory (export "mem") 1)
  (table $f (export "tab") 1 funcref)
  (table $e 1 externref)
  (elem declare func $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  ;; grows a page at a time until refused (at most 100): how many grew
  (func (export "fill") (result i32)
    (local $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $n) (i32.const 100)))))
    (local.get $n))
  (func (export "tgrow") (param i32) (result i32) (table.grow $f (ref.null func) (local.get 0)))
  ;; grows by 2 with $seven and calls the last new slot through the table
  (func (export "tseven") (result i32)
    (drop (table.grow $f (ref.func $seven) (i32.const 2)))
    (call_indirect $f (type $t) (i32.sub (table.size $f) (i32.const 1))))
  (func (export "egrow") (param externref i32) (result i32) (table.grow $e (local.get 0) (local.get 1)))
  (func (export "eget") (param i32) (result externref) (table.get $e (local.get 0)))
  ;; a refused grow with trapOnGrowFailure is a trap, which no catch_all catches
  (func (export "caught") (result i32)
    (try (result i32) (do (memory.grow (i32.const 1000))) (catch_all (i32.const 77)))))`;

/** What one call did: its result, or its trap (code, message, innermost frame). */
type Step = { ok: unknown } | { trap: string; message: string; at: string };

function step(fn: () => unknown): Step {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    const f = e.backtrace[0];
    return { trap: e.trapCode, message: e.message, at: f === undefined ? 'none' : `${f.funcIndex}@${f.offset}` };
  }
}

const engines = new Map<string, Engine>();
function engineFor(backend: BackendId, consumeFuel = false): Engine {
  const key = `${backend}/${consumeFuel}`;
  let e = engines.get(key);
  if (e === undefined) engines.set(key, e = new Engine({ backend, consumeFuel }));
  return e;
}

interface Run {
  readonly steps: Step[];
  /** Calls the limiter callbacks saw, in order. */
  readonly asked: string[];
}

/** Instantiates GROWER (or `wat`) under `limits` (callbacks logged) and runs `script`. */
function run(backend: BackendId, limits: StoreLimits, script: (inst: Instance, store: Store) => Step[], wat = GROWER, fuel?: number): Run {
  const asked: string[] = [];
  const logged: StoreLimits = {
    ...limits,
    memoryGrowing: (cur, want, max) => {
      asked.push(`memory ${cur}->${want} max ${max}`);
      return limits.memoryGrowing?.(cur, want, max) ?? true;
    },
    tableGrowing: (cur, want, max) => {
      asked.push(`table ${cur}->${want} max ${max}`);
      return limits.tableGrowing?.(cur, want, max) ?? true;
    },
  };
  const engine = engineFor(backend, fuel !== undefined);
  const module = Module.fromText(engine, wat);
  if (module.compiled().backend !== backend) throw new Error(`compiled on ${module.compiled().backend}`);
  const store = new Store(engine, { limits: logged });
  if (fuel !== undefined) store.setFuel(fuel);
  let inst: Instance;
  try {
    inst = new Linker(engine).instantiate(store, module);
  } catch (e) {
    return { steps: [step(() => { throw e; })], asked };
  }
  return { steps: script(inst, store), asked };
}

/** Runs on both backends, asserts they agree, and returns the native run. */
function differential(t: Test, limits: StoreLimits, script: (inst: Instance, store: Store) => Step[], wat?: string, fuel?: number): Run {
  const [interp, native] = BACKENDS.map((b) => run(b, limits, script, wat, fuel));
  t.same(native, interp, 'native agrees with the interpreter');
  return native;
}

const call = (inst: Instance, name: string, ...args: unknown[]): Step => step(() => inst.getFunc(name)!.call(...args));

t.test('maxMemoryBytes: memory.grow inside native code returns -1 past the limit', async (t) => {
  const r = differential(t, { maxMemoryBytes: 3 * PAGE }, (inst) => [
    call(inst, 'fill'), call(inst, 'size'), call(inst, 'grow', 1), call(inst, 'grow', 0), call(inst, 'grow', -1),
  ]);
  t.same(r.steps, [{ ok: 2 }, { ok: 3 }, { ok: -1 }, { ok: 3 }, { ok: -1 }], 'two pages grew, then refusals; delta 2^32-1 is -1');
});

t.test('trapOnGrowFailure: the refused grow traps with the interpreter\'s code, message and frame', async (t) => {
  const r = differential(t, { maxMemoryBytes: 2 * PAGE, maxTableElements: 2, trapOnGrowFailure: true }, (inst) => [
    call(inst, 'fill'), call(inst, 'size'), call(inst, 'tgrow', 1), call(inst, 'tgrow', 1), call(inst, 'grow', 0),
  ]);
  t.match(r.steps[0], { trap: 'AllocationTooLarge', message: 'memory.grow refused by store limits' });
  t.not((r.steps[0] as { at: string }).at, 'none', 'the trap has a wasm frame');
  t.same(r.steps[1], { ok: 2 }, 'the page before the refusal stayed');
  t.same(r.steps[2], { ok: 1 });
  t.match(r.steps[3], { trap: 'AllocationTooLarge', message: 'table.grow refused by store limits' });
  t.same(r.steps[4], { ok: 2 }, 'growing by 0 never traps');
});

t.test('a guest catch_all does not catch the trap of a refused grow', async (t) => {
  const trapping = differential(t, { maxMemoryBytes: 2 * PAGE, trapOnGrowFailure: true }, (inst) => [call(inst, 'caught')]);
  t.match(trapping.steps[0], { trap: 'AllocationTooLarge' });
  const plain = differential(t, { maxMemoryBytes: 2 * PAGE }, (inst) => [call(inst, 'caught')]);
  t.same(plain.steps, [{ ok: -1 }]);
});

t.test('grow callbacks see each request from native code and may refuse it', async (t) => {
  const r = differential(t, {
    memoryGrowing: (_cur, want) => want <= 3 * PAGE,
    tableGrowing: (_cur, want) => want <= 4,
  }, (inst) => [call(inst, 'grow', 2), call(inst, 'grow', 1), call(inst, 'tgrow', 3), call(inst, 'tgrow', 1), call(inst, 'size')]);
  t.same(r.steps, [{ ok: 1 }, { ok: -1 }, { ok: 1 }, { ok: -1 }, { ok: 3 }]);
  // (Instantiation asked first, for the minimum sizes.)
  t.same(r.asked.slice(-4), [
    `memory ${PAGE}->${3 * PAGE} max null`, `memory ${3 * PAGE}->${4 * PAGE} max null`, 'table 1->4 max null', 'table 4->5 max null',
  ]);
});

t.test('table limits on funcref and externref tables; the grown slots hold the init value', async (t) => {
  const marker = { marker: true };
  const r = differential(t, { maxTableElements: 3 }, (inst) => [
    call(inst, 'tseven'), call(inst, 'tgrow', 1),
    call(inst, 'egrow', marker, 2), call(inst, 'eget', 2), call(inst, 'egrow', null, 1),
  ]);
  t.same(r.steps, [{ ok: 7 }, { ok: -1 }, { ok: 1 }, { ok: marker }, { ok: -1 }]);
  t.equal((r.steps[3] as { ok: unknown }).ok, marker, 'the same object came back');
});

t.test('a grow in the start function obeys the limits during instantiation', async (t) => {
  const wat = `(module (memory 1) (global (export "r") (mut i32) (i32.const 5))
    (func $s (global.set 0 (memory.grow (i32.const 4)))) (start $s))`;
  const r = (limits: StoreLimits): Run => differential(t, limits, (inst) => [step(() => inst.getGlobal('r')!.value)], wat);
  t.same(r({ maxMemoryBytes: 2 * PAGE }).steps, [{ ok: -1 }]);
  t.same(r({}).steps, [{ ok: 1 }]);
  t.match(r({ maxMemoryBytes: 2 * PAGE, trapOnGrowFailure: true }).steps, [{ trap: 'AllocationTooLarge' }]);
});

t.test('fuel left after routed grows, refused or trapping, is the interpreter\'s', async (t) => {
  for (const trapOnGrowFailure of [false, true]) {
    const r = differential(t, { maxMemoryBytes: 4 * PAGE, trapOnGrowFailure }, (inst, store) => [call(inst, 'fill'), { ok: store.getFuel() }], GROWER, 10_000);
    t.ok((r.steps[1] as { ok: number }).ok < 10_000, 'fuel was charged');
  }
});

t.test('memory.grown events from native code, as on the interpreter', async (t) => {
  const events = BACKENDS.map((b) => {
    const seen: string[] = [];
    const sub = engineFor(b).on('memory.grown').subscribe((e) => seen.push(`${e.oldPages}->${e.newPages}`));
    run(b, { maxMemoryBytes: 3 * PAGE }, (inst) => [call(inst, 'fill')]);
    sub.unsubscribe();
    return seen;
  });
  t.same(events[1], events[0]);
  t.same(events[1], ['1->2', '2->3']);
});

t.test('native: the host memory cannot grow past the store limit either', async (t) => {
  const engine = engineFor('native');
  const store = new Store(engine, { limits: { maxMemoryBytes: 2 * PAGE } });
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, GROWER));
  const host = inst.getMemory('mem')!.handle.wasmMemory!;
  t.ok(host instanceof WebAssembly.Memory, 'weft owns the memory (imported from the allocator)');
  t.throws(() => host.grow(2), RangeError, 'its maximum is the limit');
  t.equal(host.grow(1), 1);
  t.equal(inst.getFunc('grow')!.call(1), -1);
});

t.test('native: a memory a module without grow defines obeys the limits when another module or the embedder grows it', async (t) => {
  const engine = engineFor('native');
  const store = new Store(engine, { limits: { maxMemoryBytes: 2 * PAGE, maxTableElements: 2 } });
  const linker = new Linker(engine);
  const owner = linker.instantiate(store, Module.fromText(engine, '(module (memory (export "mem") 1) (table (export "tab") 1 funcref))'));
  linker.defineInstance('owner', owner);
  const user = linker.instantiate(store, Module.fromText(engine, `(module
    (import "owner" "mem" (memory 1)) (import "owner" "tab" (table 1 funcref))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`));
  t.equal(user.getFunc('grow')!.call(1), 1);
  t.equal(user.getFunc('grow')!.call(1), -1, 'past maxMemoryBytes');
  t.equal(user.getFunc('tgrow')!.call(1), 1);
  t.equal(user.getFunc('tgrow')!.call(1), -1, 'past maxTableElements');
  t.throws(() => owner.getMemory('mem')!.grow(1), RangeError, 'the embedder\'s grow is refused too');
});

t.test('native rewrite: only modules with grow instructions are routed', async (t) => {
  const backend = new NativeBackend();
  const engine = engineFor('interpreter');
  const plain = Module.fromText(engine, '(module (memory (export "m") 1) (table 1 funcref) (func (export "s") (result i32) (memory.size)))').ir;
  t.equal(backend.rewrite(plain, OFF).bytes, plain.bytes, 'no grow: the original bytes');

  const out = backend.rewrite(Module.fromText(engine, GROWER).ir, OFF);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(out.bytes)).map((i) => `${i.module}.${i.name}:${i.kind}`);
  t.same(imports, [
    'weft:rt.memory_grow:function', 'weft:rt.table_grow_funcref:function', 'weft:rt.table_grow_externref:function',
    'weft:memory.0:memory', 'weft:table.0:table', 'weft:table.1:table',
  ]);
  t.same([out.layout.importedMemories, out.layout.importedTables], [1, 2]);

  // Growing only an imported memory needs nothing from the allocator.
  const importer = Module.fromText(engine, `(module (import "a" "m" (memory 1))
    (func (export "g") (result i32) (memory.grow (i32.const 1))))`);
  const routed = backend.rewrite(importer.ir, OFF);
  t.same(WebAssembly.Module.imports(new WebAssembly.Module(routed.bytes)).map((i) => `${i.module}.${i.name}`), ['a.m', 'weft:rt.memory_grow']);
  t.equal(routed.layout.importedMemories, 0);
});
