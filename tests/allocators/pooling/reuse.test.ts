import t from 'tap';
import { Module, Store, type RuntimeEvent } from '../../../index.js';
import { FILLER, PAGE, READER, instantiate, poolEngine } from './helpers.js';

t.test('slots are reused; affinity brings a module back to its slot', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 3, reserveAtCreation: 3 });
  const filler = Module.fromText(engine, FILLER);
  const reader = Module.fromText(engine, READER);
  const f1 = linker.instantiate(new Store(engine), filler);
  const r1 = linker.instantiate(new Store(engine), reader);
  const fillerSlot = f1.getMemory('mem')!.buffer;
  const readerSlot = r1.getMemory('mem')!.buffer;
  f1.dispose();
  r1.dispose();
  t.equal(pool.metrics().warmSlots, 2);
  const f2 = linker.instantiate(new Store(engine), filler);
  t.equal(f2.getMemory('mem')!.buffer, fillerSlot, 'filler back in its slot');
  const r2 = linker.instantiate(new Store(engine), reader);
  t.equal(r2.getMemory('mem')!.buffer, readerSlot, 'reader back in its slot');
  t.equal(pool.metrics().reservedSlots, 3, 'no new reservation');
});

t.test('dispose is idempotent; store.dispose and `using` release slots', async (t) => {
  const { engine, linker, pool } = poolEngine();
  const store = new Store(engine);
  const a = instantiate(engine, linker, FILLER, store);
  instantiate(engine, linker, FILLER, store);
  a.dispose();
  a.dispose();
  t.equal(pool.metrics().slotsInUse, 1);
  store.dispose();
  t.equal(pool.metrics().slotsInUse, 0);
  t.equal(pool.metrics().memoriesInUse, 0);
  t.equal(pool.metrics().tablesInUse, 0);
  {
    using _inst = instantiate(engine, linker, FILLER);
    t.equal(pool.metrics().slotsInUse, 1);
  }
  t.equal(pool.metrics().slotsInUse, 0);
});

t.test('maxUnusedWarmSlots: beyond it the oldest warm slot drops its buffer', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 4, reserveAtCreation: 4, maxUnusedWarmSlots: 1 });
  const a = instantiate(engine, linker, FILLER);
  const b = instantiate(engine, linker, READER);
  a.dispose();
  b.dispose();
  const m = pool.metrics();
  t.equal(m.warmSlots, 1);
  t.equal(m.decommits, 1);
  t.equal(m.reservedSlots, 3);
  const { pool: none, engine: e2, linker: l2 } = poolEngine({ maxUnusedWarmSlots: 0 });
  instantiate(e2, l2, FILLER).dispose();
  t.equal(none.metrics().warmSlots, 0, 'no warm slots at all');
});

t.test('residentBytesKept: a tenant that dirtied more gets a fresh buffer', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 1, reserveAtCreation: 1, residentBytesKept: 2 * PAGE });
  const module = Module.fromText(engine, FILLER);
  const small = linker.instantiate(new Store(engine), module);
  const slot = small.getMemory('mem')!.buffer;
  small.getTypedFunc<[number], number>('grow').call(1);
  small.dispose();
  const big = linker.instantiate(new Store(engine), module);
  t.equal(big.getMemory('mem')!.buffer, slot, '2 pages dirty: zeroed in place');
  big.getTypedFunc<[number], number>('grow').call(2);
  big.getTypedFunc<[number], void>('fill').call(9);
  big.dispose();
  t.equal(pool.metrics().decommits, 1);
  const next = linker.instantiate(new Store(engine), module);
  t.not(next.getMemory('mem')!.buffer, slot, '3 pages dirty: a new reservation');
  t.ok(next.getMemory('mem')!.data.every((x) => x === 0));
});

t.test('reset zeroes only the dirty prefix (high-water mark of byteLength)', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalMemories: 1 });
  const a = instantiate(engine, linker, READER);
  const buf = a.getMemory('mem')!.buffer;
  // Bytes past the high-water mark the guest could never reach: left alone by the reset (the
  // embedder wrote them through the raw buffer, which the API does not hand out as accessible).
  new Uint8Array(buf)[3 * PAGE] = 7;
  a.dispose();
  const b = instantiate(engine, linker, READER);
  t.equal(b.getMemory('mem')!.buffer, buf);
  t.equal(new Uint8Array(buf)[3 * PAGE], 7, 'not zeroed: outside what the guest dirtied (documented)');
  t.equal(pool.metrics().resets, 1);
});

t.test('metrics as an API and as pool.metrics events (only when observed)', async (t) => {
  const { engine, linker, pool } = poolEngine();
  const seen: RuntimeEvent[] = [];
  const sub = engine.bus.on('pool.metrics').subscribe((e) => seen.push(e));
  const a = instantiate(engine, linker, FILLER);
  a.dispose();
  instantiate(engine, linker, FILLER);
  sub.unsubscribe();
  t.same(seen, [
    { type: 'pool.metrics', slotsInUse: 1, warmSlots: 0, resets: 0 },
    { type: 'pool.metrics', slotsInUse: 0, warmSlots: 1, resets: 0 },
    { type: 'pool.metrics', slotsInUse: 1, warmSlots: 0, resets: 1 },
  ]);
  t.match(pool.metrics(), { slotsInUse: 1, memoriesInUse: 1, tablesInUse: 1, warmSlots: 0, resets: 1, finalized: 0 });
});
