/**
 * Lane-wise f32x4/f64x2 arithmetic. Results are computed in JS doubles and stored through
 * Float32Array/Float64Array: a single IEEE operation computed in double and rounded to f32 is
 * exactly the f32 operation (double has more than 2·24+2 bits), NaN results from JS arithmetic
 * are quiet and canonical when their inputs are, as the spec's NaN rules require. Operations the
 * spec defines bitwise (abs, neg, pmin/pmax selecting an operand) move raw bits through the u32
 * view, because a NaN read into a JS number and stored again may have its payload changed.
 */
import type { SimdViews } from './views.js';

/** Round half to even (`Math.round` rounds half up); keeps -0 and the sign of small negatives. */
export function nearest(x: number): number {
  if (x !== x) return NaN;
  if (!(Math.abs(x) < 4503599627370496)) return x; // ±inf, already integral
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  // Math.round(-0.4) is -0, but r - 1 from 0.5 is +0 and -0.5 rounds to -0: all as required.
  return r === 0 && x < 0 ? -0 : r;
}

// V8 returns a NaN argument of Math.ceil/floor/trunc unchanged, so a signalling f64 NaN would
// come back signalling; the spec wants an arithmetic NaN, and the canonical NaN always is one.
function ceil(x: number): number {
  return x !== x ? NaN : Math.ceil(x);
}

function floor(x: number): number {
  return x !== x ? NaN : Math.floor(x);
}

function trunc(x: number): number {
  return x !== x ? NaN : Math.trunc(x);
}

/** wasm fmin: NaN if either is NaN, otherwise the smaller, with -0 < +0. */
export function fmin(x: number, y: number): number {
  if (x < y) return x;
  if (y < x) return y;
  if (x === y) return x === 0 && 1 / x < 0 ? x : y; // equal: prefer -0
  return x + y; // at least one NaN: a quiet NaN, canonical when the inputs are
}

/** wasm fmax: NaN if either is NaN, otherwise the larger, with -0 < +0. */
export function fmax(x: number, y: number): number {
  if (x > y) return x;
  if (y > x) return y;
  if (x === y) return x === 0 && 1 / x > 0 ? x : y; // equal: prefer +0
  return x + y;
}

// ---- f32x4 ----

export function f32x4Add(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = f[x + i] + f[y + i];
}

export function f32x4Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = f[x + i] - f[y + i];
}

export function f32x4Mul(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = f[x + i] * f[y + i];
}

export function f32x4Div(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = f[x + i] / f[y + i];
}

export function f32x4Min(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = fmin(f[x + i], f[y + i]);
}

export function f32x4Max(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = fmax(f[x + i], f[y + i]);
}

/** pmin = `b < a ? b : a`, selecting the operand's bits unchanged (NaN payloads included). */
export function f32x4Pmin(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32, u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = f[y + i] < f[x + i] ? u[y + i] : u[x + i];
}

/** pmax = `a < b ? b : a`, bitwise like pmin. */
export function f32x4Pmax(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f32, u = v.u32;
  const d = dst >> 2, x = a >> 2, y = b >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = f[x + i] < f[y + i] ? u[y + i] : u[x + i];
}

export function f32x4Abs(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] & 0x7fffffff;
}

export function f32x4Neg(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) u[d + i] = u[x + i] ^ 0x80000000;
}

export function f32x4Sqrt(v: SimdViews, dst: number, a: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = Math.sqrt(f[x + i]);
}

export function f32x4Ceil(v: SimdViews, dst: number, a: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = ceil(f[x + i]);
}

export function f32x4Floor(v: SimdViews, dst: number, a: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = floor(f[x + i]);
}

export function f32x4Trunc(v: SimdViews, dst: number, a: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2;
  for (let i = 0; i < 4; i++) f[d + i] = trunc(f[x + i]);
}

export function f32x4Nearest(v: SimdViews, dst: number, a: number): void {
  const f = v.f32;
  const d = dst >> 2, x = a >> 2;
  // An integer-valued double of f32 magnitude is exactly representable in f32.
  for (let i = 0; i < 4; i++) f[d + i] = nearest(f[x + i]);
}

// ---- f64x2 ----

export function f64x2Add(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = f[x] + f[y];
  f[d + 1] = f[x + 1] + f[y + 1];
}

export function f64x2Sub(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = f[x] - f[y];
  f[d + 1] = f[x + 1] - f[y + 1];
}

export function f64x2Mul(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = f[x] * f[y];
  f[d + 1] = f[x + 1] * f[y + 1];
}

export function f64x2Div(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = f[x] / f[y];
  f[d + 1] = f[x + 1] / f[y + 1];
}

export function f64x2Min(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = fmin(f[x], f[y]);
  f[d + 1] = fmin(f[x + 1], f[y + 1]);
}

export function f64x2Max(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  f[d] = fmax(f[x], f[y]);
  f[d + 1] = fmax(f[x + 1], f[y + 1]);
}

export function f64x2Pmin(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64, u = v.u32;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  for (let i = 0; i < 2; i++) {
    const s = (f[y + i] < f[x + i] ? y + i : x + i) << 1;
    const o = (d + i) << 1;
    u[o] = u[s];
    u[o + 1] = u[s + 1];
  }
}

export function f64x2Pmax(v: SimdViews, dst: number, a: number, b: number): void {
  const f = v.f64, u = v.u32;
  const d = dst >> 3, x = a >> 3, y = b >> 3;
  for (let i = 0; i < 2; i++) {
    const s = (f[x + i] < f[y + i] ? y + i : x + i) << 1;
    const o = (d + i) << 1;
    u[o] = u[s];
    u[o + 1] = u[s + 1];
  }
}

export function f64x2Abs(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  u[d] = u[x];
  u[d + 1] = u[x + 1] & 0x7fffffff;
  u[d + 2] = u[x + 2];
  u[d + 3] = u[x + 3] & 0x7fffffff;
}

export function f64x2Neg(v: SimdViews, dst: number, a: number): void {
  const u = v.u32;
  const d = dst >> 2, x = a >> 2;
  u[d] = u[x];
  u[d + 1] = u[x + 1] ^ 0x80000000;
  u[d + 2] = u[x + 2];
  u[d + 3] = u[x + 3] ^ 0x80000000;
}

export function f64x2Sqrt(v: SimdViews, dst: number, a: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3;
  f[d] = Math.sqrt(f[x]);
  f[d + 1] = Math.sqrt(f[x + 1]);
}

export function f64x2Ceil(v: SimdViews, dst: number, a: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3;
  f[d] = ceil(f[x]);
  f[d + 1] = ceil(f[x + 1]);
}

export function f64x2Floor(v: SimdViews, dst: number, a: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3;
  f[d] = floor(f[x]);
  f[d + 1] = floor(f[x + 1]);
}

export function f64x2Trunc(v: SimdViews, dst: number, a: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3;
  f[d] = trunc(f[x]);
  f[d + 1] = trunc(f[x + 1]);
}

export function f64x2Nearest(v: SimdViews, dst: number, a: number): void {
  const f = v.f64;
  const d = dst >> 3, x = a >> 3;
  f[d] = nearest(f[x]);
  f[d + 1] = nearest(f[x + 1]);
}
