/**
 * Lane-wise integer arithmetic: add/sub/mul, saturating add/sub, min/max, avgr_u, abs, neg,
 * popcnt and q15mulr_sat_s. Every output lane depends only on the same lane of the inputs, so
 * writing straight into `dst` is safe when it aliases an operand. Wrapping comes for free from
 * storing into the typed array of the lane width. i64x2 ops work on 32-bit halves (no BigInt).
 */
import type { SimdViews } from './views.js';

// ---- i8x16 ----

export function i8x16Add(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) u[dst + i] = u[a + i] + u[b + i];
}

export function i8x16Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) u[dst + i] = u[a + i] - u[b + i];
}

export function i8x16AddSatS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i8;
  for (let i = 0; i < 16; i++) {
    const r = s[a + i] + s[b + i];
    s[dst + i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
}

export function i8x16AddSatU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) {
    const r = u[a + i] + u[b + i];
    u[dst + i] = r > 255 ? 255 : r;
  }
}

export function i8x16SubSatS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i8;
  for (let i = 0; i < 16; i++) {
    const r = s[a + i] - s[b + i];
    s[dst + i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
}

export function i8x16SubSatU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) {
    const r = u[a + i] - u[b + i];
    u[dst + i] = r < 0 ? 0 : r;
  }
}

export function i8x16MinS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i8;
  for (let i = 0; i < 16; i++) {
    const x = s[a + i];
    const y = s[b + i];
    s[dst + i] = x < y ? x : y;
  }
}

export function i8x16MinU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) {
    const x = u[a + i];
    const y = u[b + i];
    u[dst + i] = x < y ? x : y;
  }
}

export function i8x16MaxS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i8;
  for (let i = 0; i < 16; i++) {
    const x = s[a + i];
    const y = s[b + i];
    s[dst + i] = x > y ? x : y;
  }
}

export function i8x16MaxU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) {
    const x = u[a + i];
    const y = u[b + i];
    u[dst + i] = x > y ? x : y;
  }
}

export function i8x16AvgrU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) u[dst + i] = (u[a + i] + u[b + i] + 1) >>> 1;
}

export function i8x16Abs(v: SimdViews, dst: number, a: number): void {
  const s = v.i8;
  // abs(-128) wraps back to -128 when stored, as the spec requires.
  for (let i = 0; i < 16; i++) {
    const x = s[a + i];
    s[dst + i] = x < 0 ? -x : x;
  }
}

export function i8x16Neg(v: SimdViews, dst: number, a: number): void {
  const s = v.i8;
  for (let i = 0; i < 16; i++) s[dst + i] = -s[a + i];
}

export function i8x16Popcnt(v: SimdViews, dst: number, a: number): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) {
    let x = u[a + i];
    x = x - ((x >>> 1) & 0x55);
    x = (x & 0x33) + ((x >>> 2) & 0x33);
    u[dst + i] = (x + (x >>> 4)) & 0x0f;
  }
}

// ---- i16x8 ----

export function i16x8Add(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = u[x + i] + u[y + i];
}

export function i16x8Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = u[x + i] - u[y + i];
}

export function i16x8Mul(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = Math.imul(u[x + i], u[y + i]);
}

export function i16x8AddSatS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const r = s[x + i] + s[y + i];
    s[d + i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

export function i16x8AddSatU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const r = u[x + i] + u[y + i];
    u[d + i] = r > 65535 ? 65535 : r;
  }
}

export function i16x8SubSatS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const r = s[x + i] - s[y + i];
    s[d + i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

export function i16x8SubSatU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const r = u[x + i] - u[y + i];
    u[d + i] = r < 0 ? 0 : r;
  }
}

export function i16x8MinS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = s[x + i];
    const q = s[y + i];
    s[d + i] = p < q ? p : q;
  }
}

export function i16x8MinU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = u[x + i];
    const q = u[y + i];
    u[d + i] = p < q ? p : q;
  }
}

export function i16x8MaxS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = s[x + i];
    const q = s[y + i];
    s[d + i] = p > q ? p : q;
  }
}

