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

const LOCAL_GET = 0x20;
const LOCAL_TEE = 0x22;
const F32_NE = 0x5c;
const F64_NE = 0x62;
const IF = 0x04;
const EMPTY_BLOCK = 0x40;
const UNREACHABLE = 0x00;
const END = 0x0b;

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
  out.u8(LOCAL_TEE).u32(local).u8(LOCAL_GET).u32(local).u8(f64 ? F64_NE : F32_NE);
  hint(out.length);
  out.u8(IF).u8(EMPTY_BLOCK).u8(UNREACHABLE).u8(END);
  out.u8(LOCAL_GET).u32(local);
}
