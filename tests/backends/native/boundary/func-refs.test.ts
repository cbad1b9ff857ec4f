/**
 * Function references in calls across the native backend's JS boundary (exports, imports,
 * exact-bits calls, with and without v128), through the public API, against the interpreter.
 */
import t from 'tap';
import { Engine, Linker, Module, Store, type Func } from '../../../../index.js';
import { nativePlugin } from '../../../../backends/native/index.js';
import { FuncInstance } from '../../../../kernel/runtime/func-instance.js';

const WAT = `(module
  (import "host" "pick" (func $pick (param funcref i32) (result funcref)))
  (type $ret (func (result i32)))
  (table $t 1 funcref)
  (func $five (export "five") (result i32) (i32.const 5))
  (func (export "id") (param funcref) (result funcref) (local.get 0))
  (func (export "invoke") (param funcref) (result i32)
    (table.set $t (i32.const 0) (local.get 0))
    (call_indirect (type $ret) (i32.const 0)))
  (func (export "through-host") (param funcref) (result i32)
    (table.set $t (i32.const 0) (call $pick (local.get 0) (i32.const 1)))
    (call_indirect (type $ret) (i32.const 0)))
  (func (export "mixed") (param f32 funcref v128) (result v128 funcref f32)
    (local.get 2) (local.get 1) (local.get 0)))`;

interface Side {
  readonly func: (name: string) => Func;
  readonly seen: unknown[];
}

function side(engine: Engine, seven: Func | null): Side {
  const store = new Store(engine);
  const linker = new Linker(engine);
  const seen: unknown[] = [];
  linker.defineFunc('host', 'pick', '(func (param funcref i32) (result funcref))', (_c, f: unknown, k: number) => {
    seen.push(f);
    return k === 1 && seven !== null ? seven : f;
  });
  const inst = linker.instantiate(store, Module.fromText(engine, WAT));
  return { func: (name) => inst.getFunc(name)!, seen };
}

function seventh(engine: Engine): Func {
  const store = new Store(engine);
  const linker = new Linker(engine);
  return linker.instantiate(store, Module.fromText(engine, '(module (func (export "seven") (result i32) (i32.const 7)))')).getFunc('seven')!;
}

const native = new Engine({ plugins: [nativePlugin], backend: 'native' });
const interp = new Engine({});
const n = side(native, seventh(native));
const i = side(interp, seventh(interp));

t.test('a funcref argument and result keep their identity', async (t) => {
  const five = n.func('five');
  const back = n.func('id').call(five) as Func;
  t.equal(back.handle, five.handle, 'the same function comes back');
  t.equal(n.func('id').call(null), null);
  t.equal(n.func('invoke').call(five), i.func('invoke').call(i.func('five')), 'callable from the table');
});

t.test('functions of other backends and host functions pass through as funcrefs', async (t) => {
  t.equal(n.func('invoke').call(i.func('five')), 5, 'an interpreter function called by native code');
  t.equal(n.func('through-host').call(n.func('five')), 7, 'a host function returns a funcref to native code');
  t.type(n.seen[0], FuncInstance, 'the host function receives a FuncInstance, as on the interpreter');
  i.func('through-host').call(i.func('five'));
  t.equal((n.seen[0] as FuncInstance).name, (i.seen[0] as FuncInstance).name);
});

t.test('funcrefs mixed with v128 and exact f32 bits', async (t) => {
  const five = n.func('five');
  const v = Uint8Array.from({ length: 16 }, (_, k) => k * 3);
  const r = n.func('mixed').call(1.5, five, v) as unknown[];
  t.same(r[0], v);
  t.equal((r[1] as Func).handle, five.handle);
  t.equal(r[2], 1.5);
  const bits = n.func('mixed').callBits([0x7fa00000, five, v]);
  t.same(bits[0], v);
  t.equal((bits[1] as Func).handle, five.handle);
  t.equal(bits[2], 0x7fa00000, 'signalling NaN intact next to a funcref');
});
