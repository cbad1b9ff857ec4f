/**
 * Opcode → kernel dispatch for the value-producing SIMD instructions, grouped by arity the way
 * the interpreter pops operands. Each switch is dense over `0xfd0000 | sub` so V8 compiles it
 * to a jump table. An opcode outside a function's group throws: validation guarantees the
 * interpreter never passes one, so reaching the throw is a weft bug.
 */
import { Op } from '../../../kernel/ir/opcodes.js';
import * as B from './bitwise.js';
import { Cmp, cmp16, cmp32, cmp64, cmp8, cmpF32, cmpF64 } from './compare.js';
import * as C from './convert.js';
import * as F from './float-arith.js';
import * as I from './int-arith.js';
import { i8x16Swizzle } from './lanes.js';
import * as R from './relaxed.js';
import * as S from './shift.js';
import type { SimdViews } from './views.js';

function bad(fn: string, op: number): never {
  throw new Error(`${fn}: opcode 0x${op.toString(16)} is not in this group`);
}

/** One-operand v128 → v128 instructions: `dst` = op(`a`). */
export function simdUnary(op: number, v: SimdViews, dst: number, a: number): void {
  switch (op) {
    case Op.V128Not: B.v128Not(v, dst, a); return;
    case Op.F32x4DemoteF64x2Zero: C.f32x4DemoteF64x2Zero(v, dst, a); return;
    case Op.F64x2PromoteLowF32x4: C.f64x2PromoteLowF32x4(v, dst, a); return;
    case Op.I8x16Abs: I.i8x16Abs(v, dst, a); return;
    case Op.I8x16Neg: I.i8x16Neg(v, dst, a); return;
    case Op.I8x16Popcnt: I.i8x16Popcnt(v, dst, a); return;
    case Op.F32x4Ceil: F.f32x4Ceil(v, dst, a); return;
    case Op.F32x4Floor: F.f32x4Floor(v, dst, a); return;
    case Op.F32x4Trunc: F.f32x4Trunc(v, dst, a); return;
    case Op.F32x4Nearest: F.f32x4Nearest(v, dst, a); return;
    case Op.F64x2Ceil: F.f64x2Ceil(v, dst, a); return;
    case Op.F64x2Floor: F.f64x2Floor(v, dst, a); return;
    case Op.F64x2Trunc: F.f64x2Trunc(v, dst, a); return;
    case Op.I16x8ExtaddPairwiseI8x16S: C.i16x8ExtaddPairwiseI8x16S(v, dst, a); return;
    case Op.I16x8ExtaddPairwiseI8x16U: C.i16x8ExtaddPairwiseI8x16U(v, dst, a); return;
    case Op.I32x4ExtaddPairwiseI16x8S: C.i32x4ExtaddPairwiseI16x8S(v, dst, a); return;
    case Op.I32x4ExtaddPairwiseI16x8U: C.i32x4ExtaddPairwiseI16x8U(v, dst, a); return;
    case Op.I16x8Abs: I.i16x8Abs(v, dst, a); return;
    case Op.I16x8Neg: I.i16x8Neg(v, dst, a); return;
    case Op.I16x8ExtendLowI8x16S: C.i16x8ExtendI8x16S(v, dst, a, 0); return;
    case Op.I16x8ExtendHighI8x16S: C.i16x8ExtendI8x16S(v, dst, a, 1); return;
    case Op.I16x8ExtendLowI8x16U: C.i16x8ExtendI8x16U(v, dst, a, 0); return;
    case Op.I16x8ExtendHighI8x16U: C.i16x8ExtendI8x16U(v, dst, a, 1); return;
    case Op.F64x2Nearest: F.f64x2Nearest(v, dst, a); return;
    case Op.I32x4Abs: I.i32x4Abs(v, dst, a); return;
    case Op.I32x4Neg: I.i32x4Neg(v, dst, a); return;
    case Op.I32x4ExtendLowI16x8S: C.i32x4ExtendI16x8S(v, dst, a, 0); return;
    case Op.I32x4ExtendHighI16x8S: C.i32x4ExtendI16x8S(v, dst, a, 1); return;
    case Op.I32x4ExtendLowI16x8U: C.i32x4ExtendI16x8U(v, dst, a, 0); return;
    case Op.I32x4ExtendHighI16x8U: C.i32x4ExtendI16x8U(v, dst, a, 1); return;
    case Op.I64x2Abs: I.i64x2Abs(v, dst, a); return;
    case Op.I64x2Neg: I.i64x2Neg(v, dst, a); return;
    case Op.I64x2ExtendLowI32x4S: C.i64x2ExtendI32x4S(v, dst, a, 0); return;
    case Op.I64x2ExtendHighI32x4S: C.i64x2ExtendI32x4S(v, dst, a, 1); return;
    case Op.I64x2ExtendLowI32x4U: C.i64x2ExtendI32x4U(v, dst, a, 0); return;
    case Op.I64x2ExtendHighI32x4U: C.i64x2ExtendI32x4U(v, dst, a, 1); return;
    case Op.F32x4Abs: F.f32x4Abs(v, dst, a); return;
    case Op.F32x4Neg: F.f32x4Neg(v, dst, a); return;
    case Op.F32x4Sqrt: F.f32x4Sqrt(v, dst, a); return;
    case Op.F64x2Abs: F.f64x2Abs(v, dst, a); return;
    case Op.F64x2Neg: F.f64x2Neg(v, dst, a); return;
    case Op.F64x2Sqrt: F.f64x2Sqrt(v, dst, a); return;
    case Op.I32x4TruncSatF32x4S: case Op.I32x4RelaxedTruncF32x4S:
      C.i32x4TruncSatF32x4S(v, dst, a); return;
    case Op.I32x4TruncSatF32x4U: case Op.I32x4RelaxedTruncF32x4U:
      C.i32x4TruncSatF32x4U(v, dst, a); return;
    case Op.F32x4ConvertI32x4S: C.f32x4ConvertI32x4S(v, dst, a); return;
    case Op.F32x4ConvertI32x4U: C.f32x4ConvertI32x4U(v, dst, a); return;
    case Op.I32x4TruncSatF64x2SZero: case Op.I32x4RelaxedTruncF64x2SZero:
      C.i32x4TruncSatF64x2SZero(v, dst, a); return;
    case Op.I32x4TruncSatF64x2UZero: case Op.I32x4RelaxedTruncF64x2UZero:
      C.i32x4TruncSatF64x2UZero(v, dst, a); return;
    case Op.F64x2ConvertLowI32x4S: C.f64x2ConvertLowI32x4S(v, dst, a); return;
    case Op.F64x2ConvertLowI32x4U: C.f64x2ConvertLowI32x4U(v, dst, a); return;
    default: bad('simdUnary', op);
  }
}

