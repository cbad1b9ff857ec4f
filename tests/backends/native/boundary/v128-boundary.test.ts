/**
 * v128 values and exact float bits crossing the native backend's JS boundary, through the
 * public API, each result compared with the interpreter's on the same module.
 */
import t, { type Test } from 'tap';
import { Engine, Global, Linker, Module, Store, Trap, type Func } from '../../../../index.js';
import { nativePlugin } from '../../../../backends/native/index.js';
import type { NativeCompiledModule } from '../../../../backends/native/native-module.js';
import type { TagInstance } from '../../../../kernel/runtime/tag-instance.js';
import { WasmException } from '../../../../kernel/runtime/wasm-exception.js';

const WAT = `(module
  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (global $k (export "k") v128 (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
  (func $id (export "id") (param v128) (result v128) (local.get 0))
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "splat-f32") (param f32) (result v128) (f32x4.splat (local.get 0)))
  (func (export "lane-f64") (param v128 i32) (result f64)
    (if (result f64) (local.get 1)
      (then (f64x2.extract_lane 1 (local.get 0)))
      (else (f64x2.extract_lane 0 (local.get 0)))))
  (func (export "mixed") (param i64 v128 f32 f64 v128) (result v128 i64 f32 f64 v128)
    (local.get 4) (local.get 0) (local.get 2) (local.get 3) (local.get 1))
  (func (export "f32-id") (param f32) (result f32) (local.get 0))
  (func (export "f64-id") (param f64) (result f64) (local.get 0))
  (func (export "f32-bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f32-pair") (param i32 i32) (result f32 f32)
    (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 1)))
  (func (export "get-g") (result v128) (global.get $g))
  (func (export "set-g") (param v128) (global.set $g (local.get 0)))
  (func $boom (export "boom") (param v128) (result v128) (unreachable))
  (func (export "deep") (param v128) (result v128) (call $boom (local.get 0)))
  (func (export "loop") (param v128 i32) (result v128)
    (block (loop
      (br_if 1 (i32.eqz (local.get 1)))
      (local.set 0 (i32x4.add (local.get 0) (local.get 0)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br 0)))
    (local.get 0)))`;

function v128(...bytes: number[]): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => bytes[i % bytes.length] * (i + 1));
}

function engines(options: { consumeFuel?: boolean } = {}): { native: Engine; interp: Engine } {
  return {
    native: new Engine({ plugins: [nativePlugin], backend: 'native', ...options }),
    interp: new Engine({ ...options }),
  };
}

function instantiate(engine: Engine, wat = WAT, define?: (l: Linker, s: Store) => void) {
  const store = new Store(engine);
  const linker = new Linker(engine);
  define?.(linker, store);
  const module = Module.fromText(engine, wat);
  const instance = linker.instantiate(store, module);
  const func = (name: string): Func => instance.getFunc(name)!;
  return { store, module, instance, func };
}

const { native, interp } = engines();
const n = instantiate(native);
const i = instantiate(interp);

/** Calls `name` on both backends with `call` and `callBits`; results must agree. */
function both(tt: Test, name: string, args: unknown[]): unknown {
  const got = n.func(name).call(...args);
  tt.same(got, i.func(name).call(...args), `${name}: call agrees with the interpreter`);
  const bitsArgs = args.map((a, k) => {
    const ty = n.func(name).type.params[k];
    if (ty === 'f32') return new Uint32Array(new Float32Array([a as number]).buffer)[0];
    if (ty === 'f64') return new BigUint64Array(new Float64Array([a as number]).buffer)[0];
    return a;
  });
  tt.same(n.func(name).callBits(bitsArgs as never), i.func(name).callBits(bitsArgs as never), `${name}: callBits agrees with the interpreter`);
  return got;
}

t.test('the module the host engine gets is the original one (no rewrite for the boundary)', async (t) => {
  const compiled = n.module.compiled() as NativeCompiledModule;
  t.equal(compiled.bytes, compiled.ir.bytes);
});

