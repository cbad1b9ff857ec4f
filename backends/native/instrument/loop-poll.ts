/**
 * Epoch checks at loop headers without a call inside the loop. V8 does not unroll a loop that
 * contains a call, and spills around one even on a cold path; `call $poll` in the header cost
 * matmul 1.77x and bytecode 1.55x against 1.2x and 1.4x without it. So a loop is wrapped:
 *
 *   block $after (bt)            ;; the loop's own results
 *     loop $retry (bt)
 *       block $poll
 *         loop $L (bt)           ;; the original loop
 *           <count; br_if $poll every LOOP_POLL_INTERVAL iterations>
 *           ...body...
 *         end
 *         br $after              ;; the loop finished: its results leave
 *       end
 *       <reset the count; call $poll; if unreachable end>   ;; traps Interrupt, or
 *       br $retry                       ;; re-enters the loop at its header
 *     end
 *   end
 *
 * Leaving at the header and re-entering is exact when the loop has no parameters (its state
 * is all in locals). The three labels shift branch depths that cross them, so branches are
 * re-encoded; functions with branches this file does not re-encode (try_table catch clauses,
 * br_on_cast) keep the call-in-header check.
 */
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import { Imm, Op } from '../../../kernel/ir/opcodes.js';
import type { BlockType } from '../../../kernel/ir/code-reader.js';
import type { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { writeBlockType } from '../../../kernel/ir/encoder/type-encoder.js';
import { LOOP_POLL_INTERVAL, pollCall, type BodyInstrumentation, type HintSink, type TrapSiteSink } from './inserted-code.js';

/** Labels a wrapped loop adds outside itself. */
export const WRAP_LABELS = 3;

const scratch = new Instr();

/** Whether every branch in `code` can be re-encoded (no try_table, no br_on_cast). */
export function canWrapLoops(code: Uint8Array): boolean {
  const r = new CodeReader(code);
  while (!r.atEnd()) {
    r.read(scratch);
    if (scratch.op === Op.TryTable || scratch.imm === Imm.Brcast) return false;
  }
  return true;
}

/** Before the original `loop bt`: the three wrapper labels. */
export function openLoopWrapper(out: ByteSink, bt: BlockType): void {
  out.u8(Op.Block);
  writeBlockType(out, bt);
  out.u8(Op.Loop);
  writeBlockType(out, bt);
  out.u8(Op.Block).u8(0x40);
}

/** At the loop header: count the iteration and leave to `$poll` every `LOOP_POLL_INTERVAL`. */
export function loopHeaderCount(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.epochLocal);
  out.u8(Op.I32Const).u8(1);
  out.u8(Op.I32Add);
  out.u8(Op.LocalTee).u32(ins.epochLocal);
  out.u8(Op.I32Const).s32(LOOP_POLL_INTERVAL);
  out.u8(Op.I32GeU);
  out.u8(Op.BrIf).u32(1); // $poll: just outside the loop
}

/** After the original loop's `end`: the normal exit, the poll path and the wrappers' ends. */
export function closeLoopWrapper(out: ByteSink, ins: BodyInstrumentation, hint: HintSink, site: TrapSiteSink): void {
  out.u8(Op.Br).u32(2); // $after, with the loop's results
  out.u8(Op.End); // $poll
  out.u8(Op.I32Const).u8(0);
  out.u8(Op.LocalSet).u32(ins.epochLocal);
  if (ins.fuelGlobal >= 0) {
    out.u8(Op.LocalGet).u32(ins.fuelLocal);
    out.u8(Op.GlobalSet).u32(ins.fuelGlobal);
  }
  pollCall(out, ins, hint, site); // traps `Interrupt` when the deadline passed
  out.u8(Op.Br).u32(0); // $retry
  out.u8(Op.End); // $retry
  out.u8(Op.End); // $after
}

/** Re-encodes a branch-like instruction whose label depths grow by `shift(depth)`. */
export function writeShiftedBranch(out: ByteSink, i: Instr, shift: (depth: number) => number): void {
  if (i.op === Op.BrTable) {
    out.u8(Op.BrTable).u32(i.targets.length);
    for (const d of i.targets) out.u32(d + shift(d));
    out.u32(i.a + shift(i.a));
    return;
  }
  out.u8(i.op).u32(i.a + shift(i.a));
}

/** Whether `op` carries label depths `writeShiftedBranch` re-encodes. */
export function isRelabelled(op: number): boolean {
  switch (op) {
    case Op.Br: case Op.BrIf: case Op.BrTable: case Op.BrOnNull: case Op.BrOnNonNull:
    case Op.Rethrow: case Op.Delegate:
      return true;
    default:
      return false;
  }
}
