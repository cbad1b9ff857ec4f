/**
 * Growable byte buffer for the binary encoder: LEB128 integers, names and nested
 * size-prefixed blocks. One sink is reused for a whole module, so encoding allocates only
 * when the buffer doubles.
 */
const utf8 = new TextEncoder();

export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): this {
    this.reserve(1);
    this.buf[this.length++] = b;
    return this;
  }

  /** Unsigned LEB128 of a number below 2^53. */
  u32(v: number): this {
    this.reserve(10);
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
    return this;
  }

  /**
   * Unsigned LEB128 of a 64-bit value held in a JS number (memarg offsets, 64-bit limits).
   * Numbers above 2^53 are inexact; the only ones the decoder produces that round to 2^64
   * stand for 2^64-1, written canonically.
   */
  u64(v: number): this {
    if (v >= 18446744073709551615) {
      for (let i = 0; i < 9; i++) this.u8(0xff);
      return this.u8(0x01);
    }
    return this.u32(v);
  }

  /** Signed LEB128 of a 32-bit (or 33-bit) integer given as a JS number. */
  s32(v: number): this {
    this.reserve(10);
    for (;;) {
      const b = v & 0x7f;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.buf[this.length++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  /** Signed LEB128 of a 64-bit integer. */
  s64(v: bigint): this {
    this.reserve(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.buf[this.length++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** A UTF-8 name as vec(byte). */
  name(s: string): this {
    const b = utf8.encode(s);
    this.u32(b.length);
    return this.bytes(b);
  }

  /** Writes `body` into this sink prefixed with its byte length as u32 LEB128. */
  sized(body: (sink: ByteSink) => void): this {
    const inner = new ByteSink();
    body(inner);
    this.u32(inner.length);
    return this.bytes(inner.view());
  }

  /** A view of the bytes written so far (invalidated by further writes). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Number of bytes of the unsigned LEB128 at `pos`. */
export function lebLength(bytes: Uint8Array, pos: number): number {
  let n = 1;
  while (bytes[pos + n - 1] & 0x80) n++;
  return n;
}

/** Decodes the unsigned LEB128 at `pos` (no range checks: the module was validated). */
export function readLeb(bytes: Uint8Array, pos: number): number {
  let result = 0;
  let mul = 1;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * mul;
    if (!(b & 0x80)) return result;
    mul *= 128;
  }
}