t.test('v128 parameters and results cross as 16-byte Uint8Arrays', async (t) => {
  const a = v128(1, 2, 3);
  const b = v128(250, 7);
  t.same(both(t, 'id', [a]), a);
  const sum = both(t, 'add', [a, b]) as Uint8Array;
  t.type(sum, Uint8Array);
  t.equal(sum.length, 16);
  both(t, 'splat-f32', [1.5]);
  both(t, 'lane-f64', [a, 0]);
  both(t, 'lane-f64', [a, 1]);
  const mixed = both(t, 'mixed', [-5n, a, 0.25, -1e300, b]) as unknown[];
  t.same(mixed, [b, -5n, 0.25, -1e300, a], 'multi-value with v128 in several places');
  both(t, 'loop', [v128(1), 3]);
});

t.test('another backend calls a native v128 export through its invoke', async (t) => {
  const user = `(module (import "n" "add" (func $add (param v128 v128) (result v128)))
    (func (export "twice") (param v128) (result v128) (call $add (local.get 0) (local.get 0))))`;
  const caller = instantiate(interp, user, (l) => { l.define('n', 'add', n.func('add')); });
  const direct = instantiate(interp, user, (l) => { l.define('n', 'add', i.func('add')); });
  t.same(caller.func('twice').call(v128(9, 4)), direct.func('twice').call(v128(9, 4)));
});

t.test('a v128 argument that is not 16 bytes is a TypeError', async (t) => {
  t.throws(() => n.func('id').call(new Uint8Array(8)), TypeError);
  t.throws(() => n.func('id').callBits([new Uint8Array(15)]), TypeError);
});

t.test('callBits keeps signalling NaN payloads exact', async (t) => {
  for (const bits of [0x7fa00000, 0xffa00000, 0x7f80f1e2, 0x7fc00001, 0x3f800000]) {
    t.same(n.func('f32-id').callBits([bits]), [bits], `f32 0x${bits.toString(16)}`);
    t.same(n.func('f32-bits').callBits([bits]), [bits | 0], 'reaches the guest intact');
    t.same(n.func('f32-pair').callBits([bits | 0, 0x7f800001]), i.func('f32-pair').callBits([bits | 0, 0x7f800001]), 'multi-value f32 results');
  }
  for (const bits of [0x7ff4000000000000n, 0xfff0000000000001n, 0x7ff8000000000001n]) {
    t.same(n.func('f64-id').callBits([bits]), [bits], `f64 0x${bits.toString(16)}`);
  }
  const payload = new Uint8Array(16);
  new Uint32Array(payload.buffer)[1] = 0x7fa00000;
  t.same(n.func('id').callBits([payload]), [payload], 'v128 bits are bits');
});

t.test('v128 globals read and write through the API and the guest', async (t) => {
  const g = n.instance.getGlobal('g')!;
  t.same(g.value, i.instance.getGlobal('g')!.value, 'initial value as on the interpreter');
  const v = v128(9, 8, 7);
  g.value = v;
  t.same(n.func('get-g').call(), v, 'the guest sees a value set through the API');
  const w = v128(3);
  n.func('set-g').call(w);
  t.same(g.value, w, 'the API sees a value set by the guest');
  t.same(g.getBits(), w);
  t.same(n.instance.getGlobal('k')!.value, i.instance.getGlobal('k')!.value, 'immutable v128 global');
  t.throws(() => { n.instance.getGlobal('k')!.value = v; }, TypeError);
});

