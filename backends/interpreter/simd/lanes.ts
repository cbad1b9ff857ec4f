/**
 * Lane access: splat, extract_lane, replace_lane, shuffle, swizzle and v128.const.
 *
 * Scalars cross in two ways. The number forms (`simdSplat`, `simdExtractLane`,
 * `simdReplaceLane`) take/return i32 as a signed 32-bit integer, f32/f64 as a JS number, and an
 * i64 as two i32 halves (`value` = low word, `hi` = high word; extract the high word with
 * `simdExtractLaneHi`). The `…Slot` forms instead move raw bits between a v128 and a scalar
 * stack slot of the same buffer (i32/f32 in the low 4 bytes of an 8-byte slot, i64/f64 in all
 * 8), which keeps f32/f64 NaN payloads bit-exact and needs no i64 split at all.
 */
import { Op } from '../../../kernel/ir/opcodes.js';
import { fromScratch, scratch, type SimdViews } from './views.js';

// Lets an f32/f64 number be split into raw bits without allocating.
const bits = scratch; // bytes 16..31 of the scratch vector are free for scalar conversions
const F32_AT = 16 >> 2;
const F64_AT = 16 >> 3;

/** `op` is one of the six `*.splat` opcodes. */
export function simdSplat(op: number, v: SimdViews, dst: number, value: number, hi = 0): void {
  const u = v.u32, d = dst >> 2;
  let w0: number, w1: number;
  switch (op) {
    case Op.I8x16Splat:
      w0 = (value & 0xff) * 0x01010101;
      w1 = w0;
      break;
    case Op.I16x8Splat:
      w0 = (value & 0xffff) * 0x10001;
      w1 = w0;
      break;
    case Op.I32x4Splat:
      w0 = value;
      w1 = value;
      break;
    case Op.I64x2Splat:
      w0 = value;
      w1 = hi;
      break;
    case Op.F32x4Splat:
      bits.f32[F32_AT] = value;
      w0 = bits.u32[F32_AT];
      w1 = w0;
      break;
    case Op.F64x2Splat:
      bits.f64[F64_AT] = value;
      w0 = bits.u32[F32_AT];
      w1 = bits.u32[F32_AT + 1];
      break;
    default:
      throw new Error(`simdSplat: not a splat opcode ${op.toString(16)}`);
  }
  u[d] = w0;
  u[d + 1] = w1;
  u[d + 2] = w0;
  u[d + 3] = w1;
}

/** Splat from the scalar slot at byte `src` (raw bits); `src` may alias `dst`. */
export function simdSplatSlot(op: number, v: SimdViews, dst: number, src: number): void {
  const u = v.u32, s = src >> 2;
  switch (op) {
    case Op.I8x16Splat: case Op.I16x8Splat: case Op.I32x4Splat:
      simdSplat(op, v, dst, v.i32[s]);
      return;
    case Op.F32x4Splat: {
      const w = u[s];
      simdSplat(Op.I32x4Splat, v, dst, w);
      return;
    }
    default: // i64x2 and f64x2: copy the 8 bytes twice
      simdSplat(Op.I64x2Splat, v, dst, u[s], u[s + 1]);
  }
}

/**
 * Value of lane `lane` of the v128 at byte `a`. i8/i16/i32 lanes come back as signed (or, for
 * the `_u` forms, zero-extended) integers, f32/f64 lanes as numbers, i64 lanes as their low
 * word (signed i32; see `simdExtractLaneHi`).
 */
export function simdExtractLane(op: number, v: SimdViews, a: number, lane: number): number {
  switch (op) {
    case Op.I8x16ExtractLaneS: return v.i8[a + lane];
    case Op.I8x16ExtractLaneU: return v.u8[a + lane];
    case Op.I16x8ExtractLaneS: return v.i16[(a >> 1) + lane];
    case Op.I16x8ExtractLaneU: return v.u16[(a >> 1) + lane];
    case Op.I32x4ExtractLane: return v.i32[(a >> 2) + lane];
    case Op.I64x2ExtractLane: return v.i32[(a >> 2) + 2 * lane];
    case Op.F32x4ExtractLane: return v.f32[(a >> 2) + lane];
    case Op.F64x2ExtractLane: return v.f64[(a >> 3) + lane];
    default:
      throw new Error(`simdExtractLane: not an extract_lane opcode ${op.toString(16)}`);
  }
}

