import t from 'tap';
import { Module, Store } from '../../../index.js';
import { FILLER, PAGE, READER, instantiate, poolEngine } from './helpers.js';

// The native backend imports its memories from the allocator as pooled WebAssembly.Memory objects.

const MARKER = 0xcd;

function nonZero(buffer: ArrayBufferLike): number {
  const b = new Uint8Array(buffer);
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) n++;
  return n;
}

const DATA = `(module
  (memory (export "mem") 2 4)
  (data (i32.const 16) "hello")
  (data (i32.const 70000) "world")
  (func $start (i32.store8 (i32.const 16) (i32.add (i32.load8_u (i32.const 16)) (i32.const 1))))
  (func (export "scribble") (i32.store (i32.const 100) (i32.const -1)) (i32.store (i32.const 120000) (i32.const -1)))
  (start $start))`;

t.test('native: a reused host memory gets the module image back, not the last tenant\'s bytes', async (t) => {
  const { engine, linker, pool } = poolEngine({}, 'native');
  const module = Module.fromText(engine, DATA);
  const text = (m: Uint8Array, at: number): string => Buffer.from(m.subarray(at, at + 5)).toString();
  const a = linker.instantiate(new Store(engine), module);
  const host = a.getMemory('mem')!.handle.wasmMemory;
  t.ok(host instanceof WebAssembly.Memory, 'native code runs on a host memory from the pool');
  t.equal(text(a.getMemory('mem')!.data, 16), 'iello', 'start ran after the data segments');
  t.equal(pool.metrics().imagesCaptured, 1, 'image built once the first instantiation succeeded');
  a.getTypedFunc<[], void>('scribble').call();
  a.dispose();

  const b = linker.instantiate(new Store(engine), module);
  const mem = b.getMemory('mem')!;
  t.equal(mem.handle.wasmMemory, host, 'the same host memory, reused');
  t.equal(pool.metrics().imageRestores, 1);
  t.equal(text(mem.data, 16), 'iello', 'the image is the segments\' bytes, before start; start ran once on it');
  t.equal(text(mem.data, 70000), 'world');
  t.equal(nonZero(mem.buffer), 10, 'scribbles inside and outside the image span are gone');
  b.dispose();
});

t.test('native: isolation scan over many tenants, grown or not', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 2 }, 'native');
  const filler = Module.fromText(engine, FILLER);
  const reader = Module.fromText(engine, READER);
  let reused = 0;
  const seen = new Set<WebAssembly.Memory>();
  for (let i = 0; i < 12; i++) {
    const a = linker.instantiate(new Store(engine), filler);
    a.getTypedFunc<[number], number>('grow').call(i % 3 === 0 ? 1 : 0);
    a.getTypedFunc<[number], void>('fill').call(MARKER);
    seen.add(a.getMemory('mem')!.handle.wasmMemory!);
    a.dispose();
    const b = linker.instantiate(new Store(engine), reader);
    const mem = b.getMemory('mem')!;
    if (seen.has(mem.handle.wasmMemory!)) reused++;
    t.equal(mem.byteLength, PAGE, `round ${i}: fresh size`);
    t.equal(nonZero(mem.buffer), 0, `round ${i}: nothing of the last tenant`);
    t.equal(b.getTypedFunc<[number], number>('grow').call(3), 1);
    t.equal(nonZero(mem.buffer), 0, `round ${i}: grown pages are zero too`);
    b.dispose();
  }
  t.ok(reused > 0, 'host memories were reused (a grown one is replaced: it cannot shrink)');
  t.equal(pool.metrics().slotsInUse, 0);
  t.equal(pool.metrics().memoriesInUse, 0);
});

t.test('native: a disposed tenant cannot reach the next one through held exports', async (t) => {
  const { engine, linker } = poolEngine({ totalMemories: 1 }, 'native');
  const a = instantiate(engine, linker, FILLER);
  const fill = a.getTypedFunc<[number], void>('fill');
  const oldMem = a.getMemory('mem')!;
  a.dispose();
  const b = instantiate(engine, linker, READER);
  b.getMemory('mem')!.data.fill(0x5a);
  t.throws(() => fill.call(1), { code: 'instance_disposed' });
  t.equal(oldMem.data.length, 0, 'the old Memory reads nothing');
  t.ok(b.getMemory('mem')!.data.every((x) => x === 0x5a), 'new tenant untouched');
});

t.test('native: pool limits apply to native instances', async (t) => {
  const { engine, linker } = poolEngine({ totalInstances: 1 }, 'native');
  const a = instantiate(engine, linker, READER);
  t.throws(() => instantiate(engine, linker, READER), { name: 'PoolExhaustedError', limit: 'totalInstances' });
  a.dispose();
  instantiate(engine, linker, READER).dispose();
  const big = poolEngine({ maxMemorySize: 2 * PAGE }, 'native');
  t.throws(() => instantiate(big.engine, big.linker, '(module (memory 3))'), { code: 'resource_limit', limit: 'maxMemorySize' });
});
