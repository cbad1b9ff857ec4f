import type { TableType } from '../ir/types.js';
import type { GrowGuard } from './memory-instance.js';

/** A table of references shared by every backend. Elements are `null` or reference values. */
export class TableInstance {
  readonly type: TableType;
  elements: unknown[];
  readonly maxSize: number;
  private readonly guard: GrowGuard | null;

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
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}