export function i16x8MaxU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = u[x + i];
    const q = u[y + i];
    u[d + i] = p > q ? p : q;
  }
}

export function i16x8AvgrU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = (u[x + i] + u[y + i] + 1) >>> 1;
}

/** Rounding, saturating Q15 multiply: only -32768 * -32768 saturates (to 32767). */
export function i16x8Q15mulrSatS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const r = (s[x + i] * s[y + i] + 0x4000) >> 15;
    s[d + i] = r > 32767 ? 32767 : r;
  }
}

export function i16x8Abs(v: SimdViews, dst: number, a: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1;
  for (let i = 0; i < 8; i++) {
    const p = s[x + i];
    s[d + i] = p < 0 ? -p : p;
  }
}

export function i16x8Neg(v: SimdViews, dst: number, a: number): void {
  const s = v.i16;
  const d = dst >> 1, x = a >> 1;
  for (let i = 0; i < 8; i++) s[d + i] = -s[x + i];
}

// ---- i32x4 ----

export function i32x4Add(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = s[x + i] + s[y + i];
}

export function i32x4Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = s[x + i] - s[y + i];
}

export function i32x4Mul(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = Math.imul(s[x + i], s[y + i]);
}

export function i32x4MinS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = s[x + i];
    const q = s[y + i];
    s[d + i] = p < q ? p : q;
  }
}

export function i32x4MinU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = u[x + i];
    const q = u[y + i];
    u[d + i] = p < q ? p : q;
  }
}

export function i32x4MaxS(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = s[x + i];
    const q = s[y + i];
    s[d + i] = p > q ? p : q;
  }
}

export function i32x4MaxU(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = u[x + i];
    const q = u[y + i];
    u[d + i] = p > q ? p : q;
  }
}

export function i32x4Abs(v: SimdViews, dst: number, a: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) {
    const p = s[x + i];
    s[d + i] = p < 0 ? -p : p;
  }
}

export function i32x4Neg(v: SimdViews, dst: number, a: number): void {
  const s = v.i32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = -s[x + i];
}

// ---- i64x2, as (lo, hi) pairs of 32-bit words ----

export function i64x2Add(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i += 2) {
    const lo = u[x + i] + u[y + i];
    const carry = lo > 0xffffffff ? 1 : 0;
    u[d + i + 1] = u[x + i + 1] + u[y + i + 1] + carry;
    u[d + i] = lo;
  }
}

export function i64x2Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i += 2) {
    const lo = u[x + i] - u[y + i];
    const borrow = lo < 0 ? 1 : 0;
    u[d + i + 1] = u[x + i + 1] - u[y + i + 1] - borrow;
    u[d + i] = lo;
  }
}

/** Negates the i64 (lo, hi) at word index `x` into word index `d` of `u`. */
function neg64(u: Uint32Array, d: number, x: number): void {
  const lo = (~u[x] + 1) >>> 0;
  u[d + 1] = ~u[x + 1] + (lo === 0 ? 1 : 0);
  u[d] = lo;
}

export function i64x2Neg(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  neg64(u, d, x);
  neg64(u, d + 2, x + 2);
}

export function i64x2Abs(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    if (u[x + i + 1] >= 0x80000000) neg64(u, d + i, x + i);
    else {
      u[d + i] = u[x + i];
      u[d + i + 1] = u[x + i + 1];
    }
  }
}

/** High 32 bits of the unsigned 64-bit product of two u32 values (exact, no BigInt). */
export function mulHiU32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16;
  const b0 = b & 0xffff, b1 = b >>> 16;
  const lo = a0 * b0;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const t = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (a1 * b1 + Math.floor(m1 / 65536) + Math.floor(m2 / 65536) + Math.floor(t / 65536)) >>> 0;
}

export function i64x2Mul(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i += 2) {
    const alo = u[x + i], ahi = u[x + i + 1];
    const blo = u[y + i], bhi = u[y + i + 1];
    // (ahi·2^32 + alo)(bhi·2^32 + blo) mod 2^64: the ahi·bhi term vanishes.
    u[d + i + 1] = mulHiU32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo);
    u[d + i] = Math.imul(alo, blo);
  }
}
