/**
 * Shape-changing conversions: narrow, extend, extadd_pairwise, extmul, dot, trunc_sat,
 * convert, demote and promote. Where an output lane depends on an input lane stored at a
 * different position (narrow, extend, extmul) the result is built in the module scratch vector
 * and copied to `dst`; where output lane i covers exactly the bytes it reads (extadd_pairwise,
 * dot, the f64 → 32-bit lane forms) inputs are read into locals before anything is written.
 */
import { mulHiU32 } from './int-arith.js';
import { fromScratch, scratch, type SimdViews } from './views.js';

// ---- narrow: lanes of a then lanes of b, saturated to the half-width type ----

export function i8x16NarrowI16x8S(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16, o = scratch.i8;
  const x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = s[x + i], q = s[y + i];
    o[i] = p > 127 ? 127 : p < -128 ? -128 : p;
    o[i + 8] = q > 127 ? 127 : q < -128 ? -128 : q;
  }
  fromScratch(v, dst);
}

export function i8x16NarrowI16x8U(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16, o = scratch.u8;
  const x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) {
    const p = s[x + i], q = s[y + i];
    o[i] = p > 255 ? 255 : p < 0 ? 0 : p;
    o[i + 8] = q > 255 ? 255 : q < 0 ? 0 : q;
  }
  fromScratch(v, dst);
}

export function i16x8NarrowI32x4S(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32, o = scratch.i16;
  const x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = s[x + i], q = s[y + i];
    o[i] = p > 32767 ? 32767 : p < -32768 ? -32768 : p;
    o[i + 4] = q > 32767 ? 32767 : q < -32768 ? -32768 : q;
  }
  fromScratch(v, dst);
}

export function i16x8NarrowI32x4U(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i32, o = scratch.u16;
  const x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) {
    const p = s[x + i], q = s[y + i];
    o[i] = p > 65535 ? 65535 : p < 0 ? 0 : p;
    o[i + 4] = q > 65535 ? 65535 : q < 0 ? 0 : q;
  }
  fromScratch(v, dst);
}

// ---- extend: the low or high half of the lanes, widened (`high` = 0 or 1) ----

export function i16x8ExtendI8x16S(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.i8, o = scratch.i16, x = a + (high << 3);
  for (let i = 0; i < 8; i++) o[i] = s[x + i];
  fromScratch(v, dst);
}

export function i16x8ExtendI8x16U(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.u8, o = scratch.u16, x = a + (high << 3);
  for (let i = 0; i < 8; i++) o[i] = s[x + i];
  fromScratch(v, dst);
}

export function i32x4ExtendI16x8S(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.i16, o = scratch.i32, x = (a >> 1) + (high << 2);
  for (let i = 0; i < 4; i++) o[i] = s[x + i];
  fromScratch(v, dst);
}

export function i32x4ExtendI16x8U(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.u16, o = scratch.u32, x = (a >> 1) + (high << 2);
  for (let i = 0; i < 4; i++) o[i] = s[x + i];
  fromScratch(v, dst);
}

export function i64x2ExtendI32x4S(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.i32, o = scratch.i32, x = (a >> 2) + (high << 1);
  const p = s[x], q = s[x + 1];
  o[0] = p;
  o[1] = p >> 31;
  o[2] = q;
  o[3] = q >> 31;
  fromScratch(v, dst);
}

export function i64x2ExtendI32x4U(v: SimdViews, dst: number, a: number, high: number): void {
  const s = v.u32, o = scratch.u32, x = (a >> 2) + (high << 1);
  const p = s[x], q = s[x + 1];
  o[0] = p;
  o[1] = 0;
  o[2] = q;
  o[3] = 0;
  fromScratch(v, dst);
}

// ---- extadd_pairwise: output lane i = a[2i] + a[2i+1], widened (reads exactly its own bytes) ----

export function i16x8ExtaddPairwiseI8x16S(v: SimdViews, dst: number, a: number): void {
  const s = v.i8, o = v.i16, d = dst >> 1;
  for (let i = 0; i < 8; i++) o[d + i] = s[a + 2 * i] + s[a + 2 * i + 1];
}

export function i16x8ExtaddPairwiseI8x16U(v: SimdViews, dst: number, a: number): void {
  const s = v.u8, o = v.u16, d = dst >> 1;
  for (let i = 0; i < 8; i++) o[d + i] = s[a + 2 * i] + s[a + 2 * i + 1];
}

export function i32x4ExtaddPairwiseI16x8S(v: SimdViews, dst: number, a: number): void {
  const s = v.i16, o = v.i32, d = dst >> 2, x = a >> 1;
  for (let i = 0; i < 4; i++) o[d + i] = s[x + 2 * i] + s[x + 2 * i + 1];
}

export function i32x4ExtaddPairwiseI16x8U(v: SimdViews, dst: number, a: number): void {
  const s = v.u16, o = v.u32, d = dst >> 2, x = a >> 1;
  for (let i = 0; i < 4; i++) o[d + i] = s[x + 2 * i] + s[x + 2 * i + 1];
}

// ---- extmul: widening multiply of the low or high halves (`high` = 0 or 1) ----

export function i16x8ExtmulI8x16S(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const s = v.i8, o = scratch.i16, h = high << 3;
  for (let i = 0; i < 8; i++) o[i] = s[a + h + i] * s[b + h + i];
  fromScratch(v, dst);
}

