/**
 * Run by finalization.test.ts under `node --expose-gc`: instantiates into stores that are only
 * dropped, forces GCs and prints what the pool reclaimed, as JSON on stdout.
 */
import { Module, Store, type Memory } from '../../../index.js';
import { FILLER, poolEngine } from './helpers.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

async function collect(until: () => boolean): Promise<number> {
  for (let round = 1; round <= 50; round++) {
    gc!();
    await new Promise((r) => setTimeout(r, 10));
    if (until()) return round;
  }
  return -1;
}

const { engine, linker, pool } = poolEngine({ totalInstances: 4, totalMemories: 4, totalTables: 4 });
const module = Module.fromText(engine, FILLER);
(() => {
  for (let i = 0; i < 4; i++) linker.instantiate(new Store(engine), module).getTypedFunc<[number], void>('fill').call(0xee);
})();
const full = pool.metrics().slotsInUse;
let exhausted = '';
try {
  linker.instantiate(new Store(engine), module);
} catch (e) {
  exhausted = (e as Error).message;
}
const rounds = await collect(() => pool.metrics().slotsInUse === 0);
const afterDrop = pool.metrics();

// A memory that outlives its instance keeps the lease (and its slot) alive.
let kept: Memory | null = (() => linker.instantiate(new Store(engine), module).getMemory('mem')!)();
await collect(() => false);
const whileReferenced = pool.metrics().slotsInUse;
const stillReadable = kept.data.length;
kept = null;
const roundsAfterRelease = await collect(() => pool.metrics().slotsInUse === 0);

// Reclaimed slots are reusable, and clean.
const again = linker.instantiate(new Store(engine), module);
const clean = again.getMemory('mem')!.data.every((x) => x === 0);

process.stdout.write(JSON.stringify({
  full, exhausted, rounds, afterDrop, whileReferenced, stillReadable, roundsAfterRelease, clean,
}));
