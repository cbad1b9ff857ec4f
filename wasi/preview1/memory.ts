import type { Caller } from '../../kernel/runtime/func-instance.js';
import { Errno, WasiErrno } from './errno.js';

/** What WASI needs of a linear memory; `MemoryInstance` satisfies it. */
export interface MemoryLike {
  readonly buffer: ArrayBuffer;
  readonly byteLength: number;
  readonly generation: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Views over the calling instance's memory. One object per WASI context, re-bound on every
 * call: views are rebuilt only when the memory object, its generation or its buffer changes,
 * so an ordinary call allocates nothing. Every access is bounds-checked against `byteLength`
 * (the allocator may reserve a larger buffer than the guest may see) and fails with EFAULT.
 */
export class GuestMemory {
  u8: Uint8Array = new Uint8Array(0);
  dv: DataView = new DataView(new ArrayBuffer(0));
  limit = 0;
  private mem: MemoryLike | null = null;
  private generation = -1;
  private buffer: ArrayBuffer | null = null;

  /** Binds to `caller`'s exported `memory`; ENOTSUP-free: a guest without memory gets EFAULT on access. */
  bind(caller: Caller): this {
    const m = caller.getExport('memory') as MemoryLike | undefined;
    if (m === undefined || m === null) {
      this.mem = null; this.limit = 0;
      return this;
    }
    if (m !== this.mem || m.generation !== this.generation || m.buffer !== this.buffer) {
      this.mem = m;
      this.generation = m.generation;
      this.buffer = m.buffer;
      this.u8 = new Uint8Array(m.buffer);
      this.dv = new DataView(m.buffer);
    }
    this.limit = Math.min(m.byteLength, this.u8.byteLength);
    return this;
  }

  check(ptr: number, len: number): number {
    ptr >>>= 0;
    if (ptr + len > this.limit) throw new WasiErrno(Errno.FAULT);
    return ptr;
  }

  u8At(ptr: number): number { return this.u8[this.check(ptr, 1)]; }
  u16(ptr: number): number { return this.dv.getUint16(this.check(ptr, 2), true); }
  u32(ptr: number): number { return this.dv.getUint32(this.check(ptr, 4), true); }
  u64(ptr: number): bigint { return this.dv.getBigUint64(this.check(ptr, 8), true); }
  setU8(ptr: number, v: number): void { this.u8[this.check(ptr, 1)] = v; }
  setU16(ptr: number, v: number): void { this.dv.setUint16(this.check(ptr, 2), v, true); }
  setU32(ptr: number, v: number): void { this.dv.setUint32(this.check(ptr, 4), v >>> 0, true); }
  /** u64 from a non-negative safe integer, without allocating a BigInt. */
  setU64n(ptr: number, v: number): void {
    const p = this.check(ptr, 8);
    this.dv.setUint32(p, v >>> 0, true);
    this.dv.setUint32(p + 4, Math.floor(v / 4294967296) >>> 0, true);
  }
  /** DataView wraps any BigInt modulo 2^64 itself, so no asUintN (and its allocation) is needed. */
  setU64(ptr: number, v: bigint): void { this.dv.setBigUint64(this.check(ptr, 8), v, true); }

  /** A live view of guest bytes (valid until the next grow). */
  bytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len >>> 0);
    return this.u8.subarray(p, p + (len >>> 0));
  }

  /** A UTF-8 string from guest memory; invalid UTF-8 is EILSEQ. */
  string(ptr: number, len: number): string {
    const b = this.bytes(ptr, len);
    // Short ASCII paths are the common case; building them directly skips the decoder's call cost.
    if (b.length <= 64) {
      let s = '';
      let i = 0;
      for (; i < b.length && b[i] < 0x80; i++) s += String.fromCharCode(b[i]);
      if (i === b.length) return s;
    }
    try {
      return decoder.decode(b);
    } catch {
      throw new WasiErrno(Errno.ILSEQ);
    }
  }

  /** Copies `src` (at most `max` bytes) to guest memory; returns the count written. */
  write(ptr: number, src: Uint8Array, max = src.length): number {
    const n = Math.min(max, src.length);
    const p = this.check(ptr, n);
    this.u8.set(n === src.length ? src : src.subarray(0, n), p);
    return n;
  }
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
