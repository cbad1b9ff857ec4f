/**
 * Relaxed SIMD (WebAssembly 3.0). Each operation may legally return one of several results;
 * weft picks one fixed, deterministic behaviour per operation, always within the allowed set:
 *
 * | op | weft's choice |
 * |---|---|
 * | i8x16.relaxed_swizzle | `i8x16.swizzle` (index ≥ 16 → 0) |
 * | i32x4.relaxed_trunc_* | the matching `trunc_sat` (NaN → 0, out of range saturates) |
 * | f32x4/f64x2.relaxed_madd / nmadd | unfused: `round(round(a·b) + c)` / `round(-round(a·b) + c)` |
 * | i*x*.relaxed_laneselect | `v128.bitselect` (every bit of the mask selects, not just the top one) |
 * | f32x4/f64x2.relaxed_min / max | `min` / `max` (NaN-propagating, -0 < +0) |
 * | i16x8.relaxed_q15mulr_s | `i16x8.q15mulr_sat_s` |
 * | i16x8.relaxed_dot_i8x16_i7x16_s | both operands signed, pair sums wrap to 16 bits |
 * | i32x4.relaxed_dot_i8x16_i7x16_add_s | that i16x8 result, pairwise added to 32 bits, plus c |
 *
 * The aliases are resolved by the dispatcher; this file holds the kernels with no non-relaxed twin.
 */
import type { SimdViews } from './views.js';

export function f32x4RelaxedMadd(v: SimdViews, dst: number, a: number, b: number, c: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2, z = c >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = Math.fround(f[x + i] * f[y + i]) + f[z + i];
}

export function f32x4RelaxedNmadd(v: SimdViews, dst: number, a: number, b: number, c: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2, z = c >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = -Math.fround(f[x + i] * f[y + i]) + f[z + i];
}

export function f64x2RelaxedMadd(v: SimdViews, dst: number, a: number, b: number, c: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3, z = c >> 3;
  f[d] = f[x] * f[y] + f[z];
  f[d + 1] = f[x + 1] * f[y + 1] + f[z + 1];
}

export function f64x2RelaxedNmadd(v: SimdViews, dst: number, a: number, b: number, c: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3, z = c >> 3;
  f[d] = -(f[x] * f[y]) + f[z];
  f[d + 1] = -(f[x + 1] * f[y + 1]) + f[z + 1];
}

/** Output i16 lane i covers exactly input bytes 2i, 2i+1, so `dst` may alias `a` or `b`. */
export function i16x8RelaxedDotI8x16I7x16S(v: SimdViews, dst: number, a: number, b: number): void {
  const s = v.i8, o = v.i16, d = dst >> 1;
  for (let i = 0; i < 8; i++) {
    const j = 2 * i;
    o[d + i] = s[a + j] * s[b + j] + s[a + j + 1] * s[b + j + 1];
  }
}

export function i32x4RelaxedDotI8x16I7x16AddS(
  v: SimdViews, dst: number, a: number, b: number, c: number,
): void {
  const s = v.i8, o = v.i32, d = dst >> 2, z = c >> 2;
  for (let i = 0; i < 4; i++) {
    const j = 4 * i;
    // Each pair sum wraps to i16 exactly as in i16x8.relaxed_dot (only (-128·-128)·2 can).
    const p = ((s[a + j] * s[b + j] + s[a + j + 1] * s[b + j + 1]) << 16) >> 16;
    const q = ((s[a + j + 2] * s[b + j + 2] + s[a + j + 3] * s[b + j + 3]) << 16) >> 16;
    o[d + i] = p + q + o[z + i];
  }
}
