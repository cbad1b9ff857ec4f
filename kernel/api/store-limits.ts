import type { GrowGuard } from '../runtime/memory-instance.js';

/** Per-store resource limits (Wasmtime's `StoreLimits` plus a custom grow callback). */
export interface StoreLimits {
  /** Largest size any one linear memory may reach, in bytes. */
  readonly maxMemoryBytes?: number;
  /** Largest size any one table may reach, in elements. */
  readonly maxTableElements?: number;
  /** Instances alive in the store at once. */
  readonly maxInstances?: number;
  /** Tables defined (not imported) across the store's live instances. */
  readonly maxTables?: number;
  /** Memories defined (not imported) across the store's live instances. */
  readonly maxMemories?: number;
  /** Trap instead of `memory.grow`/`table.grow` returning -1 when a limit refuses. */
  readonly trapOnGrowFailure?: boolean;
  /** Called before a memory grows (sizes in bytes, maximum in pages or null); false refuses. */
  memoryGrowing?(current: number, desired: number, maximum: number | null): boolean;
  /** Called before a table grows (sizes in elements); false refuses. */
  tableGrowing?(current: number, desired: number, maximum: number | null): boolean;
}

/** The `GrowGuard` backends and allocators consult; built once per store. */
export class StoreLimiter implements GrowGuard {
  readonly maxMemoryBytes: number;
  readonly maxTableElements: number;
  private readonly limits: StoreLimits;

  constructor(limits: StoreLimits) {
    this.limits = limits;
    this.maxMemoryBytes = limits.maxMemoryBytes ?? Infinity;
    this.maxTableElements = limits.maxTableElements ?? Infinity;
  }

  memoryGrowing(current: number, desired: number, maximum: number | null): boolean {
    if (desired > this.maxMemoryBytes) return false;
    return this.limits.memoryGrowing ? this.limits.memoryGrowing(current, desired, maximum) !== false : true;
  }

  tableGrowing(current: number, desired: number, maximum: number | null): boolean {
    if (desired > this.maxTableElements) return false;
    return this.limits.tableGrowing ? this.limits.tableGrowing(current, desired, maximum) !== false : true;
  }
}
