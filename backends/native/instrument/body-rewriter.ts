/**
 * Rewrites one function body (or constant expression) for the host engine: remaps function
 * and global indices shifted by the runtime imports, and inserts the instrumentation the
 * passes ask for. Untouched instructions are copied byte for byte.
 *
 * Inserted code (all of it stack-neutral, so it is valid anywhere an instruction is):
 * - fuel, before each run's first instruction (runs as in `fuel-costs.ts`):
 *   `global.get $fuel; i64.const cost; i64.lt_s; if; i32.const 1; call $trap; end;
 *    global.get $fuel; i64.const cost; i64.sub; global.set $fuel` — the guest traps
 *   `OutOfFuel` when the remaining fuel cannot pay for the run, before any of it executes.
 * - epoch: at function entry, decrement the store's countdown global and call `$poll` when
 *   it reaches zero; after every `loop`, count iterations in a local and call `$poll` every
 *   `LOOP_POLL_INTERVAL` (`$poll` compares the shared epoch counter with the deadline and
 *   throws `Interrupt`, or re-arms the countdown).
 * - stack, at entry: `$sp -= frameBytes`, trap `StackOverflow` when below zero; the body is
 *   wrapped in a block with the function's results so every branch to the function label
 *   falls out to one restore (`$sp = $saved`) before the final `end`; `return` and tail calls
 *   restore first; landing points of exception handlers restore the frame's own value.
 */
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import { Imm, Op } from '../../../kernel/ir/opcodes.js';
import type { BlockType } from '../../../kernel/ir/code-reader.js';
import { ByteSink } from '../../../plugins/parser/encoder/byte-sink.js';
import { writeBlockType } from '../../../plugins/parser/encoder/type-encoder.js';
import { endsRun, fuelCost } from './fuel-costs.js';

/** Codes passed to the runtime's `trap` import. */
export const enum RuntimeTrap {
  OutOfFuel = 1,
  StackOverflow = 2,
}

export interface IndexRemap {
  readonly numImportedFuncs: number;
  readonly funcShift: number;
  readonly numImportedGlobals: number;
  readonly globalShift: number;
}

export interface BodyInstrumentation {
  /** Global index of the i64 fuel counter, or -1. */
  readonly fuelGlobal: number;
  /** Global index of the epoch countdown, or -1. */
  readonly epochGlobal: number;
  /** Local counting loop iterations between polls (epoch pass). */
  readonly epochLocal: number;
  /** Function index of `poll`. */
  readonly pollFunc: number;
  /** Function index of `trap (param i32)`. */
  readonly trapFunc: number;
  /** Global index of the remaining-stack counter, or -1. */
  readonly stackGlobal: number;
  /** Bytes this function's frame costs (stack pass). */
  readonly frameBytes: number;
  /** Local index for the saved stack counter (stack pass). */
  readonly savedLocal: number;
  /** Block type of the wrapper block: the function's results. */
  readonly wrapperType: BlockType;
}

export interface RewrittenBody {
  readonly code: Uint8Array;
  /** For each copied instruction: its offset in `code` and its original module offset. */
  readonly newOffsets: Int32Array;
  readonly oldOffsets: Int32Array;
}

interface Ctl {
  readonly op: number;
  catchTarget: boolean;
}

const scratch = new Instr();

function remapFunc(m: IndexRemap, f: number): number {
  return f < m.numImportedFuncs ? f : f + m.funcShift;
}

function remapGlobal(m: IndexRemap, g: number): number {
  return g < m.numImportedGlobals ? g : g + m.globalShift;
}

/** Copies instruction bytes `[start, end)`, re-encoding index immediates that shift. */
function copyInstr(out: ByteSink, code: Uint8Array, start: number, end: number, ins: Instr, m: IndexRemap): void {
  if (ins.imm === Imm.Func && m.funcShift !== 0) {
    out.u8(ins.op).u32(remapFunc(m, ins.a));
  } else if (ins.imm === Imm.Global && m.globalShift !== 0) {
    out.u8(ins.op).u32(remapGlobal(m, ins.a));
  } else {
    out.bytes(code.subarray(start, end));
  }
}

/** A constant expression with its function and global indices remapped. */
export function remapConstExpr(code: Uint8Array, m: IndexRemap): Uint8Array {
  if (m.funcShift === 0 && m.globalShift === 0) return code;
  const out = new ByteSink(code.length + 4);
  const r = new CodeReader(code);
  while (!r.atEnd()) {
    const start = r.pos;
    r.read(scratch);
    copyInstr(out, code, start, r.pos, scratch, m);
  }
  return out.finish();
}

/** Per instruction ordinal: fuel to charge before it (0 when it does not start a block). */
function blockCosts(code: Uint8Array, base: number): number[] {
  const r = new CodeReader(code, 0, code.length, base);
  const costs: number[] = [];
  let leader = 0;
  let sum = 0;
  let n = 0;
  costs.push(0);
  while (!r.atEnd()) {
    r.read(scratch);
    sum += fuelCost(scratch.op);
    n++;
    if (endsRun(scratch.op)) {
      costs[leader] = sum;
      sum = 0;
      leader = n;
      costs.push(0);
    } else {
      costs.push(0);
    }
  }
  if (sum > 0) costs[leader] = sum;
  return costs;
}

