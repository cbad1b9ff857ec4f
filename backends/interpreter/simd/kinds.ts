/**
 * Which entry point of this library executes a SIMD opcode, so the interpreter's translator can
 * pick the call shape (operand count, immediates) once per instruction at compile time.
 */
import { Op, opInfo } from '../../../kernel/ir/opcodes.js';

export const enum SimdKind {
  /** Not a SIMD opcode. */
  None = 0,
  /** `simdUnary(op, v, dst, a)` */
  Unary = 1,
  /** `simdBinary(op, v, dst, a, b)` */
  Binary = 2,
  /** `simdTernary(op, v, dst, a, b, c)` */
  Ternary = 3,
  /** `simdShift(op, v, dst, a, count)` */
  Shift = 4,
  /** `simdSplat(op, v, dst, value, hi)` / `simdSplatSlot` */
  Splat = 5,
  /** `simdExtractLane(op, v, a, lane)` / `simdExtractLaneSlot` */
  ExtractLane = 6,
  /** `simdReplaceLane(op, v, dst, a, lane, value, hi)` / `simdReplaceLaneSlot` */
  ReplaceLane = 7,
  /** `simdBitmask(op, v, a)` */
  Bitmask = 8,
  /** `simdAllTrue(op, v, a)` */
  AllTrue = 9,
  /** `simdAnyTrue(v, a)` */
  AnyTrue = 10,
  /** `simdShuffle(v, dst, a, b, lanes)` */
  Shuffle = 11,
  /** `simdConst(v, dst, bytes)` */
  Const = 12,
  /** `simdLoad(op, v, dst, mem, addr)` */
  Load = 13,
  /** `simdStore(v, a, mem, addr)` */
  Store = 14,
  /** `simdLoadLane(op, v, dst, a, mem, addr, lane)` */
  LoadLane = 15,
  /** `simdStoreLane(op, v, a, mem, addr, lane)` */
  StoreLane = 16,
}

const LAST_SUB = 0x113;

/**
 * Kind per SIMD sub-opcode, computed once at load: the interpreter may ask on every executed
 * instruction, and an indexed byte read beats the switch plus the opcode-table lookup below.
 */
const KINDS = new Uint8Array(LAST_SUB + 1);
for (let sub = 0; sub <= LAST_SUB; sub++) KINDS[sub] = classify(0xfd0000 | sub);

/** The entry point for `op` (`SimdKind.None` for non-SIMD or undefined opcodes). */
export function simdKind(op: number): SimdKind {
  const sub = op - 0xfd0000;
  return sub >= 0 && sub <= LAST_SUB ? (KINDS[sub] as SimdKind) : SimdKind.None;
}

