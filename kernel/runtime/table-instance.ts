import type { TableType } from '../ir/types.js';
import type { GrowGuard } from './memory-instance.js';

/**
 * Storage of a table owned by another engine (the native backend's `WebAssembly.Table`): once
 * a table uses one, `elements` is an array-like view over it.
 */
export interface TableBacking {
  /** Adds `delta` elements set to `init`; false when the owner refuses. */
  grow(delta: number, init: unknown): boolean;
}

/**
 * A table of references shared by every backend. Elements are `null` or reference values.
 * Backends index `elements` directly; a table shared with the host engine keeps that working
 * by replacing it with a view over the host's table (`useBacking`).
 */
export class TableInstance {
  readonly type: TableType;
  elements: unknown[];
  readonly maxSize: number;
  private readonly guard: GrowGuard | null;
  /** Where the elements live when not in `elements` itself (null: they do). */
  private backing: TableBacking | null = null;

  constructor(type: TableType, init: unknown, maxSize: number, guard: GrowGuard | null) {
    this.type = type;
    this.elements = new Array(type.limits.min).fill(init);
    this.maxSize = maxSize;
    this.guard = guard;
  }

  get size(): number {
    return this.elements.length;
  }

  /** Grows by `delta` filled with `init`; returns the old size, or -1 on failure (as `table.grow`). */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    const desired = old + delta;
    if (desired > this.maxSize) {
      this.guard?.tableGrowing(old, desired, this.type.limits.max);
      return -1;
    }
    if (this.guard && !this.guard.tableGrowing(old, desired, this.type.limits.max)) return -1;
    if (this.backing !== null) return this.backing.grow(delta, init) ? old : -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }

  /** Whether the elements live in another engine's table (see `useBacking`). */
  get shared(): boolean {
    return this.backing !== null;
  }

  /**
   * From now on the elements live in `backing`, seen through `view` (which already holds the
   * current elements). Once per table, at link time.
   */
  useBacking(view: unknown[], backing: TableBacking): void {
    this.elements = view;
    this.backing = backing;
  }
}
