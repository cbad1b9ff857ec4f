/**
 * Whole-memory change detection for host functions whose writes are not known in advance
 * (user host functions, the few WASI calls without a region rule). Before the call the visible
 * memory is copied into a reusable scratch buffer; after it, 4 KiB blocks are compared with
 * `Buffer.compare` (memcmp) and changed runs of blocks are reported as regions. Costs a copy and
 * a compare of the memory per call, which is why WASI calls use `wasi-write-regions.ts` instead.
 */
import type { Regions } from './wasi-write-regions.js';

const BLOCK = 4096;

/** What the recorder needs of a linear memory (`MemoryInstance` satisfies it). */
export interface MemoryView {
  readonly buffer: ArrayBuffer;
  readonly byteLength: number;
}

export class MemoryDiff {
  private scratch: Buffer = Buffer.alloc(0);
  private length = 0;

  /** Copies the memory's visible bytes. */
  snapshot(mem: MemoryView): void {
    const len = mem.byteLength;
    if (this.scratch.length < len) this.scratch = Buffer.allocUnsafe(len);
    Buffer.from(mem.buffer, 0, len).copy(this.scratch, 0, 0, len);
    this.length = len;
  }

  /** Appends the changed regions since `snapshot` (a grown tail counts as changed) to `out`. */
  changes(mem: MemoryView, out: Regions): void {
    const now = Buffer.from(mem.buffer, 0, mem.byteLength);
    const common = Math.min(this.length, now.length);
    let runStart = -1;
    for (let off = 0; off < common; off += BLOCK) {
      const end = Math.min(off + BLOCK, common);
      const same = Buffer.compare(now.subarray(off, end), this.scratch.subarray(off, end)) === 0;
      if (!same && runStart < 0) runStart = off;
      else if (same && runStart >= 0) {
        out.push(runStart, off - runStart);
        runStart = -1;
      }
    }
    if (runStart >= 0) out.push(runStart, common - runStart);
    if (now.length > common) out.push(common, now.length - common);
  }
}
