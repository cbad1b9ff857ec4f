/**
 * IEEE 754 bit patterns of JavaScript numbers, for bit-exact float comparison and the
 * `nan:canonical` / `nan:arithmetic` checks. Scratch arrays are shared (no allocation per value).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

export function f32Bits(v: number): number {
  f32[0] = v;
  return u32[0];
}

export function f64Bits(v: number): bigint {
  f64[0] = v;
  return u64[0];
}

export function f32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0];
}

export function f64FromBits(bits: bigint): number {
  u64[0] = bits;
  return f64[0];
}

const F32_EXP = 0x7f800000;
const F32_QUIET = 0x00400000;
const F32_PAYLOAD = 0x007fffff;
const F64_EXP = 0x7ff0000000000000n;
const F64_QUIET = 0x0008000000000000n;
const F64_PAYLOAD = 0x000fffffffffffffn;

/** Canonical NaN: only the quiet bit set in the payload (either sign). */
export function isCanonicalNan32(bits: number): boolean {
  return (bits & 0x7fffffff) >>> 0 === (F32_EXP | F32_QUIET) >>> 0;
}

/** Arithmetic NaN: any NaN with the quiet bit set (either sign). */
export function isArithmeticNan32(bits: number): boolean {
  return (bits & F32_EXP) >>> 0 === F32_EXP && (bits & F32_QUIET) !== 0 && (bits & F32_PAYLOAD) !== 0;
}

export function isCanonicalNan64(bits: bigint): boolean {
  return (bits & 0x7fffffffffffffffn) === (F64_EXP | F64_QUIET);
}

export function isArithmeticNan64(bits: bigint): boolean {
  return (bits & F64_EXP) === F64_EXP && (bits & F64_QUIET) !== 0n && (bits & F64_PAYLOAD) !== 0n;
}
