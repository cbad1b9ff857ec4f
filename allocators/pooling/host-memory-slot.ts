import { WeftError } from '../../kernel/errors/weft-error.js';
import { PAGE_SIZE } from '../../kernel/runtime/memory-instance.js';

/**
 * A pooled `WebAssembly.Memory`, for backends that import memories into host-engine code. A
 * host memory can neither shrink nor change its maximum, and the guest sees its current size
 * (`memory.size`), so a slot is reusable only by a memory with the same maximum and a minimum
 * at least its current size; otherwise the slot replaces its memory. Its buffer cannot be
 * detached either: a disposed native instance still holding it would see the next tenant (the
 * native backend must refuse calls after dispose; see the pooling README).
 */
export class HostMemorySlot {
  memory: WebAssembly.Memory | null = null;
  /** The memory's maximum in pages (fixed at creation). */
  maxPages = 0;
  epoch = 0;
  inUse = false;

  /** Whether the current memory can become a fresh memory of `minPages` / `maxPages`. */
  fits(minPages: number, maxPages: number): boolean {
    return this.memory !== null && this.maxPages === maxPages && this.memory.buffer.byteLength <= minPages * PAGE_SIZE;
  }

  /**
   * Gives the slot a fresh-looking memory of `minPages`: zeroes the reused memory's whole
   * current size (the guest could write anywhere in it) and grows it to `minPages`, or creates
   * a new one; then writes `image` at `imageStart` (the bytes under it are not zeroed first).
   * Returns whether an existing memory was reset.
   */
  prepare(minPages: number, maxPages: number, image: Uint8Array | null, imageStart: number): boolean {
    const reused = this.fits(minPages, maxPages);
    if (reused) {
      const m = this.memory!;
      const bytes = new Uint8Array(m.buffer);
      if (image !== null && image.length > 0) {
        bytes.fill(0, 0, imageStart);
        bytes.fill(0, imageStart + image.length);
      } else {
        bytes.fill(0);
      }
      const pages = m.buffer.byteLength / PAGE_SIZE;
      if (pages < minPages) m.grow(minPages - pages);
    } else {
      try {
        this.memory = new WebAssembly.Memory({ initial: minPages, maximum: maxPages });
      } catch (e) {
        throw new WeftError('resource_limit', `pooling allocator: the host refused a memory of ${minPages} pages`, { cause: e });
      }
      this.maxPages = maxPages;
    }
    if (image !== null && image.length > 0) new Uint8Array(this.memory!.buffer).set(image, imageStart);
    return reused;
  }
}
