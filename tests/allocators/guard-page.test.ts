import t from 'tap';
import { DEFAULT_RESERVATION, FixedBacking, GuardPageAllocator, guardPagePlugin } from '../../allocators/guard-page/index.js';
import { EventBus } from '../../kernel/events/event-bus.js';
import type { MemoryType, TableType } from '../../kernel/ir/types.js';
import { funcref } from '../../kernel/ir/types.js';
import { PAGE_SIZE, type GrowGuard } from '../../kernel/runtime/memory-instance.js';
import { StoreContext } from '../../kernel/runtime/store-context.js';

const MiB = 1024 ** 2;
const mem = (min: number, max: number | null = null): MemoryType => ({ limits: { min, max }, shared: false, address: 'i32' });
const table = (min: number, max: number | null = null): TableType => ({ element: funcref, limits: { min, max }, address: 'i32' });
const store = (guard: GrowGuard | null = null): StoreContext => {
  const s = new StoreContext(1, new Int32Array(new SharedArrayBuffer(4)), new EventBus());
  s.guard = guard;
  return s;
};
const FIXED = { hostMemories: false };

t.test('a memory without maximum reserves DEFAULT_RESERVATION (1 MiB) and never moves within it', async (t) => {
  const a = new GuardPageAllocator();
  const m = a.allocateMemory(mem(1), store(), FIXED);
  t.equal(DEFAULT_RESERVATION, MiB);
  t.equal(m.buffer.byteLength, DEFAULT_RESERVATION, 'bounded reservation, not all of i32');
  t.equal(m.byteLength, PAGE_SIZE);
  t.equal(m.maxPages, 65536, 'the limit is still the whole i32 space');
  const buf = m.buffer;
  t.equal(m.grow(15), 1);
  t.equal(m.buffer, buf, 'same buffer after growth within the reservation');
  t.equal(m.generation, 1);
  m.release();
  t.equal(m.buffer.byteLength, 0);
});

t.test('growing past the reservation moves the memory into a buffer twice as large, keeping the bytes', async (t) => {
  const a = new GuardPageAllocator({ memoryReservation: 4 * PAGE_SIZE });
  const m = a.allocateMemory(mem(2), store(), FIXED);
  new Uint8Array(m.buffer)[2 * PAGE_SIZE - 1] = 0xab;
  const before = m.buffer;
  t.equal(m.grow(2), 2, 'up to the reservation: in place');
  t.equal(m.buffer, before);
  const gen = m.generation;
  t.equal(m.grow(1), 4, 'past it: moves');
  t.not(m.buffer, before, 'a new buffer');
  t.equal(m.buffer.byteLength, 8 * PAGE_SIZE, 'doubled, so page-by-page growth copies O(log n) times');
  t.equal(m.generation, gen + 1, 'views refresh through the generation');
  t.equal(new Uint8Array(m.buffer)[2 * PAGE_SIZE - 1], 0xab, 'contents moved');
  const moved = m.buffer;
  t.equal(m.grow(3), 5, 'within the new buffer: in place again');
  t.equal(m.buffer, moved);
});

t.test('a shared memory reserves its whole maximum (it can never move)', async (t) => {
  const m = new GuardPageAllocator({ memoryReservation: 2 * PAGE_SIZE }).allocateMemory({ ...mem(1, 6), shared: true }, store(), FIXED);
  t.equal(m.buffer.byteLength, 6 * PAGE_SIZE);
  t.equal(m.grow(5), 1);
});

t.test('a memory with a maximum reserves exactly its maximum', async (t) => {
  const m = new GuardPageAllocator().allocateMemory(mem(1, 3), store(), FIXED);
  t.equal(m.buffer.byteLength, 3 * PAGE_SIZE);
  t.equal(m.grow(2), 1);
  t.equal(m.grow(1), -1, 'beyond the type maximum');
});

