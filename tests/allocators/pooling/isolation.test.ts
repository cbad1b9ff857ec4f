import t from 'tap';
import { Module, Store } from '../../../index.js';
import { FILLER, PAGE, READER, instantiate, poolEngine } from './helpers.js';
import type { PoolingAllocator } from '../../../allocators/pooling/index.js';

const MARKER = 0xab;

/** Every byte of the slot's buffer, not just the accessible ones (a later grow would expose them). */
function nonZero(buffer: ArrayBufferLike): number {
  const b = new Uint8Array(buffer);
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) n++;
  return n;
}

t.test('a reused slot never shows the previous tenant\'s memory, even beyond byteLength', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 1, reserveAtCreation: 1 });
  const a = instantiate(engine, linker, FILLER);
  a.getTypedFunc<[number], number>('grow').call(3);
  a.getTypedFunc<[number], void>('fill').call(MARKER);
  const slotBuffer = a.getMemory('mem')!.buffer;
  t.equal(nonZero(slotBuffer), 4 * PAGE, 'the marker fills the whole slot');
  a.dispose();

  const b = instantiate(engine, linker, READER);
  const mem = b.getMemory('mem')!;
  t.equal(mem.buffer, slotBuffer, 'same slot (one memory slot in the pool)');
  t.equal(mem.byteLength, PAGE);
  t.equal(nonZero(mem.buffer), 0, 'all of the slot is zero, accessible or not');
  t.equal(b.getTypedFunc<[number], number>('grow').call(3), 1);
  t.equal(nonZero(mem.data.buffer), 0, 'grown pages are zero');
  t.equal(pool.metrics().resets, 1);
});

t.test('a reused table slot never shows the previous tenant\'s references', async (t) => {
  const { engine, linker } = poolEngine({ totalTables: 1, totalMemories: 1 });
  const a = instantiate(engine, linker, FILLER);
  t.not(a.getTable('tab')!.get(0), null);
  a.dispose();
  const b = instantiate(engine, linker, READER);
  const tab = b.getTable('tab')!;
  t.equal(tab.size, 2);
  t.equal(tab.get(0), null);
  t.equal(tab.get(1), null);
});

t.test('stale references to a disposed tenant see an empty memory and table', async (t) => {
  const { engine, linker } = poolEngine({ totalMemories: 1 });
  const a = instantiate(engine, linker, FILLER);
  const oldMem = a.getMemory('mem')!;
  const oldTab = a.getTable('tab')!;
  const fill = a.getTypedFunc<[number], void>('fill');
  const grow = a.getTypedFunc<[number], number>('grow');
  a.dispose();
  const b = instantiate(engine, linker, READER);
  b.getMemory('mem')!.data.fill(0x5a);
  t.equal(oldMem.byteLength, 0);
  t.equal(oldMem.data.length, 0, 'the old Memory reads nothing');
  t.equal(oldMem.buffer.byteLength, 0);
  t.equal(oldTab.size, 0);
  // Calls into a disposed instance are refused outright (WeftError instance_disposed), so it can
  // neither write into nor grow back into the recycled slot.
  const code = (f: () => unknown): unknown => { try { f(); return null; } catch (e) { return (e as { code?: unknown }).code; } };
  t.equal(code(() => fill.call(1)), 'instance_disposed', 'a held export of the old tenant cannot run');
  t.equal(code(() => grow.call(1)), 'instance_disposed', 'nor grow back into the slot');
  t.ok(b.getMemory('mem')!.data.every((x) => x === 0x5a), 'new tenant untouched');
});

t.test('isolation holds across stores and many tenants', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 2, reserveAtCreation: 2 });
  const filler = Module.fromText(engine, FILLER);
  const reader = Module.fromText(engine, READER);
  for (let i = 0; i < 20; i++) {
    const a = linker.instantiate(new Store(engine), filler);
    a.getTypedFunc<[number], number>('grow').call(i % 4);
    a.getTypedFunc<[number], void>('fill').call(1 + i);
    a.dispose();
    const b = linker.instantiate(new Store(engine), reader);
    t.equal(nonZero(b.getMemory('mem')!.buffer), 0, `round ${i}`);
    b.dispose();
  }
  t.equal((pool as PoolingAllocator).metrics().slotsInUse, 0);
});

t.test('host memories (native backend): reused only when the shape fits, zeroed', async (t) => {
  const { engine, pool } = poolEngine();
  const ir = Module.fromText(engine, '(module (memory 1 4))').ir;
  const store = new Store(engine);
  const a = pool.allocate(ir, store.context, { hostMemories: true });
  const host = a.memories[0].wasmMemory!;
  t.ok(host instanceof WebAssembly.Memory);
  new Uint8Array(host.buffer).fill(MARKER);
  a.release();
  t.equal(a.memories[0].buffer.byteLength, 0, 'the released tenant sees nothing');
  const b = pool.allocate(ir, store.context, { hostMemories: true });
  t.equal(b.memories[0].wasmMemory, host, 'same host memory');
  t.equal(nonZero(host.buffer), 0);
  t.equal(b.memoryImageRestored, false, 'no image before a first instantiation succeeded');
  b.memories[0].grow(1);
  b.release();
  const c = pool.allocate(ir, store.context, { hostMemories: true });
  t.not(c.memories[0].wasmMemory, host, 'a grown host memory cannot shrink: replaced');
  t.equal(c.memories[0].wasmMemory!.buffer.byteLength, PAGE);
  c.release();
  const other = pool.allocate(Module.fromText(engine, '(module (memory 1 2))').ir, store.context, { hostMemories: true });
  t.equal(other.memories[0].wasmMemory!.buffer.byteLength, PAGE, 'another maximum gets its own memory');
  other.release();
});

t.test('shared memories are counted but never recycled', async (t) => {
  const { engine, pool } = poolEngine({ totalMemories: 1 });
  // The interpreter has no threads; exercise the allocator directly with a shared memory type.
  const ir = Module.fromText(engine, '(module (memory 1 2))').ir;
  const shared = { ...ir, memoryTypes: [{ limits: { min: 1, max: 2 }, shared: true, address: 'i32' as const }] };
  const store = new Store(engine);
  const a = pool.allocate(shared, store.context, { hostMemories: false });
  const buf = a.memories[0].buffer;
  t.ok(buf instanceof SharedArrayBuffer);
  t.equal(buf.byteLength, 2 * PAGE, 'its maximum, reserved');
  t.equal(pool.metrics().memoriesInUse, 1);
  t.throws(() => pool.allocate(shared, store.context, { hostMemories: false }), { name: 'PoolExhaustedError', message: 'pool exhausted: totalMemories (1) in use' });
  a.release();
  t.equal(pool.metrics().memoriesInUse, 0);
  const b = pool.allocate(shared, store.context, { hostMemories: false });
  t.not(b.memories[0].buffer, buf);
  b.release();
});
