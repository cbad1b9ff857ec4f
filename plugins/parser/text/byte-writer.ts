/**
 * A growable byte buffer with the binary format's primitive encodings (LEB128, IEEE bits,
 * names). Doubling growth keeps appends amortised O(1), so encoding stays linear.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const bigger = new Uint8Array(cap);
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  /** Forget the contents but keep the buffer (scratch writers are reused). */
  reset(): void {
    this.len = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Unsigned LEB128 of a number below 2^53. */
  u32(v: number): void {
    this.ensure(10);
    let x = v;
    for (;;) {
      const b = x % 128;
      x = Math.floor(x / 128);
      if (x === 0) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** Unsigned LEB128 of a 64-bit value (memory64 offsets and limits). */
  u64(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      if (x === 0n) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  /** Signed LEB128 of a 32-bit (or 33-bit type index) number. */
  s32(v: number): void {
    this.ensure(10);
    let x = v;
    for (;;) {
      const b = x & 0x7f;
      x = Math.floor(x / 128);
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** Signed LEB128 of a 64-bit value. */
  s64(v: bigint): void {
    let x = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      if ((x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  /** 32-bit little-endian (f32 bit patterns). */
  u32le(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.len] = v & 0xff;
    b[this.len + 1] = (v >>> 8) & 0xff;
    b[this.len + 2] = (v >>> 16) & 0xff;
    b[this.len + 3] = (v >>> 24) & 0xff;
    this.len += 4;
  }

  /** 64-bit little-endian (f64 bit patterns). */
  u64le(v: bigint): void {
    this.u32le(Number(v & 0xffffffffn));
    this.u32le(Number((v >> 32n) & 0xffffffffn));
  }

  /** A length-prefixed byte string. */
  vecBytes(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  /** A length-prefixed nested buffer (sections, function bodies). */
  sized(w: ByteWriter): void {
    this.u32(w.len);
    this.ensure(w.len);
    this.buf.set(w.buf.subarray(0, w.len), this.len);
    this.len += w.len;
  }

  /** Append another writer's contents. */
  append(w: ByteWriter): void {
    this.ensure(w.len);
    this.buf.set(w.buf.subarray(0, w.len), this.len);
    this.len += w.len;
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
