/**
 * Numeric helpers for the run loop: f32 values travel as raw bits (so NaN payloads survive
 * loads, stores, neg/abs/copysign and reinterprets), f64 values as doubles in a Float64Array
 * slot, i64 values as two i32 halves of that same slot. Nothing here allocates except the
 * i64 division helpers, which use BigInt (division is rare compared with add/mul/compare).
 *
 * Results of two-word operations are returned through `R64` (lo, hi) rather than as arrays.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';

const scratch = new ArrayBuffer(8);
const SF32 = new Float32Array(scratch);
const SI32 = new Int32Array(scratch);
const SF64 = new Float64Array(scratch);

/** Two-word result register of the i64 helpers (read `lo`/`hi` right after the call). */
export const R64 = { lo: 0, hi: 0 };

export function f32FromBits(bits: number): number {
  SI32[0] = bits;
  return SF32[0];
}

export function f32ToBits(v: number): number {
  SF32[0] = v;
  return SI32[0];
}

/** Sets R64 to the raw bits of f64 `v`. */
export function f64ToBitsR(v: number): void {
  SF64[0] = v;
  R64.lo = SI32[0];
  R64.hi = SI32[1];
}

export function f64FromBits(lo: number, hi: number): number {
  SI32[0] = lo;
  SI32[1] = hi;
  return SF64[0];
}

export function trap(code: TrapCode, message?: string): never {
  throw new Trap(code, message);
}

/** Quiets a NaN produced by a JS builtin that returns its NaN argument unchanged. */
export function quiet(x: number): number {
  return x === x ? x : x + 0;
}

// ---- float rounding (roundTiesToEven; sign of zero preserved) -------------------------------

export function nearest(x: number): number {
  if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
  const ax = Math.abs(x);
  if (ax >= 4503599627370496) return x; // 2^52: already integral
  let r = Math.floor(ax);
  const diff = ax - r;
  if (diff > 0.5 || (diff === 0.5 && r % 2 === 1)) r += 1;
  return x < 0 ? -r : r; // -r keeps -0 for -0.3 → -0
}

/** f64 min/max with wasm NaN and ±0 rules (Math.min/max already follow them). */
export function fmin(a: number, b: number): number {
  return a !== a || b !== b ? a + b : Math.min(a, b);
}

export function fmax(a: number, b: number): number {
  return a !== a || b !== b ? a + b : Math.max(a, b);
}

// ---- i32 ---------------------------------------------------------------------------------

export function i32DivS(a: number, b: number): number {
  if (b === 0) trap(TrapCode.IntegerDivisionByZero);
  if (a === -2147483648 && b === -1) trap(TrapCode.IntegerOverflow);
  return (a / b) | 0;
}

export function i32DivU(a: number, b: number): number {
  if (b === 0) trap(TrapCode.IntegerDivisionByZero);
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function i32RemS(a: number, b: number): number {
  if (b === 0) trap(TrapCode.IntegerDivisionByZero);
  if (b === -1) return 0;
  return (a % b) | 0;
}

export function i32RemU(a: number, b: number): number {
  if (b === 0) trap(TrapCode.IntegerDivisionByZero);
  return ((a >>> 0) % (b >>> 0)) | 0;
}

export function ctz32(x: number): number {
  if (x === 0) return 32;
  return 31 - Math.clz32(x & -x);
}

export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

// ---- i64 as (lo, hi) halves ------------------------------------------------------------

/** Low 64 bits of a*b into R64. */
export function mul64(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  const t = a0 * b0;
  const c1 = a1 * b0 + (t >>> 16);
  const c2 = a0 * b1 + (c1 & 0xffff);
  const high = a1 * b1 + (c1 >>> 16) + (c2 >>> 16);
  R64.lo = Math.imul(alo, blo);
  R64.hi = (high + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** Writes a bigint (any size, wrapped to 64 bits) into R64. */
export function fromBig(v: bigint): void {
  R64.lo = Number(BigInt.asIntN(32, v));
  R64.hi = Number(BigInt.asIntN(32, v >> 32n));
}

export function div64(signed: boolean, rem: boolean, alo: number, ahi: number, blo: number, bhi: number): void {
  if (blo === 0 && bhi === 0) trap(TrapCode.IntegerDivisionByZero);
  if (signed) {
    if (rem) {
      if (blo === -1 && bhi === -1) { R64.lo = 0; R64.hi = 0; return; }
      fromBig(toBig(alo, ahi) % toBig(blo, bhi));
      return;
    }
    if (alo === 0 && ahi === -2147483648 && blo === -1 && bhi === -1) trap(TrapCode.IntegerOverflow);
    fromBig(toBig(alo, ahi) / toBig(blo, bhi));
    return;
  }
  const a = BigInt.asUintN(64, toBig(alo, ahi));
  const b = BigInt.asUintN(64, toBig(blo, bhi));
  fromBig(rem ? a % b : a / b);
}

export function shl64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { R64.lo = lo; R64.hi = hi; return; }
  if (n < 32) { R64.hi = (hi << n) | (lo >>> (32 - n)); R64.lo = lo << n; return; }
  R64.hi = lo << (n - 32);
  R64.lo = 0;
}

export function shrS64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { R64.lo = lo; R64.hi = hi; return; }
  if (n < 32) { R64.lo = (lo >>> n) | (hi << (32 - n)); R64.hi = hi >> n; return; }
  R64.lo = hi >> (n - 32);
  R64.hi = hi >> 31;
}

export function shrU64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { R64.lo = lo; R64.hi = hi; return; }
  if (n < 32) { R64.lo = (lo >>> n) | (hi << (32 - n)); R64.hi = hi >>> n; return; }
  R64.lo = hi >>> (n - 32);
  R64.hi = 0;
}

