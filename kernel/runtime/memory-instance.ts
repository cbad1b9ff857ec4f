import type { MemoryType } from '../ir/types.js';

export const PAGE_SIZE = 65536;

/**
 * Asked before a memory or table grows; returns false to refuse (then `memory.grow` yields -1,
 * or traps when the store is configured with `trapOnGrowFailure`). Implemented by store limits.
 */
export interface GrowGuard {
  /** Bytes no memory may exceed, when the guard has such a fixed cap (allocators clamp host maximums to it). */
  readonly maxMemoryBytes?: number;
  /** Elements no table may exceed, when fixed. */
  readonly maxTableElements?: number;
  memoryGrowing(current: number, desired: number, maximum: number | null): boolean;
  tableGrowing(current: number, desired: number, maximum: number | null): boolean;
}

/**
 * Where a linear memory's bytes live. Allocator plugins implement it: a plain ArrayBuffer
 * reserved up front (fastest for the JS backends), or a `WebAssembly.Memory` (required when
 * the native backend imports it).
 */
export interface MemoryBacking {
  /** Current buffer; replaced (and the old one detached) only when a grow moves the memory. */
  readonly buffer: ArrayBuffer;
  /** The host engine's memory object when this backing is one, else null. */
  readonly wasmMemory: WebAssembly.Memory | null;
  /** Make `newBytes` accessible; false when it cannot (reservation exhausted). */
  grow(oldBytes: number, newBytes: number): boolean;
  /** Give the bytes back (pooling allocators reset and recycle them). */
  release(): void;
}

/**
 * A linear memory shared by every backend. Backends cache views of `buffer` and refresh them
 * when `generation` changes (it increments on every grow), so growth in one backend is seen by
 * another sharing the memory.
 */
export class MemoryInstance {
  readonly type: MemoryType;
  /** Current size in bytes (a multiple of PAGE_SIZE). */
  byteLength: number;
  /** Maximum pages this memory may reach (type max, clamped by the allocator and limits). */
  readonly maxPages: number;
  /** Increments on each successful grow. */
  generation = 0;
  private backing: MemoryBacking;
  /** Backings this memory moved out of (`moveTo`), released with it (allocators count them). */
  private retired: MemoryBacking[] | null = null;
  private readonly guard: GrowGuard | null;

  constructor(type: MemoryType, backing: MemoryBacking, maxPages: number, guard: GrowGuard | null) {
    this.type = type;
    this.backing = backing;
    this.byteLength = type.limits.min * PAGE_SIZE;
    this.maxPages = maxPages;
    this.guard = guard;
  }

  get buffer(): ArrayBuffer {
    return this.backing.buffer;
  }

  get wasmMemory(): WebAssembly.Memory | null {
    return this.backing.wasmMemory;
  }

  get pages(): number {
    return this.byteLength / PAGE_SIZE;
  }

  /** Grows by `delta` pages; returns the old size in pages, or -1 on failure (as `memory.grow`). */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    const desired = old + delta;
    if (desired > this.maxPages) {
      this.guard?.memoryGrowing(this.byteLength, desired * PAGE_SIZE, this.type.limits.max);
      return -1;
    }
    if (this.guard && !this.guard.memoryGrowing(this.byteLength, desired * PAGE_SIZE, this.type.limits.max)) return -1;
    if (!this.backing.grow(this.byteLength, desired * PAGE_SIZE)) return -1;
    this.byteLength = desired * PAGE_SIZE;
    this.generation++;
    return old;
  }

  /**
   * Moves the bytes into `backing` (e.g. a `WebAssembly.Memory` the host engine must share),
   * which must already be at least `byteLength` long. Backends see the new buffer through
   * `generation`, as after a grow that moved the memory. Never on a hot path: once per memory.
   */
  moveTo(backing: MemoryBacking): void {
    if (backing.buffer.byteLength < this.byteLength) throw new RangeError(`moveTo: the new backing holds ${backing.buffer.byteLength} bytes, the memory ${this.byteLength}`);
    new Uint8Array(backing.buffer, 0, this.byteLength).set(new Uint8Array(this.backing.buffer, 0, this.byteLength));
    (this.retired ??= []).push(this.backing);
    this.backing = backing;
    this.generation++;
  }

  release(): void {
    this.backing.release();
    if (this.retired !== null) for (const b of this.retired) b.release();
  }
}
