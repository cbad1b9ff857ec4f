import type { MemoryType } from '../ir/types.js';
import { MemoryInstance, PAGE_SIZE } from '../runtime/memory-instance.js';
import type { Store } from './store.js';
// Cycle with extern-wrapper (which constructs Memories) is safe: only used inside `create`.
import { wrapExtern } from './extern-wrapper.js';
import { memoryTypeToString } from './type-text.js';

/**
 * A linear memory. `buffer` is the backing store, which may be larger than the memory (the
 * allocator reserves ahead); `data` is a view of exactly the accessible bytes.
 */
export class Memory {
  readonly handle: MemoryInstance;
  readonly store: Store;
  private view: Uint8Array | null = null;
  private viewGeneration = -1;

  constructor(handle: MemoryInstance, store: Store) {
    this.handle = handle;
    this.store = store;
  }

  /** A new memory, from the engine's allocator, to define into a Linker. */
  static create(store: Store, type: { min: number; max?: number | null; shared?: boolean } | MemoryType): Memory {
    const t: MemoryType = 'limits' in type ? type : { limits: { min: type.min, max: type.max ?? null }, shared: type.shared ?? false, address: 'i32' };
    const alloc = store.engine.allocator;
    if (!alloc.allocateMemory) throw new Error(`allocator ${alloc.id} cannot create standalone memories`);
    const hostMemories = [...store.engine.backends.values()].some((b) => b.hostMemories === true);
    return wrapExtern(store, alloc.allocateMemory(t, store.context, { hostMemories })) as Memory;
  }

  get type(): MemoryType {
    return this.handle.type;
  }

  get buffer(): ArrayBuffer {
    return this.handle.buffer;
  }

  /** Accessible size in bytes. */
  get byteLength(): number {
    return this.handle.byteLength;
  }

  /** Increments on each grow (views of `buffer` taken before may be stale). */
  get generation(): number {
    return this.handle.generation;
  }

  /** Size in pages (64 KiB). */
  get size(): number {
    return this.handle.pages;
  }

  /** The accessible bytes (re-created only after a grow). */
  get data(): Uint8Array {
    const h = this.handle;
    if (this.view === null || this.viewGeneration !== h.generation || this.view.buffer !== h.buffer) {
      this.view = new Uint8Array(h.buffer, 0, h.byteLength);
      this.viewGeneration = h.generation;
    }
    return this.view;
  }

  /** Grows by `delta` pages and returns the old size; throws a RangeError when it cannot. */
  grow(delta: number): number {
    if (!Number.isInteger(delta) || delta < 0) throw new RangeError(`memory.grow: delta must be a non-negative integer, got ${delta}`);
    const old = this.handle.grow(delta);
    if (old < 0) {
      throw new RangeError(`memory.grow: cannot grow from ${this.size} to ${this.size + delta} pages (maximum ${this.handle.maxPages})`);
    }
    if (delta > 0) {
      const bus = this.store.context.events;
      if (bus.observed) bus.emit({ type: 'memory.grown', storeId: this.store.id, oldPages: old, newPages: old + delta });
    }
    return old;
  }

  /** Copies `length` bytes from `offset`. */
  read(offset: number, length: number): Uint8Array {
    this.check(offset, length, 'read');
    return this.data.slice(offset, offset + length);
  }

  /** Copies `bytes` to `offset`. */
  write(offset: number, bytes: Uint8Array | ArrayLike<number>): void {
    this.check(offset, bytes.length, 'write');
    this.data.set(bytes, offset);
  }

  toString(): string {
    return memoryTypeToString(this.type);
  }

  private check(offset: number, length: number, what: string): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.handle.byteLength) {
      throw new RangeError(`memory.${what}: range [${offset}, ${offset + length}) is out of bounds (size ${this.handle.byteLength} bytes)`);
    }
  }
}

export { PAGE_SIZE };
