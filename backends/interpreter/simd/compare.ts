/**
 * Lane-wise comparisons: each output lane is all ones (true) or all zeros (false). Float
 * comparisons follow IEEE (any NaN compares unequal, so `ne` is true for NaN lanes).
 * Output lane i depends only on input lane i, so `dst` may alias an operand.
 */
import type { SimdViews } from './views.js';

/** Comparison kinds; the dispatcher maps each opcode to one of these plus a lane shape. */
export const enum Cmp {
  Eq = 0,
  Ne = 1,
  Lt = 2,
  Gt = 3,
  Le = 4,
  Ge = 5,
}

function test(c: Cmp, x: number, y: number): boolean {
  switch (c) {
    case Cmp.Eq: return x === y;
    case Cmp.Ne: return x !== y;
    case Cmp.Lt: return x < y;
    case Cmp.Gt: return x > y;
    case Cmp.Le: return x <= y;
    default: return x >= y;
  }
}

/** i8x16 comparison on the signed (`s` = i8 view) or unsigned (u8 view) interpretation. */
export function cmp8(v: SimdViews, c: Cmp, signed: boolean, dst: number, a: number, b: number): void {
  const s = signed ? v.i8 : v.u8;
  const o = v.u8;
  for (let i = 0; i < 16; i++) o[dst + i] = test(c, s[a + i], s[b + i]) ? 0xff : 0;
}

export function cmp16(v: SimdViews, c: Cmp, signed: boolean, dst: number, a: number, b: number): void {
  const s = signed ? v.i16 : v.u16;
  const o = v.u16;
  const d = dst >> 1, x = a >> 1, y = b >> 1;
  for (let i = 0; i < 8; i++) o[d + i] = test(c, s[x + i], s[y + i]) ? 0xffff : 0;
}

export function cmp32(v: SimdViews, c: Cmp, signed: boolean, dst: number, a: number, b: number): void {
  const s = signed ? v.i32 : v.u32;
  const o = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = test(c, s[x + i], s[y + i]) ? -1 : 0;
}

/** i64x2 comparison (signed; eq/ne are sign-agnostic): high words signed, then low unsigned. */
export function cmp64(v: SimdViews, c: Cmp, dst: number, a: number, b: number): void {
  const s = v.i32, u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i += 2) {
    const xh = s[x + i + 1], yh = s[y + i + 1];
    // Fold the pair into one ordering: -1, 0 or 1, then compare that with 0.
    const ord = xh < yh ? -1 : xh > yh ? 1 : u[x + i] < u[y + i] ? -1 : u[x + i] > u[y + i] ? 1 : 0;
    const r = test(c, ord, 0) ? -1 : 0;
    s[d + i] = r;
    s[d + i + 1] = r;
  }
}

export function cmpF32(v: SimdViews, c: Cmp, dst: number, a: number, b: number): void {
  const f = v.f32, o = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) o[d + i] = test(c, f[x + i], f[y + i]) ? -1 : 0;
}

export function cmpF64(v: SimdViews, c: Cmp, dst: number, a: number, b: number): void {
  const f = v.f64, o = v.i32;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  for (let i = 0; i < 2; i++) {
    const r = test(c, f[x + i], f[y + i]) ? -1 : 0;
    o[(d + i) << 1] = r;
    o[((d + i) << 1) + 1] = r;
  }
}