/** High word (signed i32) of i64 lane `lane` of the v128 at byte `a`. */
export function simdExtractLaneHi(v: SimdViews, a: number, lane: number): number {
  return v.i32[(a >> 2) + 2 * lane + 1];
}

/**
 * Extract lane `lane` of the v128 at byte `a` into the scalar slot at byte `dst` as raw bits
 * (i32 results in the low 4 bytes; the high 4 bytes of an i32/f32 slot are left as they are).
 * `dst` may alias `a`.
 */
export function simdExtractLaneSlot(op: number, v: SimdViews, dst: number, a: number, lane: number): void {
  const u = v.u32, d = dst >> 2;
  switch (op) {
    case Op.I64x2ExtractLane: case Op.F64x2ExtractLane: {
      const s = (a >> 2) + 2 * lane;
      const lo = u[s], hi = u[s + 1];
      u[d] = lo;
      u[d + 1] = hi;
      return;
    }
    case Op.F32x4ExtractLane:
      u[d] = u[(a >> 2) + lane];
      return;
    default:
      v.i32[d] = simdExtractLane(op, v, a, lane);
  }
}

/**
 * `dst` = the v128 at `a` with lane `lane` replaced by `value` (i64: `value` low word, `hi`
 * high word). `dst` may alias `a`.
 */
export function simdReplaceLane(
  op: number, v: SimdViews, dst: number, a: number, lane: number, value: number, hi = 0,
): void {
  if (dst !== a) copyVec(v.u32, dst, a);
  switch (op) {
    case Op.I8x16ReplaceLane: v.u8[dst + lane] = value; return;
    case Op.I16x8ReplaceLane: v.u16[(dst >> 1) + lane] = value; return;
    case Op.I32x4ReplaceLane: v.i32[(dst >> 2) + lane] = value; return;
    case Op.I64x2ReplaceLane: {
      const d = (dst >> 2) + 2 * lane;
      v.i32[d] = value;
      v.i32[d + 1] = hi;
      return;
    }
    case Op.F32x4ReplaceLane: v.f32[(dst >> 2) + lane] = value; return;
    case Op.F64x2ReplaceLane: v.f64[(dst >> 3) + lane] = value; return;
    default:
      throw new Error(`simdReplaceLane: not a replace_lane opcode ${op.toString(16)}`);
  }
}

/** Replace lane `lane` with the raw bits of the scalar slot at byte `src` (see file doc). */
export function simdReplaceLaneSlot(
  op: number, v: SimdViews, dst: number, a: number, lane: number, src: number,
): void {
  const u = v.u32, s = src >> 2;
  // Read the scalar first: `src` may overlap `dst`.
  const lo = u[s], hi = u[s + 1];
  if (op === Op.F32x4ReplaceLane) op = Op.I32x4ReplaceLane;
  else if (op === Op.F64x2ReplaceLane) op = Op.I64x2ReplaceLane;
  simdReplaceLane(op, v, dst, a, lane, lo, hi);
}

function copyVec(u: Uint32Array, dst: number, a: number): void {
  const d = dst >> 2, x = a >> 2;
  u[d] = u[x];
  u[d + 1] = u[x + 1];
  u[d + 2] = u[x + 2];
  u[d + 3] = u[x + 3];
}

/** i8x16.shuffle: byte i = lanes[i] < 16 ? a[lanes[i]] : b[lanes[i] - 16] (lanes validated < 32). */
export function simdShuffle(v: SimdViews, dst: number, a: number, b: number, lanes: Uint8Array): void {
  const u = v.u8, o = scratch.u8;
  for (let i = 0; i < 16; i++) {
    const l = lanes[i];
    o[i] = l < 16 ? u[a + l] : u[b + l - 16];
  }
  fromScratch(v, dst);
}

/** i8x16.swizzle: byte i = b[i] < 16 ? a[b[i]] : 0. */
export function i8x16Swizzle(v: SimdViews, dst: number, a: number, b: number): void {
  const u = v.u8, o = scratch.u8;
  for (let i = 0; i < 16; i++) {
    const l = u[b + i];
    o[i] = l < 16 ? u[a + l] : 0;
  }
  fromScratch(v, dst);
}

/** v128.const: copy the 16 immediate bytes (e.g. the code reader's `Instr.v128` view). */
export function simdConst(v: SimdViews, dst: number, bytes: Uint8Array): void {
  const u = v.u8;
  for (let i = 0; i < 16; i++) u[dst + i] = bytes[i];
}