function fuelCharge(out: ByteSink, ins: BodyInstrumentation, cost: number): void {
  // Test before charging, so an exhausted store keeps the fuel the run could not pay for.
  out.u8(Op.GlobalGet).u32(ins.fuelGlobal);
  out.u8(Op.I64Const).s64(BigInt(cost));
  out.u8(0x53); // i64.lt_s
  out.u8(Op.If).u8(0x40);
  out.u8(Op.I32Const).u8(RuntimeTrap.OutOfFuel);
  out.u8(Op.Call).u32(ins.trapFunc);
  out.u8(Op.End);
  out.u8(Op.GlobalGet).u32(ins.fuelGlobal);
  out.u8(Op.I64Const).s64(BigInt(cost));
  out.u8(0x7d); // i64.sub
  out.u8(Op.GlobalSet).u32(ins.fuelGlobal);
}

function epochCheck(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.GlobalGet).u32(ins.epochGlobal);
  out.u8(Op.I32Const).u8(1);
  out.u8(0x6b); // i32.sub
  out.u8(Op.GlobalSet).u32(ins.epochGlobal);
  out.u8(Op.GlobalGet).u32(ins.epochGlobal);
  out.u8(0x45); // i32.eqz
  out.u8(Op.If).u8(0x40);
  out.u8(Op.Call).u32(ins.pollFunc);
  out.u8(Op.End);
}

/**
 * Loop headers count iterations in a local (a register; V8 keeps imported mutable globals in
 * memory, which made a global countdown cost 3x in a tight loop) and poll every
 * `LOOP_POLL_INTERVAL` iterations; function entries use the store-wide countdown.
 */
export const LOOP_POLL_INTERVAL = 1024;

function loopEpochCheck(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.epochLocal);
  out.u8(Op.I32Const).u8(1);
  out.u8(0x6a); // i32.add
  out.u8(Op.LocalTee).u32(ins.epochLocal);
  out.u8(Op.I32Const).s32(LOOP_POLL_INTERVAL);
  out.u8(0x4f); // i32.ge_u
  out.u8(Op.If).u8(0x40);
  out.u8(Op.I32Const).u8(0);
  out.u8(Op.LocalSet).u32(ins.epochLocal);
  out.u8(Op.Call).u32(ins.pollFunc);
  out.u8(Op.End);
}

function stackEnter(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.GlobalGet).u32(ins.stackGlobal);
  out.u8(Op.LocalTee).u32(ins.savedLocal);
  out.u8(Op.I32Const).s32(ins.frameBytes);
  out.u8(0x6b); // i32.sub
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
  out.u8(Op.GlobalGet).u32(ins.stackGlobal);
  out.u8(Op.I32Const).u8(0);
  out.u8(0x48); // i32.lt_s
  out.u8(Op.If).u8(0x40);
  out.u8(Op.I32Const).u8(RuntimeTrap.StackOverflow);
  out.u8(Op.Call).u32(ins.trapFunc);
  out.u8(Op.End);
}

function stackRestore(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.savedLocal);
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
}

/** An exception handler in this frame was entered: the frame's own stack charge is live again. */
function stackReenter(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.savedLocal);
  out.u8(Op.I32Const).s32(ins.frameBytes);
  out.u8(0x6b); // i32.sub
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
}

/** Rewrites a function body's instructions (from the first to the final `end`). */
export function rewriteBody(code: Uint8Array, base: number, m: IndexRemap, ins: BodyInstrumentation): RewrittenBody {
  const fuel = ins.fuelGlobal >= 0;
  const epoch = ins.epochGlobal >= 0;
  const stack = ins.stackGlobal >= 0;
  const costs = fuel ? blockCosts(code, base) : null;
  const out = new ByteSink(code.length * 2 + 32);
  const newOffsets: number[] = [];
  const oldOffsets: number[] = [];
  const ctl: Ctl[] = [];

  if (stack) stackEnter(out, ins);
  if (epoch) epochCheck(out, ins);
  if (stack) {
    out.u8(Op.Block);
    writeBlockType(out, ins.wrapperType);
  }

  const r = new CodeReader(code, 0, code.length, base);
  let n = 0;
  while (!r.atEnd()) {
    const start = r.pos;
    const i = scratch;
    r.read(i);
    const op = i.op;
    if (costs !== null && costs[n] > 0) fuelCharge(out, ins, costs[n]);
    n++;
    if (stack && (op === Op.Return || op === Op.ReturnCall || op === Op.ReturnCallIndirect || op === Op.ReturnCallRef)) {
      stackRestore(out, ins);
    }
    if (stack && op === Op.TryTable) {
      for (const c of i.catches) {
        const target = ctl.length - 1 - c.label;
        if (target >= 0) ctl[target].catchTarget = true;
      }
    }
    newOffsets.push(out.length);
    oldOffsets.push(i.offset);
    copyInstr(out, code, start, r.pos, i, m);
    switch (op) {
      case Op.Block: case Op.If: case Op.Try: case Op.TryTable:
        ctl.push({ op, catchTarget: false });
        break;
      case Op.Loop:
        ctl.push({ op, catchTarget: false });
        if (epoch) loopEpochCheck(out, ins);
        break;
      case Op.Catch: case Op.CatchAll:
        if (stack) stackReenter(out, ins);
        break;
      case Op.Delegate:
        ctl.pop();
        break;
      case Op.End: {
        const c = ctl.pop();
        if (c === undefined) {
          // The function's own `end` closed the wrapper block; restore, then end the function.
          if (stack) {
            stackRestore(out, ins);
            out.u8(Op.End);
          }
        } else if (stack && c.catchTarget && c.op !== Op.Loop) {
          stackReenter(out, ins);
        }
        break;
      }
    }
  }
  return { code: out.finish(), newOffsets: Int32Array.from(newOffsets), oldOffsets: Int32Array.from(oldOffsets) };
}