t.test('v128 globals are shared with the modules importing them', async (t) => {
  const user = `(module
    (import "m" "g" (global $g (mut v128)))
    (import "m" "k" (global $k v128))
    (func (export "get") (result v128) (global.get $g))
    (func (export "getk") (result v128) (global.get $k))
    (func (export "set") (param v128) (global.set $g (local.get 0))))`;
  // Globals created through the API move into the host engine; the API object follows.
  const store = new Store(native);
  const linker = new Linker(native);
  const mutable = Global.create(store, { type: 'v128', mutable: true }, v128(5));
  linker.define('m', 'g', mutable);
  linker.define('m', 'k', Global.create(store, { type: 'v128', mutable: false }, v128(6)));
  const inst = linker.instantiate(store, Module.fromText(native, user));
  t.same(inst.getFunc('get')!.call(), v128(5), 'imported mutable global');
  t.same(inst.getFunc('getk')!.call(), v128(6), 'imported immutable global');
  inst.getFunc('set')!.call(v128(11));
  t.same(mutable.value, v128(11), 'the API global sees the guest\'s write');
  mutable.value = v128(12);
  t.same(inst.getFunc('get')!.call(), v128(12), 'the guest sees the API\'s write');

  // A native module importing the globals a native instance exports: one cell.
  const other = new Linker(native);
  other.define('m', 'g', n.instance.getGlobal('g')!);
  other.define('m', 'k', n.instance.getGlobal('k')!);
  const importer = other.instantiate(n.store, Module.fromText(native, user));
  importer.getFunc('set')!.call(v128(42));
  t.same(n.func('get-g').call(), v128(42), 'the exporter sees the importer\'s write');
  t.same(importer.getFunc('getk')!.call(), n.instance.getGlobal('k')!.value);
});

t.test('host functions and other-backend functions with v128 signatures are imported', async (t) => {
  const user = `(module
    (import "host" "rev" (func $rev (param v128 i32) (result v128 i32)))
    (func (export "run") (param v128) (result v128 i32) (call $rev (local.get 0) (i32.const 7))))`;
  const seen: unknown[] = [];
  const define = (l: Linker): void => {
    l.defineFunc('host', 'rev', '(func (param v128 i32) (result v128 i32))', (_c, v: Uint8Array, k: number) => {
      seen.push(v, k);
      return [v.slice().reverse(), k * 2];
    });
  };
  const a = v128(1, 2, 3, 4, 5);
  const got = instantiate(native, user, define).func('run').call(a);
  t.same(seen, [a, 7], 'host sees the v128 as a Uint8Array');
  t.same(got, instantiate(interp, user, define).func('run').call(a), 'same results as the interpreter');

  // An interpreter function imported by a native module.
  const lib = instantiate(interp, `(module (func (export "rev") (param v128 i32) (result v128 i32)
    (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get 0) (local.get 0)) (i32.mul (local.get 1) (i32.const 2))))`);
  const mixed = instantiate(native, user, (l) => { l.define('host', 'rev', lib.func('rev')); });
  t.same(mixed.func('run').call(a), got, 'interpreter export behind the import');

  // The same function stored into a native table and reached by call_indirect.
  const tabled = instantiate(native, `(module (table (export "t") 1 funcref)
    (type $rev (func (param v128 i32) (result v128 i32)))
    (func (export "run") (param v128) (result v128 i32)
      (call_indirect (type $rev) (local.get 0) (i32.const 7) (i32.const 0))))`);
  tabled.instance.getTable('t')!.set(0, lib.func('rev'));
  t.same(tabled.func('run').call(a), got, 'interpreter export in a native table');

  const bad = instantiate(native, user, (l) => {
    l.defineFunc('host', 'rev', '(func (param v128 i32) (result v128 i32))', () => [new Uint8Array(3), 0]);
  });
  t.throws(() => bad.func('run').call(a), 'a host v128 result of the wrong size is refused');
});