function classify(op: number): SimdKind {
  switch (op) {
    case Op.V128Load: case Op.V128Load8x8S: case Op.V128Load8x8U: case Op.V128Load16x4S:
    case Op.V128Load16x4U: case Op.V128Load32x2S: case Op.V128Load32x2U: case Op.V128Load8Splat:
    case Op.V128Load16Splat: case Op.V128Load32Splat: case Op.V128Load64Splat:
    case Op.V128Load32Zero: case Op.V128Load64Zero:
      return SimdKind.Load;
    case Op.V128Store: return SimdKind.Store;
    case Op.V128Const: return SimdKind.Const;
    case Op.I8x16Shuffle: return SimdKind.Shuffle;
    case Op.I8x16Splat: case Op.I16x8Splat: case Op.I32x4Splat: case Op.I64x2Splat:
    case Op.F32x4Splat: case Op.F64x2Splat:
      return SimdKind.Splat;
    case Op.I8x16ExtractLaneS: case Op.I8x16ExtractLaneU: case Op.I16x8ExtractLaneS:
    case Op.I16x8ExtractLaneU: case Op.I32x4ExtractLane: case Op.I64x2ExtractLane:
    case Op.F32x4ExtractLane: case Op.F64x2ExtractLane:
      return SimdKind.ExtractLane;
    case Op.I8x16ReplaceLane: case Op.I16x8ReplaceLane: case Op.I32x4ReplaceLane:
    case Op.I64x2ReplaceLane: case Op.F32x4ReplaceLane: case Op.F64x2ReplaceLane:
      return SimdKind.ReplaceLane;
    case Op.V128Bitselect: case Op.F32x4RelaxedMadd: case Op.F32x4RelaxedNmadd:
    case Op.F64x2RelaxedMadd: case Op.F64x2RelaxedNmadd: case Op.I8x16RelaxedLaneselect:
    case Op.I16x8RelaxedLaneselect: case Op.I32x4RelaxedLaneselect: case Op.I64x2RelaxedLaneselect:
    case Op.I32x4RelaxedDotI8x16I7x16AddS:
      return SimdKind.Ternary;
    case Op.V128AnyTrue: return SimdKind.AnyTrue;
    case Op.I8x16AllTrue: case Op.I16x8AllTrue: case Op.I32x4AllTrue: case Op.I64x2AllTrue:
      return SimdKind.AllTrue;
    case Op.I8x16Bitmask: case Op.I16x8Bitmask: case Op.I32x4Bitmask: case Op.I64x2Bitmask:
      return SimdKind.Bitmask;
    case Op.V128Load8Lane: case Op.V128Load16Lane: case Op.V128Load32Lane: case Op.V128Load64Lane:
      return SimdKind.LoadLane;
    case Op.V128Store8Lane: case Op.V128Store16Lane: case Op.V128Store32Lane: case Op.V128Store64Lane:
      return SimdKind.StoreLane;
    case Op.I8x16Shl: case Op.I8x16ShrS: case Op.I8x16ShrU: case Op.I16x8Shl: case Op.I16x8ShrS:
    case Op.I16x8ShrU: case Op.I32x4Shl: case Op.I32x4ShrS: case Op.I32x4ShrU: case Op.I64x2Shl:
    case Op.I64x2ShrS: case Op.I64x2ShrU:
      return SimdKind.Shift;
    case Op.V128Not: case Op.F32x4DemoteF64x2Zero: case Op.F64x2PromoteLowF32x4:
    case Op.I8x16Abs: case Op.I8x16Neg: case Op.I8x16Popcnt: case Op.F32x4Ceil: case Op.F32x4Floor:
    case Op.F32x4Trunc: case Op.F32x4Nearest: case Op.F64x2Ceil: case Op.F64x2Floor:
    case Op.F64x2Trunc: case Op.F64x2Nearest: case Op.I16x8ExtaddPairwiseI8x16S:
    case Op.I16x8ExtaddPairwiseI8x16U: case Op.I32x4ExtaddPairwiseI16x8S:
    case Op.I32x4ExtaddPairwiseI16x8U: case Op.I16x8Abs: case Op.I16x8Neg:
    case Op.I16x8ExtendLowI8x16S: case Op.I16x8ExtendHighI8x16S: case Op.I16x8ExtendLowI8x16U:
    case Op.I16x8ExtendHighI8x16U: case Op.I32x4Abs: case Op.I32x4Neg:
    case Op.I32x4ExtendLowI16x8S: case Op.I32x4ExtendHighI16x8S: case Op.I32x4ExtendLowI16x8U:
    case Op.I32x4ExtendHighI16x8U: case Op.I64x2Abs: case Op.I64x2Neg:
    case Op.I64x2ExtendLowI32x4S: case Op.I64x2ExtendHighI32x4S: case Op.I64x2ExtendLowI32x4U:
    case Op.I64x2ExtendHighI32x4U: case Op.F32x4Abs: case Op.F32x4Neg: case Op.F32x4Sqrt:
    case Op.F64x2Abs: case Op.F64x2Neg: case Op.F64x2Sqrt: case Op.I32x4TruncSatF32x4S:
    case Op.I32x4TruncSatF32x4U: case Op.F32x4ConvertI32x4S: case Op.F32x4ConvertI32x4U:
    case Op.I32x4TruncSatF64x2SZero: case Op.I32x4TruncSatF64x2UZero:
    case Op.F64x2ConvertLowI32x4S: case Op.F64x2ConvertLowI32x4U:
    case Op.I32x4RelaxedTruncF32x4S: case Op.I32x4RelaxedTruncF32x4U:
    case Op.I32x4RelaxedTruncF64x2SZero: case Op.I32x4RelaxedTruncF64x2UZero:
      return SimdKind.Unary;
    default:
      // Every other defined SIMD opcode takes two v128 operands.
      return opInfo(op) === undefined ? SimdKind.None : SimdKind.Binary;
  }
}
