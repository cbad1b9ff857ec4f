/**
 * Lane shifts. The count is an i32 taken modulo the lane width, as the spec requires
 * (`i8x16.shl` by 9 shifts by 1). Lane-wise, so `dst` may alias `a`.
 */
import type { SimdViews } from './views.js';

export function i8x16Shl(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u8, n = count & 7;
  for (let i = 0; i < 16; i++) u[dst + i] = u[a + i] << n;
}

export function i8x16ShrS(v: SimdViews, dst: number, a: number, count: number): void {
  const s = v.i8, n = count & 7;
  for (let i = 0; i < 16; i++) s[dst + i] = s[a + i] >> n;
}

export function i8x16ShrU(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u8, n = count & 7;
  for (let i = 0; i < 16; i++) u[dst + i] = u[a + i] >>> n;
}

export function i16x8Shl(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u16, n = count & 15;
  const d = dst >> 1, x = a >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = u[x + i] << n;
}

export function i16x8ShrS(v: SimdViews, dst: number, a: number, count: number): void {
  const s = v.i16, n = count & 15;
  const d = dst >> 1, x = a >> 1;
  for (let i = 0; i < 8; i++) s[d + i] = s[x + i] >> n;
}

export function i16x8ShrU(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u16, n = count & 15;
  const d = dst >> 1, x = a >> 1;
  for (let i = 0; i < 8; i++) u[d + i] = u[x + i] >>> n;
}

export function i32x4Shl(v: SimdViews, dst: number, a: number, count: number): void {
  const s = v.i32, n = count & 31;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = s[x + i] << n;
}

export function i32x4ShrS(v: SimdViews, dst: number, a: number, count: number): void {
  const s = v.i32, n = count & 31;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) s[d + i] = s[x + i] >> n;
}

export function i32x4ShrU(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u32, n = count & 31;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] >>> n;
}

export function i64x2Shl(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u32, n = count & 63;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    const lo = u[x + i], hi = u[x + i + 1];
    if (n === 0) {
      u[d + i] = lo;
      u[d + i + 1] = hi;
    } else if (n < 32) {
      u[d + i] = lo << n;
      u[d + i + 1] = (hi << n) | (lo >>> (32 - n));
    } else {
      u[d + i] = 0;
      u[d + i + 1] = lo << (n - 32);
    }
  }
}

export function i64x2ShrS(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u32, s = v.i32, n = count & 63;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    const lo = u[x + i], hi = s[x + i + 1];
    if (n === 0) {
      u[d + i] = lo;
      s[d + i + 1] = hi;
    } else if (n < 32) {
      u[d + i] = (lo >>> n) | (hi << (32 - n));
      s[d + i + 1] = hi >> n;
    } else {
      u[d + i] = hi >> (n - 32);
      s[d + i + 1] = hi >> 31;
    }
  }
}

export function i64x2ShrU(v: SimdViews, dst: number, a: number, count: number): void {
  const u = v.u32, n = count & 63;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i += 2) {
    const lo = u[x + i], hi = u[x + i + 1];
    if (n === 0) {
      u[d + i] = lo;
      u[d + i + 1] = hi;
    } else if (n < 32) {
      u[d + i] = (lo >>> n) | (hi << (32 - n));
      u[d + i + 1] = hi >>> n;
    } else {
      u[d + i] = hi >>> (n - 32);
      u[d + i + 1] = 0;
    }
  }
}