/** Two-operand v128 × v128 → v128 instructions: `dst` = op(`a`, `b`). */
export function simdBinary(op: number, v: SimdViews, dst: number, a: number, b: number): void {
  switch (op) {
    case Op.I8x16Swizzle: case Op.I8x16RelaxedSwizzle: i8x16Swizzle(v, dst, a, b); return;
    case Op.I8x16Eq: cmp8(v, Cmp.Eq, false, dst, a, b); return;
    case Op.I8x16Ne: cmp8(v, Cmp.Ne, false, dst, a, b); return;
    case Op.I8x16LtS: cmp8(v, Cmp.Lt, true, dst, a, b); return;
    case Op.I8x16LtU: cmp8(v, Cmp.Lt, false, dst, a, b); return;
    case Op.I8x16GtS: cmp8(v, Cmp.Gt, true, dst, a, b); return;
    case Op.I8x16GtU: cmp8(v, Cmp.Gt, false, dst, a, b); return;
    case Op.I8x16LeS: cmp8(v, Cmp.Le, true, dst, a, b); return;
    case Op.I8x16LeU: cmp8(v, Cmp.Le, false, dst, a, b); return;
    case Op.I8x16GeS: cmp8(v, Cmp.Ge, true, dst, a, b); return;
    case Op.I8x16GeU: cmp8(v, Cmp.Ge, false, dst, a, b); return;
    case Op.I16x8Eq: cmp16(v, Cmp.Eq, false, dst, a, b); return;
    case Op.I16x8Ne: cmp16(v, Cmp.Ne, false, dst, a, b); return;
    case Op.I16x8LtS: cmp16(v, Cmp.Lt, true, dst, a, b); return;
    case Op.I16x8LtU: cmp16(v, Cmp.Lt, false, dst, a, b); return;
    case Op.I16x8GtS: cmp16(v, Cmp.Gt, true, dst, a, b); return;
    case Op.I16x8GtU: cmp16(v, Cmp.Gt, false, dst, a, b); return;
    case Op.I16x8LeS: cmp16(v, Cmp.Le, true, dst, a, b); return;
    case Op.I16x8LeU: cmp16(v, Cmp.Le, false, dst, a, b); return;
    case Op.I16x8GeS: cmp16(v, Cmp.Ge, true, dst, a, b); return;
    case Op.I16x8GeU: cmp16(v, Cmp.Ge, false, dst, a, b); return;
    case Op.I32x4Eq: cmp32(v, Cmp.Eq, false, dst, a, b); return;
    case Op.I32x4Ne: cmp32(v, Cmp.Ne, false, dst, a, b); return;
    case Op.I32x4LtS: cmp32(v, Cmp.Lt, true, dst, a, b); return;
    case Op.I32x4LtU: cmp32(v, Cmp.Lt, false, dst, a, b); return;
    case Op.I32x4GtS: cmp32(v, Cmp.Gt, true, dst, a, b); return;
    case Op.I32x4GtU: cmp32(v, Cmp.Gt, false, dst, a, b); return;
    case Op.I32x4LeS: cmp32(v, Cmp.Le, true, dst, a, b); return;
    case Op.I32x4LeU: cmp32(v, Cmp.Le, false, dst, a, b); return;
    case Op.I32x4GeS: cmp32(v, Cmp.Ge, true, dst, a, b); return;
    case Op.I32x4GeU: cmp32(v, Cmp.Ge, false, dst, a, b); return;
    case Op.F32x4Eq: cmpF32(v, Cmp.Eq, dst, a, b); return;
    case Op.F32x4Ne: cmpF32(v, Cmp.Ne, dst, a, b); return;
    case Op.F32x4Lt: cmpF32(v, Cmp.Lt, dst, a, b); return;
    case Op.F32x4Gt: cmpF32(v, Cmp.Gt, dst, a, b); return;
    case Op.F32x4Le: cmpF32(v, Cmp.Le, dst, a, b); return;
    case Op.F32x4Ge: cmpF32(v, Cmp.Ge, dst, a, b); return;
    case Op.F64x2Eq: cmpF64(v, Cmp.Eq, dst, a, b); return;
    case Op.F64x2Ne: cmpF64(v, Cmp.Ne, dst, a, b); return;
    case Op.F64x2Lt: cmpF64(v, Cmp.Lt, dst, a, b); return;
    case Op.F64x2Gt: cmpF64(v, Cmp.Gt, dst, a, b); return;
    case Op.F64x2Le: cmpF64(v, Cmp.Le, dst, a, b); return;
    case Op.F64x2Ge: cmpF64(v, Cmp.Ge, dst, a, b); return;
    case Op.V128And: B.v128And(v, dst, a, b); return;
    case Op.V128Andnot: B.v128Andnot(v, dst, a, b); return;
    case Op.V128Or: B.v128Or(v, dst, a, b); return;
    case Op.V128Xor: B.v128Xor(v, dst, a, b); return;
    case Op.I8x16NarrowI16x8S: C.i8x16NarrowI16x8S(v, dst, a, b); return;
    case Op.I8x16NarrowI16x8U: C.i8x16NarrowI16x8U(v, dst, a, b); return;
    case Op.I8x16Add: I.i8x16Add(v, dst, a, b); return;
    case Op.I8x16AddSatS: I.i8x16AddSatS(v, dst, a, b); return;
    case Op.I8x16AddSatU: I.i8x16AddSatU(v, dst, a, b); return;
    case Op.I8x16Sub: I.i8x16Sub(v, dst, a, b); return;
    case Op.I8x16SubSatS: I.i8x16SubSatS(v, dst, a, b); return;
    case Op.I8x16SubSatU: I.i8x16SubSatU(v, dst, a, b); return;
    case Op.I8x16MinS: I.i8x16MinS(v, dst, a, b); return;
    case Op.I8x16MinU: I.i8x16MinU(v, dst, a, b); return;
    case Op.I8x16MaxS: I.i8x16MaxS(v, dst, a, b); return;
    case Op.I8x16MaxU: I.i8x16MaxU(v, dst, a, b); return;
    case Op.I8x16AvgrU: I.i8x16AvgrU(v, dst, a, b); return;
    case Op.I16x8Q15mulrSatS: case Op.I16x8RelaxedQ15mulrS: I.i16x8Q15mulrSatS(v, dst, a, b); return;
    case Op.I16x8NarrowI32x4S: C.i16x8NarrowI32x4S(v, dst, a, b); return;
    case Op.I16x8NarrowI32x4U: C.i16x8NarrowI32x4U(v, dst, a, b); return;
    case Op.I16x8Add: I.i16x8Add(v, dst, a, b); return;
    case Op.I16x8AddSatS: I.i16x8AddSatS(v, dst, a, b); return;
    case Op.I16x8AddSatU: I.i16x8AddSatU(v, dst, a, b); return;
    case Op.I16x8Sub: I.i16x8Sub(v, dst, a, b); return;
    case Op.I16x8SubSatS: I.i16x8SubSatS(v, dst, a, b); return;
    case Op.I16x8SubSatU: I.i16x8SubSatU(v, dst, a, b); return;
    case Op.I16x8Mul: I.i16x8Mul(v, dst, a, b); return;
    case Op.I16x8MinS: I.i16x8MinS(v, dst, a, b); return;
    case Op.I16x8MinU: I.i16x8MinU(v, dst, a, b); return;
    case Op.I16x8MaxS: I.i16x8MaxS(v, dst, a, b); return;
    case Op.I16x8MaxU: I.i16x8MaxU(v, dst, a, b); return;
    case Op.I16x8AvgrU: I.i16x8AvgrU(v, dst, a, b); return;
    case Op.I16x8ExtmulLowI8x16S: C.i16x8ExtmulI8x16S(v, dst, a, b, 0); return;
    case Op.I16x8ExtmulHighI8x16S: C.i16x8ExtmulI8x16S(v, dst, a, b, 1); return;
    case Op.I16x8ExtmulLowI8x16U: C.i16x8ExtmulI8x16U(v, dst, a, b, 0); return;
    case Op.I16x8ExtmulHighI8x16U: C.i16x8ExtmulI8x16U(v, dst, a, b, 1); return;
    case Op.I32x4Add: I.i32x4Add(v, dst, a, b); return;
    case Op.I32x4Sub: I.i32x4Sub(v, dst, a, b); return;
    case Op.I32x4Mul: I.i32x4Mul(v, dst, a, b); return;
    case Op.I32x4MinS: I.i32x4MinS(v, dst, a, b); return;
    case Op.I32x4MinU: I.i32x4MinU(v, dst, a, b); return;
    case Op.I32x4MaxS: I.i32x4MaxS(v, dst, a, b); return;
    case Op.I32x4MaxU: I.i32x4MaxU(v, dst, a, b); return;
    case Op.I32x4DotI16x8S: C.i32x4DotI16x8S(v, dst, a, b); return;
    case Op.I32x4ExtmulLowI16x8S: C.i32x4ExtmulI16x8S(v, dst, a, b, 0); return;
    case Op.I32x4ExtmulHighI16x8S: C.i32x4ExtmulI16x8S(v, dst, a, b, 1); return;
    case Op.I32x4ExtmulLowI16x8U: C.i32x4ExtmulI16x8U(v, dst, a, b, 0); return;
    case Op.I32x4ExtmulHighI16x8U: C.i32x4ExtmulI16x8U(v, dst, a, b, 1); return;
    case Op.I64x2Add: I.i64x2Add(v, dst, a, b); return;
    case Op.I64x2Sub: I.i64x2Sub(v, dst, a, b); return;
    case Op.I64x2Mul: I.i64x2Mul(v, dst, a, b); return;
    case Op.I64x2Eq: cmp64(v, Cmp.Eq, dst, a, b); return;
    case Op.I64x2Ne: cmp64(v, Cmp.Ne, dst, a, b); return;
    case Op.I64x2LtS: cmp64(v, Cmp.Lt, dst, a, b); return;
    case Op.I64x2GtS: cmp64(v, Cmp.Gt, dst, a, b); return;
    case Op.I64x2LeS: cmp64(v, Cmp.Le, dst, a, b); return;
    case Op.I64x2GeS: cmp64(v, Cmp.Ge, dst, a, b); return;
    case Op.I64x2ExtmulLowI32x4S: C.i64x2ExtmulI32x4S(v, dst, a, b, 0); return;
    case Op.I64x2ExtmulHighI32x4S: C.i64x2ExtmulI32x4S(v, dst, a, b, 1); return;
    case Op.I64x2ExtmulLowI32x4U: C.i64x2ExtmulI32x4U(v, dst, a, b, 0); return;
    case Op.I64x2ExtmulHighI32x4U: C.i64x2ExtmulI32x4U(v, dst, a, b, 1); return;
    case Op.F32x4Add: F.f32x4Add(v, dst, a, b); return;
    case Op.F32x4Sub: F.f32x4Sub(v, dst, a, b); return;
    case Op.F32x4Mul: F.f32x4Mul(v, dst, a, b); return;
    case Op.F32x4Div: F.f32x4Div(v, dst, a, b); return;
    case Op.F32x4Min: case Op.F32x4RelaxedMin: F.f32x4Min(v, dst, a, b); return;
    case Op.F32x4Max: case Op.F32x4RelaxedMax: F.f32x4Max(v, dst, a, b); return;
    case Op.F32x4Pmin: F.f32x4Pmin(v, dst, a, b); return;
    case Op.F32x4Pmax: F.f32x4Pmax(v, dst, a, b); return;
    case Op.F64x2Add: F.f64x2Add(v, dst, a, b); return;
    case Op.F64x2Sub: F.f64x2Sub(v, dst, a, b); return;
    case Op.F64x2Mul: F.f64x2Mul(v, dst, a, b); return;
    case Op.F64x2Div: F.f64x2Div(v, dst, a, b); return;
    case Op.F64x2Min: case Op.F64x2RelaxedMin: F.f64x2Min(v, dst, a, b); return;
    case Op.F64x2Max: case Op.F64x2RelaxedMax: F.f64x2Max(v, dst, a, b); return;
    case Op.F64x2Pmin: F.f64x2Pmin(v, dst, a, b); return;
    case Op.F64x2Pmax: F.f64x2Pmax(v, dst, a, b); return;
    case Op.I16x8RelaxedDotI8x16I7x16S: R.i16x8RelaxedDotI8x16I7x16S(v, dst, a, b); return;
    default: bad('simdBinary', op);
  }
}

