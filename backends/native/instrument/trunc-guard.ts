/**
 * NaN guards for the trapping float → integer truncations. V8 traps NaN and out-of-range
 * operands with one message ("float unrepresentable in integer range"), while the spec and the
 * interpreter say "invalid conversion to integer" for NaN and "integer overflow" otherwise. A
 * guard before each truncation traps NaN with `unreachable`; the offset map attributes that
 * `unreachable` to the truncation, so the fault translator reads "unreachable at a truncation"
 * as the conversion trap, and V8's own trap there as the overflow. Cost: one compare and a
 * never-taken branch per truncation, only in functions that have one.
 */
import { Op } from '../../../kernel/ir/opcodes.js';
import type { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';

const EMPTY_BLOCK = 0x40;

/** Whether `op` is a non-saturating (trapping) float → integer truncation. */
export function isTrappingTrunc(op: number): boolean {
  return (op >= Op.I32TruncF32S && op <= Op.I32TruncF64U) || (op >= Op.I64TruncF32S && op <= Op.I64TruncF64U);
}

/** Whether truncation `op`'s operand is an f64 (else f32). */
export function takesF64(op: number): boolean {
  return op === Op.I32TruncF64S || op === Op.I32TruncF64U || op === Op.I64TruncF64S || op === Op.I64TruncF64U;
}

/** Scratch locals of one body for the guards (-1 where the body has no such truncation). */
export interface TruncLocals {
  readonly f32: number;
  readonly f64: number;
}

/**
 * Emits the guard for truncation `op` (stack-neutral: the operand stays on top). `hint`
 * receives the offset of the `if`, a slow path to mark unlikely.
 */
export function truncGuard(out: ByteSink, op: number, locals: TruncLocals, hint: (at: number) => void): void {
  const f64 = takesF64(op);
  const local = f64 ? locals.f64 : locals.f32;
  out.u8(Op.LocalTee).u32(local).u8(Op.LocalGet).u32(local).u8(f64 ? Op.F64Ne : Op.F32Ne);
  hint(out.length);
  out.u8(Op.If).u8(EMPTY_BLOCK).u8(Op.Unreachable).u8(Op.End);
  out.u8(Op.LocalGet).u32(local);
}
