/**
 * Whole-vector bit operations (not/and/andnot/or/xor/bitselect) and the boolean reductions
 * (any_true, all_true, bitmask). Bit operations work on four u32 words and are alias-safe.
 */
import type { SimdViews } from './views.js';

export function v128Not(v: SimdViews, dst: number, a: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2;
  u[d] = ~u[x];
  u[d + 1] = ~u[x + 1];
  u[d + 2] = ~u[x + 2];
  u[d + 3] = ~u[x + 3];
}

export function v128And(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] & u[y + i];
}

export function v128Andnot(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] & ~u[y + i];
}

export function v128Or(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] | u[y + i];
}

export function v128Xor(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] ^ u[y + i];
}

/** Bits of `a` where the mask `c` is 1, bits of `b` where it is 0. */
export function v128Bitselect(v: SimdViews, dst: number, a: number, b: number, c: number): void {
  const u = v.i32;
  const d = dst >> 2, x = a >> 2, y = b >> 2, m = c >> 2;
  for (let i = 0; i < 4; i++) {
    const mask = u[m + i];
    u[d + i] = (u[x + i] & mask) | (u[y + i] & ~mask);
  }
}

export function v128AnyTrue(v: SimdViews, a: number): number {
  const u = v.i32;
  const x = a >> 2;
  return (u[x] | u[x + 1] | u[x + 2] | u[x + 3]) !== 0 ? 1 : 0;
}

export function i8x16AllTrue(v: SimdViews, a: number): number {
  const u = v.u8;
  for (let i = 0; i < 16; i++) if (u[a + i] === 0) return 0;
  return 1;
}

export function i16x8AllTrue(v: SimdViews, a: number): number {
  const u = v.u16;
  const x = a >> 1;
  for (let i = 0; i < 8; i++) if (u[x + i] === 0) return 0;
  return 1;
}

export function i32x4AllTrue(v: SimdViews, a: number): number {
  const u = v.u32;
  const x = a >> 2;
  for (let i = 0; i < 4; i++) if (u[x + i] === 0) return 0;
  return 1;
}

export function i64x2AllTrue(v: SimdViews, a: number): number {
  const u = v.u32;
  const x = a >> 2;
  return (u[x] | u[x + 1]) !== 0 && (u[x + 2] | u[x + 3]) !== 0 ? 1 : 0;
}

export function i8x16Bitmask(v: SimdViews, a: number): number {
  const u = v.u8;
  let m = 0;
  for (let i = 0; i < 16; i++) m |= (u[a + i] >>> 7) << i;
  return m;
}

export function i16x8Bitmask(v: SimdViews, a: number): number {
  const u = v.u16;
  const x = a >> 1;
  let m = 0;
  for (let i = 0; i < 8; i++) m |= (u[x + i] >>> 15) << i;
  return m;
}

export function i32x4Bitmask(v: SimdViews, a: number): number {
  const u = v.u32;
  const x = a >> 2;
  let m = 0;
  for (let i = 0; i < 4; i++) m |= (u[x + i] >>> 31) << i;
  return m;
}

export function i64x2Bitmask(v: SimdViews, a: number): number {
  const u = v.u32;
  const x = a >> 2;
  return (u[x + 1] >>> 31) | ((u[x + 3] >>> 31) << 1);
}