export function i16x8ExtmulI8x16U(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const s = v.u8, o = scratch.u16, h = high << 3;
  for (let i = 0; i < 8; i++) o[i] = s[a + h + i] * s[b + h + i];
  fromScratch(v, dst);
}

export function i32x4ExtmulI16x8S(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const s = v.i16, o = scratch.i32, x = (a >> 1) + (high << 2), y = (b >> 1) + (high << 2);
  for (let i = 0; i < 4; i++) o[i] = s[x + i] * s[y + i]; // |product| ≤ 2^30: exact
  fromScratch(v, dst);
}

export function i32x4ExtmulI16x8U(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const s = v.u16, o = scratch.u32, x = (a >> 1) + (high << 2), y = (b >> 1) + (high << 2);
  for (let i = 0; i < 4; i++) o[i] = s[x + i] * s[y + i]; // < 2^32: exact
  fromScratch(v, dst);
}

export function i64x2ExtmulI32x4S(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const s = v.i32, u = v.u32, o = scratch.u32;
  const x = (a >> 2) + (high << 1), y = (b >> 2) + (high << 1);
  for (let i = 0; i < 2; i++) {
    const p = u[x + i], q = u[y + i];
    // Signed high word = unsigned high word − (p<0 ? q : 0) − (q<0 ? p : 0)  (mod 2^32).
    let hi = mulHiU32(p, q);
    if (s[x + i] < 0) hi -= q;
    if (s[y + i] < 0) hi -= p;
    o[2 * i] = Math.imul(p, q);
    o[2 * i + 1] = hi;
  }
  fromScratch(v, dst);
}

export function i64x2ExtmulI32x4U(v: SimdViews, dst: number, a: number, b: number, high: number): void {
  const u = v.u32, o = scratch.u32;
  const x = (a >> 2) + (high << 1), y = (b >> 2) + (high << 1);
  for (let i = 0; i < 2; i++) {
    const p = u[x + i], q = u[y + i];
    o[2 * i] = Math.imul(p, q);
    o[2 * i + 1] = mulHiU32(p, q);
  }
  fromScratch(v, dst);
}

/** i32x4.dot_i16x8_s: lane i = a[2i]·b[2i] + a[2i+1]·b[2i+1], wrapping (only 2·(-2^15)^2 wraps). */
export function i32x4DotI16x8S(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i16, o = v.i32;
  const d = dst >> 2, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 4; i++) {
    o[d + i] = s[x + 2 * i] * s[y + 2 * i] + s[x + 2 * i + 1] * s[y + 2 * i + 1];
  }
}

// ---- float ↔ int ----

function truncSatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return Math.trunc(x) | 0;
}

function truncSatU(x: number): number {
  if (!(x > 0)) return 0; // NaN and everything ≤ 0 (including (-1, 0), which truncates to 0)
  if (x >= 4294967295) return 4294967295;
  return Math.trunc(x);
}

export function i32x4TruncSatF32x4S(v: SimdViews, dst: number, a: number): void {
  const f = v.f32, o = v.i32, d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = truncSatS(f[x + i]);
}

export function i32x4TruncSatF32x4U(v: SimdViews, dst: number, a: number): void {
  const f = v.f32, o = v.u32, d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = truncSatU(f[x + i]);
}

export function i32x4TruncSatF64x2SZero(v: SimdViews, dst: number, a: number): void {
  const f = v.f64, o = v.i32, d = dst >> 2, x = a >> 3;
  const p = truncSatS(f[x]), q = truncSatS(f[x + 1]);
  o[d] = p;
  o[d + 1] = q;
  o[d + 2] = 0;
  o[d + 3] = 0;
}

export function i32x4TruncSatF64x2UZero(v: SimdViews, dst: number, a: number): void {
  const f = v.f64, o = v.u32, d = dst >> 2, x = a >> 3;
  const p = truncSatU(f[x]), q = truncSatU(f[x + 1]);
  o[d] = p;
  o[d + 1] = q;
  o[d + 2] = 0;
  o[d + 3] = 0;
}

export function f32x4ConvertI32x4S(v: SimdViews, dst: number, a: number): void {
  const s = v.i32, o = v.f32, d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = s[x + i]; // exact double, one rounding to f32
}

export function f32x4ConvertI32x4U(v: SimdViews, dst: number, a: number): void {
  const s = v.u32, o = v.f32, d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = s[x + i];
}

export function f64x2ConvertLowI32x4S(v: SimdViews, dst: number, a: number): void {
  const s = v.i32, o = v.f64, d = dst >> 3, x = a >> 2;
  const p = s[x], q = s[x + 1];
  o[d] = p;
  o[d + 1] = q;
}

export function f64x2ConvertLowI32x4U(v: SimdViews, dst: number, a: number): void {
  const s = v.u32, o = v.f64, d = dst >> 3, x = a >> 2;
  const p = s[x], q = s[x + 1];
  o[d] = p;
  o[d + 1] = q;
}

export function f32x4DemoteF64x2Zero(v: SimdViews, dst: number, a: number): void {
  const f = v.f64, o = v.f32, d = dst >> 2, x = a >> 3;
  const p = f[x], q = f[x + 1];
  o[d] = p;
  o[d + 1] = q;
  o[d + 2] = 0;
  o[d + 3] = 0;
}

export function f64x2PromoteLowF32x4(v: SimdViews, dst: number, a: number): void {
  const f = v.f32, o = v.f64, d = dst >> 3, x = a >> 2;
  const p = f[x], q = f[x + 1];
  o[d] = p;
  o[d + 1] = q;
}