t.test('traps in v128 functions keep weft codes and user-only backtraces', async (t) => {
  for (const name of ['boom', 'deep']) {
    let trap: unknown;
    try {
      n.func(name).call(v128(1));
    } catch (e) {
      trap = e;
    }
    t.type(trap, Trap, name);
    const nt = trap as Trap;
    let it: Trap | undefined;
    try { i.func(name).call(v128(1)); } catch (e) { it = e as Trap; }
    t.equal(nt.trapCode, it!.trapCode, `${name}: same trap code as the interpreter`);
    t.equal(nt.message, it!.message);
    t.same(nt.backtrace.map((f) => f.funcIndex), it!.backtrace.map((f) => f.funcIndex), `${name}: the adapter frame is not in the backtrace`);
    t.ok(nt.backtrace.every((f) => f.module === nt.backtrace[0].module));
  }
  let bitsTrap: unknown;
  try { n.func('boom').callBits([v128(1)]); } catch (e) { bitsTrap = e; }
  t.type(bitsTrap, Trap, 'callBits traps as call does');
});

t.test('fuel is charged through the v128 entry exactly as on the interpreter', async (t) => {
  const fueled = engines({ consumeFuel: true });
  const nf = instantiate(fueled.native);
  const inf = instantiate(fueled.interp);
  nf.store.setFuel(100_000);
  inf.store.setFuel(100_000);
  t.same(nf.func('loop').call(v128(1), 50), inf.func('loop').call(v128(1), 50));
  t.same(nf.func('mixed').callBits([1n, v128(2), 0x7fa00000, 0x7ff4000000000000n, v128(3)]),
    inf.func('mixed').callBits([1n, v128(2), 0x7fa00000, 0x7ff4000000000000n, v128(3)]));
  t.equal(nf.store.getFuel(), inf.store.getFuel(), 'same fuel left');
  nf.store.setFuel(10);
  t.throws(() => nf.func('loop').call(v128(1), 1000), Trap, 'runs out of fuel inside a v128 call');
});

t.test('exceptions with v128 payloads cross between native code, host functions and the embedder', async (t) => {
  const wat = `(module
    (import "host" "cb" (func $cb))
    (tag $e (export "e") (param v128 i32))
    (func (export "throw") (param v128) (throw $e (local.get 0) (i32.const 7)))
    (func (export "catch") (result v128 i32)
      (try (result v128 i32)
        (do (call $cb) (v128.const i64x2 0 0) (i32.const 0))
        (catch $e))))`;
  let toThrow: unknown = null;
  const define = (l: Linker): void => {
    l.defineFunc('host', 'cb', '(func)', () => { throw toThrow; });
  };
  const nat = instantiate(native, wat, define);
  const int = instantiate(interp, wat, define);
  const caught = (run: () => unknown): WasmException => {
    try {
      run();
    } catch (e) {
      const x = e instanceof WasmException ? e : (e as Error).cause;
      if (x instanceof WasmException) return x;
      throw e;
    }
    throw new Error('no exception');
  };
  const a = v128(3, 1);
  const fromNative = caught(() => nat.func('throw').call(a));
  const fromInterp = caught(() => int.func('throw').call(a));
  t.same(fromNative.payload, fromInterp.payload, 'uncaught: same payload as the interpreter');
  t.same(fromNative.payload, [a, 7]);
  toThrow = new WasmException(nat.instance.getExportValue('e') as TagInstance, [v128(8), 9]);
  t.same(nat.func('catch').call(), [v128(8), 9], 'a host function\'s exception is caught by native code with its v128');

  // A tag of another backend imported by native code: JS cannot create it, an adapter does.
  const lib = instantiate(interp, '(module (tag (export "e") (param v128 i32)))');
  const tag = lib.instance.getExportValue('e') as TagInstance;
  const user = instantiate(native, `(module (import "lib" "e" (tag $e (param v128 i32)))
    (func (export "throw") (param v128) (throw $e (local.get 0) (i32.const 5))))`, (l) => { l.define('lib', 'e', tag); });
  const x = caught(() => user.func('throw').call(a));
  t.equal(x.tag, tag, 'the exception carries the imported tag');
  t.same(x.payload, [a, 5]);
});
