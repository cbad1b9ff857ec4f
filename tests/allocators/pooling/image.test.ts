import t from 'tap';
import { Module, Store } from '../../../index.js';
import { constantOffset, ModuleImage } from '../../../allocators/pooling/index.js';
import { PAGE, instantiate, poolEngine } from './helpers.js';

const DATA = `(module
  (memory (export "mem") 2 4)
  (global $counter (mut i32) (i32.const 0))
  (data (i32.const 16) "hello")
  (data (i32.const 70000) "world")
  (func $start (i32.store8 (i32.const 16) (i32.add (i32.load8_u (i32.const 16)) (i32.const 1))))
  (func (export "scribble") (i32.store (i32.const 100) (i32.const -1)) (i32.store (i32.const 120000) (i32.const -1)))
  (start $start))`;

t.test('the same module restores its captured image instead of running data segments', async (t) => {
  const { engine, linker, pool } = poolEngine();
  const module = Module.fromText(engine, DATA);
  const a = linker.instantiate(new Store(engine), module);
  const text = (m: Uint8Array, at: number): string => Buffer.from(m.subarray(at, at + 5)).toString();
  t.equal(text(a.getMemory('mem')!.data, 16), 'iello', 'start ran after the data segments');
  t.equal(pool.metrics().imagesCaptured, 1);
  t.equal(pool.metrics().imageRestores, 0);
  a.getTypedFunc<[], void>('scribble').call();
  const slot = a.getMemory('mem')!.buffer;
  a.dispose();

  const b = linker.instantiate(new Store(engine), module);
  const mem = b.getMemory('mem')!;
  t.equal(mem.buffer, slot, 'slot affinity: same module, same slot');
  t.equal(pool.metrics().imageRestores, 1);
  t.equal(text(mem.data, 16), 'iello', 'image taken before start: start ran once on it');
  t.equal(text(mem.data, 70000), 'world');
  const dv = new DataView(mem.data.buffer);
  t.equal(dv.getInt32(100, true), 0, 'scribbles inside the image span are gone');
  t.equal(dv.getInt32(120000, true), 0, 'scribbles outside it are zeroed');
  let nonZero = 0;
  for (const x of new Uint8Array(mem.buffer)) if (x !== 0) nonZero++;
  t.equal(nonZero, 10, 'exactly the two segments');
});

t.test('the allocation reports memoryImageRestored to the backend', async (t) => {
  const { engine, pool } = poolEngine();
  const module = Module.fromText(engine, '(module (memory 1) (data (i32.const 0) "abc"))');
  const store = new Store(engine);
  const a = pool.allocate(module.ir, store.context, { hostMemories: false });
  t.equal(a.memoryImageRestored, false, 'no image yet');
  new Uint8Array(a.memories[0].buffer).set([97, 98, 99]);
  pool.initialised(module.ir, a);
  a.release();
  const b = pool.allocate(module.ir, store.context, { hostMemories: false });
  t.equal(b.memoryImageRestored, true);
  t.same([...new Uint8Array(b.memories[0].buffer, 0, 4)], [97, 98, 99, 0]);
  b.release();
});

t.test('modules whose image depends on imports are never restored', async (t) => {
  const { engine } = poolEngine();
  const viaGlobal = Module.fromText(engine, '(module (import "env" "off" (global i32)) (memory 1) (data (global.get 0) "x"))');
  const image = ModuleImage.of(viaGlobal.ir, 1);
  t.equal(image.restorable, false, 'offset from an imported global');
  const intoImport = Module.fromText(engine, '(module (import "env" "m" (memory 1)) (memory 1) (data (memory 0) (i32.const 0) "x"))');
  t.equal(ModuleImage.of(intoImport.ir, 2).restorable, false, 'segment into an imported memory');
});

t.test('a module without data restores trivially; distinct modules do not share images', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 1 });
  const a = instantiate(engine, linker, '(module (memory 1) (data (i32.const 0) "A"))');
  a.dispose();
  const b = instantiate(engine, linker, '(module (memory (export "m") 1) (data (i32.const 1) "B"))');
  t.same([...b.getMemory('m')!.data.subarray(0, 3)], [0, 66, 0], 'another module ran its own segments on a zeroed slot');
  t.equal(pool.metrics().imageRestores, 0);
});

t.test('constantOffset decodes i32/i64 constants as the interpreter evaluates them', async (t) => {
  const e = (...b: number[]) => ({ code: Uint8Array.from(b), offset: -1 });
  t.equal(constantOffset(e(0x41, 0x10, 0x0b)), 16);
  t.equal(constantOffset(e(0x41, 0xf0, 0xa2, 0x04, 0x0b)), 70000);
  t.equal(constantOffset(e(0x41, 0x7f, 0x0b)), 0xffffffff, 'i32 -1 is 2^32-1 unsigned');
  t.equal(constantOffset(e(0x42, 0x80, 0x80, 0x04, 0x0b)), PAGE);
  t.equal(constantOffset(e(0x42, 0x7f, 0x0b)), null, 'negative i64: not restorable');
  t.equal(constantOffset(e(0x23, 0x00, 0x0b)), null, 'global.get');
  t.equal(constantOffset(e(0x41, 0x01, 0x41, 0x01, 0x6a, 0x0b)), null, 'extended constant expression');
});