/** Three-operand instructions: bitselect, relaxed madd/nmadd/laneselect, relaxed dot-add. */
export function simdTernary(op: number, v: SimdViews, dst: number, a: number, b: number, c: number): void {
  switch (op) {
    case Op.V128Bitselect:
    case Op.I8x16RelaxedLaneselect:
    case Op.I16x8RelaxedLaneselect:
    case Op.I32x4RelaxedLaneselect:
    case Op.I64x2RelaxedLaneselect:
      B.v128Bitselect(v, dst, a, b, c); return;
    case Op.F32x4RelaxedMadd: R.f32x4RelaxedMadd(v, dst, a, b, c); return;
    case Op.F32x4RelaxedNmadd: R.f32x4RelaxedNmadd(v, dst, a, b, c); return;
    case Op.F64x2RelaxedMadd: R.f64x2RelaxedMadd(v, dst, a, b, c); return;
    case Op.F64x2RelaxedNmadd: R.f64x2RelaxedNmadd(v, dst, a, b, c); return;
    case Op.I32x4RelaxedDotI8x16I7x16AddS: R.i32x4RelaxedDotI8x16I7x16AddS(v, dst, a, b, c); return;
    default: bad('simdTernary', op);
  }
}

/** Shifts: `dst` = op(`a`, `count`), the i32 count taken modulo the lane width. */
export function simdShift(op: number, v: SimdViews, dst: number, a: number, count: number): void {
  switch (op) {
    case Op.I8x16Shl: S.i8x16Shl(v, dst, a, count); return;
    case Op.I8x16ShrS: S.i8x16ShrS(v, dst, a, count); return;
    case Op.I8x16ShrU: S.i8x16ShrU(v, dst, a, count); return;
    case Op.I16x8Shl: S.i16x8Shl(v, dst, a, count); return;
    case Op.I16x8ShrS: S.i16x8ShrS(v, dst, a, count); return;
    case Op.I16x8ShrU: S.i16x8ShrU(v, dst, a, count); return;
    case Op.I32x4Shl: S.i32x4Shl(v, dst, a, count); return;
    case Op.I32x4ShrS: S.i32x4ShrS(v, dst, a, count); return;
    case Op.I32x4ShrU: S.i32x4ShrU(v, dst, a, count); return;
    case Op.I64x2Shl: S.i64x2Shl(v, dst, a, count); return;
    case Op.I64x2ShrS: S.i64x2ShrS(v, dst, a, count); return;
    case Op.I64x2ShrU: S.i64x2ShrU(v, dst, a, count); return;
    default: bad('simdShift', op);
  }
}

