/**
 * Cursor over WebAssembly binary bytes: LEB128 integers with the spec's range checks,
 * floats, names, value/heap/reference types. Shared by the module decoder, the validator
 * and every backend's code translation, so each reads the binary format the same way.
 * Errors are `CompileError`s of kind `malformed` carrying the byte offset.
 */
import { CompileError } from '../errors/compile-error.js';
import { refType, type HeapType, type RefType, type ValType } from './types.js';
import * as T from './types.js';

// ignoreBOM: a leading U+FEFF is part of the name (the default would strip it).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Abstract heap types by their one-byte (negative s33) code. */
const ABS_HEAP: Readonly<Record<number, T.AbsHeapType>> = {
  0x70: 'func', 0x6f: 'extern', 0x6e: 'any', 0x6d: 'eq', 0x6c: 'i31', 0x6b: 'struct',
  0x6a: 'array', 0x69: 'exn', 0x71: 'none', 0x72: 'noextern', 0x73: 'nofunc', 0x74: 'noexn',
};

/** Nullable shorthand reference types (`funcref` = 0x70, ...), shared singletons. */
const SHORTHAND: Readonly<Record<number, RefType>> = {
  0x70: T.funcref, 0x6f: T.externref, 0x6e: T.anyref, 0x6d: T.eqref, 0x6c: T.i31ref,
  0x6b: T.structref, 0x6a: T.arrayref, 0x69: T.exnref, 0x71: T.nullref, 0x72: T.nullexternref,
  0x73: T.nullfuncref, 0x74: T.nullexnref,
};

export function isAbsHeapCode(b: number): boolean {
  return ABS_HEAP[b] !== undefined;
}

export class BinaryReader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  /** Added to `pos` in error offsets, when `bytes` is a slice of a larger module. */
  readonly base: number;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length, base = 0) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.base = base;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Absolute offset of the cursor in the module. */
  get offset(): number {
    return this.base + this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  error(reason: string, at = this.pos): CompileError {
    return new CompileError(reason, { offset: this.base + at, kind: 'malformed' });
  }

  u8(): number {
    if (this.pos >= this.end) throw this.error('unexpected end');
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) throw this.error('unexpected end');
    return this.bytes[this.pos];
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    let b = this.u8();
    if (b < 0x80) return b;
    let result = b & 0x7f;
    let shift = 7;
    for (let i = 1; i < 5; i++) {
      b = this.u8();
      if (i === 4) {
        if (b & 0x80) throw this.error('integer representation too long', this.pos - 1);
        if (b & 0x70) throw this.error('integer too large', this.pos - 1);
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
    return result >>> 0; // unreachable: the 5th byte always returns or throws
  }

  /** Signed LEB128, at most 32 bits. */
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    for (let i = 0; ; i++) {
      b = this.u8();
      if (i === 4) {
        if (b & 0x80) throw this.error('integer representation too long', this.pos - 1);
        // Bits 4..6 of the last byte must repeat bit 3 (the sign bit of the 32-bit value).
        const high = b & 0x70;
        if (high !== 0 && high !== 0x70) throw this.error('integer too large', this.pos - 1);
        if (((b & 0x08) !== 0) !== (high === 0x70)) throw this.error('integer too large', this.pos - 1);
        result |= (b & 0x7f) << shift;
        return result | 0;
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (shift < 32 && (b & 0x40)) result |= -1 << shift;
    return result | 0;
  }

  /** Signed LEB128 of at most 33 bits (block types, heap types); returned as a JS number. */
  s33(): number {
    let result = 0;
    let mul = 1;
    let b: number;
    for (let i = 0; ; i++) {
      b = this.u8();
      if (i === 4) {
        if (b & 0x80) throw this.error('integer representation too long', this.pos - 1);
        const high = b & 0x60;
        if (high !== 0 && high !== 0x60) throw this.error('integer too large', this.pos - 1);
        if (((b & 0x10) !== 0) !== (high === 0x60)) throw this.error('integer too large', this.pos - 1);
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) break;
    }
    if (b & 0x40) result -= mul;
    return result;
  }

  /** Signed LEB128 of at most 64 bits, as a bigint. */
  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    for (let i = 0; ; i++) {
      b = this.u8();
      if (i === 9) {
        if (b & 0x80) throw this.error('integer representation too long', this.pos - 1);
        // The 10th byte holds bit 63 only; the rest must be its sign extension.
        if (b !== 0 && b !== 0x7f) throw this.error('integer too large', this.pos - 1);
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) break;
    }
    if (shift < 64n && (b & 0x40)) result -= 1n << shift;
    return BigInt.asIntN(64, result);
  }

  /** Unsigned LEB128 of at most 64 bits, as a JS number (exact below 2^53; larger values lose precision but stay > 2^53). */
  u64(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      const b = this.u8();
      if (i === 9) {
        if (b & 0x80) throw this.error('integer representation too long', this.pos - 1);
        if (b & 0x7e) throw this.error('integer too large', this.pos - 1);
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return result;
    }
  }

  /** Raw little-endian f32 bits (NaN payloads preserved). */
  f32bits(): number {
    if (this.pos + 4 > this.end) throw this.error('unexpected end');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Raw little-endian f64 bits as [lo, hi] written into the two out fields of `out`. */
  f64bits(out: { lo: number; hi: number }): void {
    if (this.pos + 8 > this.end) throw this.error('unexpected end');
    out.lo = this.view.getUint32(this.pos, true);
    out.hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
  }

  /** A view of the next `n` bytes (no copy). */
  take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw this.error('unexpected end');
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A UTF-8 name (vec(byte)). */
  name(): string {
    const at = this.pos;
    const len = this.u32();
    if (len > this.end - this.pos) throw this.error('length out of bounds', at);
    const start = this.pos;
    const raw = this.take(len);
    try {
      return utf8.decode(raw);
    } catch {
      throw this.error('malformed UTF-8 encoding', start);
    }
  }

  /** A heap type: abstract (one byte) or a type index (s33 >= 0). */
  heapType(): HeapType {
    const b = this.peek();
    const abs = ABS_HEAP[b];
    if (abs !== undefined) {
      this.pos++;
      return abs;
    }
    const at = this.pos;
    const idx = this.s33();
    if (idx < 0) throw this.error('malformed heap type', at);
    return idx;
  }

  /** A reference type (shorthand byte, or 0x64/0x63 followed by a heap type). */
  refType(): RefType {
    const at = this.pos;
    const b = this.u8();
    const short = SHORTHAND[b];
    if (short !== undefined) return short;
    if (b === 0x64 || b === 0x63) return refType(b === 0x63, this.heapType());
    throw this.error('malformed reference type', at);
  }

  /** A value type. */
  valType(): ValType {
    const at = this.pos;
    const b = this.peek();
    switch (b) {
      case 0x7f: this.pos++; return 'i32';
      case 0x7e: this.pos++; return 'i64';
      case 0x7d: this.pos++; return 'f32';
      case 0x7c: this.pos++; return 'f64';
      case 0x7b: this.pos++; return 'v128';
    }
    if (SHORTHAND[b] !== undefined || b === 0x64 || b === 0x63) return this.refType();
    throw this.error('malformed value type', at);
  }
}
