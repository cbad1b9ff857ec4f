import t from 'tap';
import { Engine, Func, Global, Linker, Module, Store } from '../../index.js';

const WAT = `(module
  (func (export "id32") (param f32) (result f32) local.get 0)
  (func (export "id64") (param f64) (result f64) local.get 0)
  (func (export "bits32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "from32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "from64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
  (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "mixed") (param i32 i64 v128 f64) (result f64 v128 i64 i32)
    local.get 3 local.get 2 local.get 1 local.get 0)
  (func $f (export "f") (result funcref) (ref.func $f))
  (global (export "g32") (mut f32) (f32.const 1.5))
  (global (export "g64") f64 (f64.const -2)))`;

const SNAN32 = 0x7fa00000;
const SNAN64 = 0x7ff4000000000000n;

t.test('Func.callBits keeps signalling-NaN payloads in both directions', async (t) => {
  const engine = new Engine();
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  const f = (n: string) => inst.getFunc(n)!;
  t.same(f('id32').callBits([SNAN32]), [SNAN32], 'f32 in and out');
  t.same(f('id32').callBits([0xffa00000]), [0xffa00000], 'negative sNaN, unsigned pattern');
  t.same(f('bits32').callBits([SNAN32]), [SNAN32], 'the guest sees the payload');
  t.same(f('from32').callBits([SNAN32 | 0]), [SNAN32]);
  t.same(f('id64').callBits([SNAN64]), [SNAN64], 'f64 in and out');
  t.same(f('from64').callBits([BigInt.asIntN(64, 0xfff4000000000000n)]), [0xfff4000000000000n]);
  t.same(f('neg').callBits([0x7f80f1e2]), [0xff80f1e2]);
  t.same(f('id32').callBits([0x3fc00000]), [0x3fc00000], '1.5');
  // What `call` does with the same value, for contrast: the quiet bit gets set.
  const viaNumber = new Uint32Array(new Float32Array([f('id32').call(new Float32Array(new Uint32Array([SNAN32]).buffer)[0]) as number]).buffer)[0];
  t.not(viaNumber, SNAN32, 'numbers cannot carry it');
});

t.test('callBits: every type, multi-value, references, argument checks', async (t) => {
  const engine = new Engine();
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  const v = Uint8Array.from({ length: 16 }, (_, i) => i);
  const r = inst.getFunc('mixed')!.callBits([-5, -(2n ** 40n), v, 0x400921fb54442d18n]);
  t.same(r, [0x400921fb54442d18n, v, -(2n ** 40n), -5]);
  const fr = inst.getFunc('f')!.callBits([]);
  t.ok(fr[0] instanceof Func, 'funcref results wrapped as in call');
  t.throws(() => inst.getFunc('id32')!.callBits([1.5]), TypeError, 'f32 bits must be an integer pattern');
  t.throws(() => inst.getFunc('id64')!.callBits([1]), TypeError, 'f64 bits must be a bigint');
  t.throws(() => inst.getFunc('id64')!.callBits([]), /expected 1 argument/);
});

t.test('host functions (no raw entry) go through call and stay exact for non-NaN values', async (t) => {
  const engine = new Engine();
  const store = new Store(engine);
  const linker = new Linker(engine).defineFunc('env', 'h', '(func (param f32 f64) (result f64 f32))', (_c, a: number, b: number) => [b, a]);
  const inst = linker.instantiate(store, Module.fromText(engine, '(module (import "env" "h" (func $h (param f32 f64) (result f64 f32))) (export "h" (func $h)))'));
  t.same(inst.getFunc('h')!.callBits([0x3fc00000, 0xc000000000000000n]), [0xc000000000000000n, 0x3fc00000]);
});

t.test('Global.getBits / setBits', async (t) => {
  const engine = new Engine();
  const store = new Store(engine);
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, WAT));
  t.equal(inst.getGlobal('g32')!.getBits(), 0x3fc00000);
  t.equal(inst.getGlobal('g64')!.getBits(), 0xc000000000000000n);
  inst.getGlobal('g32')!.setBits(0x40490fdb);
  t.equal(inst.getGlobal('g32')!.value, Math.fround(Math.PI));
  t.throws(() => inst.getGlobal('g64')!.setBits(0n), TypeError, 'immutable');
  const g = Global.create(store, { type: 'i64', mutable: true }, 1n);
  t.equal(g.getBits(), 1n);
});