/** `*.bitmask`: bit i of the i32 result is the top bit of lane i. */
export function simdBitmask(op: number, v: SimdViews, a: number): number {
  switch (op) {
    case Op.I8x16Bitmask: return B.i8x16Bitmask(v, a);
    case Op.I16x8Bitmask: return B.i16x8Bitmask(v, a);
    case Op.I32x4Bitmask: return B.i32x4Bitmask(v, a);
    case Op.I64x2Bitmask: return B.i64x2Bitmask(v, a);
    default: return bad('simdBitmask', op);
  }
}

/** `*.all_true`: 1 when every lane is non-zero, else 0. */
export function simdAllTrue(op: number, v: SimdViews, a: number): number {
  switch (op) {
    case Op.I8x16AllTrue: return B.i8x16AllTrue(v, a);
    case Op.I16x8AllTrue: return B.i16x8AllTrue(v, a);
    case Op.I32x4AllTrue: return B.i32x4AllTrue(v, a);
    case Op.I64x2AllTrue: return B.i64x2AllTrue(v, a);
    default: return bad('simdAllTrue', op);
  }
}

/** `v128.any_true`: 1 when any bit is set, else 0. */
export function simdAnyTrue(v: SimdViews, a: number): number {
  return B.v128AnyTrue(v, a);
}