export function rotl64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { R64.lo = lo; R64.hi = hi; return; }
  if (n >= 32) { const t = lo; lo = hi; hi = t; n -= 32; }
  if (n === 0) { R64.lo = lo; R64.hi = hi; return; }
  const nlo = (lo << n) | (hi >>> (32 - n));
  R64.hi = (hi << n) | (lo >>> (32 - n));
  R64.lo = nlo;
}

export function rotr64(lo: number, hi: number, n: number): void {
  rotl64(lo, hi, (64 - (n & 63)) & 63);
}

export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function ctz64(lo: number, hi: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** Unsigned comparison of two i64: -1, 0, 1. */
export function cmpU64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return (ahi >>> 0) < (bhi >>> 0) ? -1 : 1;
  if (alo !== blo) return (alo >>> 0) < (blo >>> 0) ? -1 : 1;
  return 0;
}

export function cmpS64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return ahi < bhi ? -1 : 1;
  if (alo !== blo) return (alo >>> 0) < (blo >>> 0) ? -1 : 1;
  return 0;
}

// ---- conversions -------------------------------------------------------------------------

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** Exact i64 → number (may round; single rounding so it is correct for f64). */
export function i64ToF64(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

export function u64ToF64(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/**
 * Unsigned 64-bit magnitude → f32 with a single rounding: above 2^53 the bits that a double
 * would drop are folded into one sticky bit first, so the double is exact and fround rounds once.
 */
function u64MagToF32(lo: number, hi: number): number {
  if ((hi >>> 0) >= 0x200000) {
    if ((lo & 0xfff) !== 0) lo = (lo & ~0xfff) | 0x800;
  }
  return Math.fround((hi >>> 0) * TWO32 + (lo >>> 0));
}

export function i64ToF32(lo: number, hi: number): number {
  if (hi < 0) {
    // magnitude of a negative value: two's complement negate
    const nlo = (~lo + 1) | 0;
    const nhi = (~hi + (nlo === 0 ? 1 : 0)) | 0;
    return -u64MagToF32(nlo, nhi);
  }
  return u64MagToF32(lo, hi);
}

export function u64ToF32(lo: number, hi: number): number {
  return u64MagToF32(lo, hi);
}

/** Truncating conversion with the spec's traps. kind: 0 i32_s, 1 i32_u. */
export function truncI32(x: number, unsigned: boolean): number {
  if (x !== x) trap(TrapCode.BadConversionToInteger);
  if (unsigned) {
    if (!(x > -1 && x < TWO32)) trap(TrapCode.IntegerOverflow);
    return Math.trunc(x) | 0;
  }
  if (!(x > -2147483649 && x < 2147483648)) trap(TrapCode.IntegerOverflow);
  return Math.trunc(x) | 0;
}

export function truncSatI32(x: number, unsigned: boolean): number {
  if (x !== x) return 0;
  if (unsigned) {
    if (x <= -1) return 0;
    if (x >= TWO32) return -1;
    return Math.trunc(x) | 0;
  }
  if (x <= -2147483649) return -2147483648;
  if (x >= 2147483648) return 2147483647;
  return Math.trunc(x) | 0;
}

/** Writes trunc(x) (known to be in the i64/u64 range) into R64. */
function splitInt(t: number): void {
  const hi = Math.floor(t / TWO32);
  const lo = t - hi * TWO32;
  R64.lo = lo | 0;
  R64.hi = hi | 0; // hi in [-2^31, 2^32): `| 0` wraps u64 high words correctly
}

export function truncI64(x: number, unsigned: boolean): void {
  if (x !== x) trap(TrapCode.BadConversionToInteger);
  if (unsigned) {
    if (!(x > -1 && x < TWO64)) trap(TrapCode.IntegerOverflow);
  } else if (!(x >= -TWO63 && x < TWO63)) {
    trap(TrapCode.IntegerOverflow);
  }
  splitInt(Math.trunc(x));
}

export function truncSatI64(x: number, unsigned: boolean): void {
  if (x !== x) { R64.lo = 0; R64.hi = 0; return; }
  if (unsigned) {
    if (x <= -1) { R64.lo = 0; R64.hi = 0; return; }
    if (x >= TWO64) { R64.lo = -1; R64.hi = -1; return; }
  } else {
    if (x < -TWO63) { R64.lo = 0; R64.hi = -2147483648; return; }
    if (x >= TWO63) { R64.lo = -1; R64.hi = 2147483647; return; }
  }
  splitInt(Math.trunc(x));
}
