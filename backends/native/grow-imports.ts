/**
 * The `weft:rt` grow functions routed `memory.grow`/`table.grow` call (`instrument/grow-routing.ts`),
 * one set per instance: they grow weft's `MemoryInstance`/`TableInstance` by index, which asks
 * the store's limiter and callbacks, with the interpreter's results (`ext-ops.ts` there): the
 * old size, -1 on refusal, or `GROW_TRAP` when the store traps on a refused grow (the guest
 * then reaches a trap site; see grow-routing.ts for why it does not throw here).
 */
import type { MemoryInstance } from '../../kernel/runtime/memory-instance.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import type { TableInstance } from '../../kernel/runtime/table-instance.js';
import { GROW_TRAP, MEMORY_GROW, TABLE_GROW_EXTERNREF, TABLE_GROW_FUNCREF } from './instrument/grow-routing.js';

/**
 * The grow imports named in `names` (others are skipped). `memories` and `tables` are the
 * instance's by index, filled before the host instance is created (its start function may grow).
 */
export function growImports(
  names: readonly string[], store: StoreContext, memories: readonly MemoryInstance[], tables: readonly TableInstance[],
): Record<string, WebAssembly.ImportValue> {
  const out: Record<string, WebAssembly.ImportValue> = {};
  for (const name of names) {
    if (name === MEMORY_GROW) out[name] = memoryGrow(store, memories);
    else if (name === TABLE_GROW_FUNCREF || name === TABLE_GROW_EXTERNREF) out[name] = tableGrow(store, tables);
  }
  return out;
}

function memoryGrow(store: StoreContext, memories: readonly MemoryInstance[]): (delta: number, index: number) => number {
  return (delta, index) => {
    const mem = memories[index];
    const pages = delta >>> 0;
    const old = mem.pages;
    const r = pages > mem.maxPages ? -1 : mem.grow(pages);
    if (r < 0 && store.trapOnGrowFailure && pages > 0) return GROW_TRAP;
    const ev = store.events;
    if (r >= 0 && pages > 0 && ev.observed) ev.emit({ type: 'memory.grown', storeId: store.id, oldPages: old, newPages: old + pages });
    return r;
  };
}

/** `init` arrives as the host engine holds it; a host-backed table takes that form as it is. */
function tableGrow(store: StoreContext, tables: readonly TableInstance[]): (init: unknown, delta: number, index: number) => number {
  return (init, delta, index) => {
    const t = tables[index];
    const n = delta >>> 0;
    const r = n > t.maxSize ? -1 : t.grow(n, init);
    if (r < 0 && store.trapOnGrowFailure && n > 0) return GROW_TRAP;
    return r;
  };
}