t.test('memoryReservation and maxMemoryBytes are honoured', async (t) => {
  const a = new GuardPageAllocator({ memoryReservation: 4 * PAGE_SIZE, maxMemoryBytes: 8 * PAGE_SIZE });
  const m = a.allocateMemory(mem(1), store(), FIXED);
  t.equal(m.buffer.byteLength, 4 * PAGE_SIZE);
  t.equal(m.maxPages, 8);
  const before = m.buffer;
  t.equal(m.grow(5), 1, 'past the reservation: moves once');
  t.not(m.buffer, before);
  t.equal(m.buffer.byteLength, 8 * PAGE_SIZE);
  t.equal(m.grow(3), -1, 'past maxMemoryBytes');
  t.throws(() => a.allocateMemory(mem(9), store(), FIXED), { code: 'resource_limit' });
});

t.test('falls back to smaller reservations when the host refuses', async (t) => {
  // 2^50 bytes is beyond any host's ArrayBuffer limit: halves down until one is granted.
  const b = FixedBacking.reserve(PAGE_SIZE, 2 ** 50, 2 ** 50, false);
  t.ok(b);
  t.ok(b!.reservedBytes >= PAGE_SIZE && b!.reservedBytes < 2 ** 50, `granted ${b!.reservedBytes} bytes`);
});

t.test('the store guard is consulted for initial sizes and growth', async (t) => {
  const calls: string[] = [];
  const guard: GrowGuard = {
    memoryGrowing: (c, d) => { calls.push(`m ${c}->${d}`); return d <= 2 * PAGE_SIZE; },
    tableGrowing: (c, d) => { calls.push(`t ${c}->${d}`); return d <= 10; },
  };
  const a = new GuardPageAllocator();
  const m = a.allocateMemory(mem(1), store(guard), FIXED);
  t.equal(m.grow(1), 1);
  t.equal(m.grow(1), -1);
  t.throws(() => a.allocateMemory(mem(3), store(guard), FIXED), { message: 'memory minimum size of 3 pages exceeds memory limits' });
  const tb = a.allocateTable(table(4), null, store(guard));
  t.equal(tb.grow(6, null), 4);
  t.equal(tb.grow(1, null), -1);
  t.throws(() => a.allocateTable(table(11), null, store(guard)), { message: 'table minimum size of 11 elements exceeds table limits' });
  t.same(calls.slice(0, 3), [`m 0->${PAGE_SIZE}`, `m ${PAGE_SIZE}->${2 * PAGE_SIZE}`, `m ${2 * PAGE_SIZE}->${3 * PAGE_SIZE}`]);
});

t.test('hostMemories gives WebAssembly.Memory backings', async (t) => {
  const m = new GuardPageAllocator().allocateMemory(mem(1, 4), store(), { hostMemories: true });
  t.ok(m.wasmMemory instanceof WebAssembly.Memory);
  t.equal(m.buffer, m.wasmMemory!.buffer);
  t.equal(m.grow(2), 1);
  t.equal(m.buffer.byteLength, 3 * PAGE_SIZE);
  t.equal(m.grow(2), -1);
});

t.test('allocate() covers defined memories and tables; release is idempotent', async (t) => {
  const ir = {
    memoryTypes: [mem(1), mem(2, 2)], numImportedMemories: 1,
    tables: [{ type: table(3), init: null }],
  } as unknown as Parameters<GuardPageAllocator['allocate']>[0];
  const alloc = new GuardPageAllocator().allocate(ir, store(), FIXED);
  t.equal(alloc.memories.length, 1);
  t.equal(alloc.memories[0].pages, 2);
  t.equal(alloc.tables.length, 1);
  t.same(alloc.tables[0].elements, [null, null, null]);
  t.equal(alloc.memoryImageRestored, false);
  alloc.release();
  alloc.release();
  t.equal(alloc.memories[0].buffer.byteLength, 0);
});

t.test('the plugin validates its config schema defaults', async (t) => {
  t.equal(guardPagePlugin.id, 'guard-page');
  t.same(guardPagePlugin.provides, ['allocator']);
  t.ok(guardPagePlugin.configSchema);
});
