import { WeftError } from '../../kernel/errors/weft-error.js';

const EMPTY_BUFFER = new ArrayBuffer(0);
const EMPTY_BYTES = new Uint8Array(EMPTY_BUFFER);

/** No slot affinity. */
export const NO_AFFINITY = -1;

/**
 * One memory slot: a fixed ArrayBuffer of `maxMemorySize` bytes (V8's fast path; views of it
 * never move when the guest grows, and untouched pages cost no RSS), reused by one tenant after
 * another. The slot records how far the current tenant may have written (`dirty`: the high-water
 * mark of the memory's `byteLength`, since a guest can only write below its current size), so a
 * reset zeroes only that prefix. Resets are lazy: they happen when the slot is taken again, when
 * the next tenant is known, so an image restore overwrites the image span once instead of
 * zeroing it first.
 */
export class MemorySlot {
  readonly index: number;
  readonly size: number;
  /** The reservation, or an empty buffer while the slot is decommitted. */
  buffer: ArrayBuffer = EMPTY_BUFFER;
  /** All of `buffer`, for fill/set without a view per reset. */
  bytes: Uint8Array = EMPTY_BYTES;
  /** Bytes `[0, dirty)` may hold a tenant's data. */
  dirty = 0;
  /** Increments on every release: backings of earlier tenants compare it and see nothing. */
  epoch = 0;
  /** Affinity key of the last tenant (module image id and memory index), or NO_AFFINITY. */
  affinity = NO_AFFINITY;
  /** Whether a tenant holds the slot. */
  inUse = false;

  constructor(index: number, size: number) {
    this.index = index;
    this.size = size;
  }

  get reserved(): boolean {
    return this.buffer.byteLength === this.size && this.size > 0;
  }

  /** Reserves the buffer if the slot has none. */
  reserve(): void {
    if (this.reserved || this.size === 0) return;
    try {
      this.buffer = new ArrayBuffer(this.size);
    } catch (e) {
      throw new WeftError('resource_limit', `pooling allocator: the host refused a memory slot of ${this.size} bytes`, { cause: e });
    }
    this.bytes = new Uint8Array(this.buffer);
    this.dirty = 0;
  }

  /** Drops the buffer (its pages return to the OS once V8 frees it); the next take reserves anew. */
  decommit(): void {
    this.buffer = EMPTY_BUFFER;
    this.bytes = EMPTY_BYTES;
    this.dirty = 0;
  }

  /**
   * Makes the slot look like a fresh memory of `initialBytes` for a new tenant: zeroes what the
   * previous tenant dirtied, and when `image` is given writes it at `imageStart` with one copy
   * (the bytes under the image are not zeroed first). Returns whether any byte was written.
   */
  prepare(initialBytes: number, image: Uint8Array | null, imageStart: number): boolean {
    const b = this.bytes;
    const d = this.dirty;
    let wrote = false;
    if (image !== null && image.length > 0) {
      const end = imageStart + image.length;
      if (d > 0) b.fill(0, 0, Math.min(imageStart, d));
      if (d > end) b.fill(0, end, d);
      b.set(image, imageStart);
      wrote = true;
    } else if (d > 0) {
      b.fill(0, 0, d);
      wrote = true;
    }
    this.dirty = initialBytes;
    return wrote;
  }
}
