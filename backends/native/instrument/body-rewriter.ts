/**
 * Rewrites one function body (or constant expression) for the host engine: remaps function
 * and global indices shifted by the runtime imports, and inserts the instrumentation the
 * passes ask for (sequences in `inserted-code.ts`). Untouched instructions are copied byte for
 * byte.
 *
 * - fuel: the store's counter is loaded into an i64 local at entry and charged per run (runs
 *   and costs as in `fuel-costs.ts`, so consumption is the interpreter's). The local goes back
 *   to the store wherever code outside the function can look: before calls (reloaded after),
 *   returns, tail calls and throws, after the charge of a run that may trap, and on the way
 *   into a catch landing point (reloaded there).
 * - epoch: at function entry, decrement the store's countdown global and call `$poll` when it
 *   reaches zero; after every `loop`, count iterations in a local and poll every
 *   `LOOP_POLL_INTERVAL` (leaving the loop to call `$poll` outside it, see `loop-poll.ts`).
 * - stack, at entry: `$sp -= frameBytes`, trap `StackOverflow` when below zero; `return` and
 *   tail calls restore first; catch landing points restore the frame's own value.
 * - call hooks: `enter(index)` at entry, `exit(index)` before every return (not before tail
 *   calls, traps or throws: the interpreter's call.enter/call.exit sequence).
 * - grows: `memory.grow`/`table.grow` become calls into weft's limits (`grow-routing.ts`).
 *
 * With fuel, stack or hooks on, the body is wrapped in a block with the function's results,
 * so every branch to the function label falls out to the one exit sequence before the final
 * `end`.
 */
import { CodeReader, Instr, type BlockType } from '../../../kernel/ir/code-reader.js';
import { Imm, Op } from '../../../kernel/ir/opcodes.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { writeBlockType } from '../../../kernel/ir/encoder/type-encoder.js';
import { findCatchTargets, isOpener } from './catch-targets.js';
import { endsRun, fuelCost, mayTrap } from './fuel-costs.js';
import {
  WRAP_LABELS, canWrapLoops, closeLoopWrapper, isRelabelled, loopHeaderCount, openLoopWrapper, writeShiftedBranch,
} from './loop-poll.js';
import { isTrappingTrunc, truncGuard, type TruncLocals } from './trunc-guard.js';
import { routedGrow } from './grow-routing.js';
import {
  RuntimeTrap, callHook, epochEntryCheck, epochLoopCheck, fuelCharge, fuelFlush, fuelLoad, stackEnter, stackReenter, stackRestore,
  type BodyInstrumentation,
} from './inserted-code.js';

export { RuntimeTrap, LOOP_POLL_INTERVAL, type BodyInstrumentation } from './inserted-code.js';

export interface IndexRemap {
  readonly numImportedFuncs: number;
  readonly funcShift: number;
  readonly numImportedGlobals: number;
  readonly globalShift: number;
}

export interface RewrittenBody {
  readonly code: Uint8Array;
  /** For each copied instruction: its offset in `code` and its original module offset. */
  readonly newOffsets: Int32Array;
  readonly oldOffsets: Int32Array;
  /** Offsets in `code` of inserted slow-path `if`s (branch hints: unlikely). */
  readonly unlikely: Int32Array;
  /** Offsets in `code` of inserted `unreachable`s standing for runtime traps, and their codes. */
  readonly trapSites: Int32Array;
  readonly trapCodes: Uint8Array;
}

interface Ctl {
  readonly op: number;
  /** A try_table catch lands at this label. */
  readonly catchTarget: boolean;
  /** Labels inserted just outside this one (a wrapped loop's), which shift branches crossing them. */
  readonly extra: number;
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

/**
 * Per instruction ordinal: fuel to charge before it (0 when it does not start a run), and
 * whether the run it starts may trap.
 */
function runCosts(code: Uint8Array): { costs: Int32Array; trapping: Uint8Array } {
  const r = new CodeReader(code);
  let count = 0;
  while (!r.atEnd()) {
    r.read(scratch);
    count++;
  }
  const costs = new Int32Array(count + 1);
  const trapping = new Uint8Array(count + 1);
  r.pos = 0;
  let leader = 0;
  let n = 0;
  while (!r.atEnd()) {
    r.read(scratch);
    costs[leader] += fuelCost(scratch.op);
    if (mayTrap(scratch.op, scratch.imm)) trapping[leader] = 1;
    n++;
    if (endsRun(scratch.op)) leader = n;
  }
  return { costs, trapping };
}

function isCall(op: number): boolean {
  return op === Op.Call || op === Op.CallIndirect || op === Op.CallRef;
}

function isTailCall(op: number): boolean {
  return op === Op.ReturnCall || op === Op.ReturnCallIndirect || op === Op.ReturnCallRef;
}

function isThrow(op: number): boolean {
  return op === Op.Throw || op === Op.Rethrow || op === Op.ThrowRef;
}

/**
 * Rewrites a function body's instructions (from the first to the final `end`). `trunc`: the
 * scratch locals of the NaN guards before trapping truncations (`trunc-guard.ts`), or null.
 */
export function rewriteBody(code: Uint8Array, base: number, m: IndexRemap, ins: BodyInstrumentation, trunc: TruncLocals | null = null): RewrittenBody {
  const fuel = ins.fuelGlobal >= 0;
  const epoch = ins.epochGlobal >= 0;
  const stack = ins.stackGlobal >= 0;
  const hooks = ins.enterHook >= 0;
  const grow = ins.grow;
  const wrapped = fuel || stack || hooks;
  const runs = fuel ? runCosts(code) : null;
  // Only fuel and the stack pass keep per-frame state a catch landing must put back.
  const targets = fuel || stack ? findCatchTargets(code) : null;
  const trackTargets = targets !== null && targets.any;
  const out = new ByteSink(code.length * 2 + 32);
  const newOffsets: number[] = [];
  const oldOffsets: number[] = [];
  const unlikely: number[] = [];
  const hint = (at: number): void => { unlikely.push(at); };
  const sites: number[] = [];
  const siteCodes: number[] = [];
  const site = (at: number, code: RuntimeTrap): void => {
    sites.push(at);
    siteCodes.push(code);
  };
  const ctl: Ctl[] = [];
  let opener = 0;
  const wrapLoops = epoch && canWrapLoops(code);
  /** Inserted labels currently open: while 0, branch depths are copied as they are. */
  let extraOpen = 0;
  /** How much a branch to relative label `depth` moves: the inserted labels it crosses. */
  const shiftOf = (depth: number): number => {
    let n = 0;
    for (let k = Math.max(ctl.length - depth, 0); k < ctl.length; k++) n += ctl[k].extra;
    return n;
  };
  // `delegate`'s label counts from outside its own (already closed) try.
  const shiftOfDelegate = (depth: number): number => shiftOf(depth + 1);
  /** A loop with parameters cannot be left and re-entered at its header: it keeps the call check. */
  const wrappable = (bt: BlockType): boolean =>
    wrapLoops && (typeof bt !== 'number' || (ins.typeHasParams !== undefined && !ins.typeHasParams(bt)));

  /** Whether a branch to relative label `depth` lands at a catch target. */
  const targetIsCatch = (depth: number): boolean => {
    const i = ctl.length - 1 - depth;
    return i >= 0 ? ctl[i].catchTarget : targets!.functionLabel;
  };
  /** Fuel local into the store on a normal path into a catch landing point. */
  const beforeLanding = (): void => {
    if (fuel) fuelFlush(out, ins);
  };
  /** At a catch landing point: state as the throw left it. */
  const atLanding = (): void => {
    if (fuel) fuelLoad(out, ins);
    if (stack) stackReenter(out, ins);
  };
  /**
   * Before leaving the frame normally (return, tail call, the final end). A tail call emits no
   * call.exit: as on the interpreter, the callee takes over the frame and its exit ends both.
   */
  const beforeExit = (tail: boolean): void => {
    if (fuel) fuelFlush(out, ins);
    if (stack) stackRestore(out, ins);
    if (hooks && !tail) callHook(out, ins.exitHook, ins.funcIndex);
  };

  if (hooks) callHook(out, ins.enterHook, ins.funcIndex);
  if (stack) stackEnter(out, ins, hint, site);
  if (epoch) epochEntryCheck(out, ins, site);
  if (fuel) fuelLoad(out, ins);
  if (wrapped) {
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
    if (runs !== null) {
      if (runs.costs[n] > 0) fuelCharge(out, ins, runs.costs[n], hint, site);
      if (runs.trapping[n] === 1) fuelFlush(out, ins);
    }
    n++;
    if (fuel && (isCall(op) || isThrow(op))) fuelFlush(out, ins);
    if (op === Op.Return || isTailCall(op)) beforeExit(op !== Op.Return);
    if (trackTargets) {
      switch (op) {
        case Op.Br: case Op.BrIf: case Op.BrOnNull: case Op.BrOnNonNull:
          if (targetIsCatch(i.a)) beforeLanding();
          break;
        case Op.BrTable:
          if (targetIsCatch(i.a) || i.targets.some(targetIsCatch)) beforeLanding();
          break;
        case Op.BrOnCast: case Op.BrOnCastFail:
          if (targetIsCatch(i.a)) beforeLanding();
          break;
        case Op.Loop:
          if (targets!.openers[opener] === 1) beforeLanding();
          break;
        case Op.End: case Op.Else: case Op.Delegate: {
          // Falling into the end of a catch-target block (or the then-branch skipping to it).
          const c = ctl.length > 0 ? ctl[ctl.length - 1] : null;
          if (c !== null ? c.catchTarget && c.op !== Op.Loop : targets!.functionLabel) beforeLanding();
          break;
        }
      }
    }
    const wrapThis = op === Op.Loop && wrappable(i.block);
    if (wrapThis) openLoopWrapper(out, i.block);
    newOffsets.push(out.length);
    oldOffsets.push(i.offset);
    // After the offset is recorded: the guard's trap is attributed to the truncation.
    if (trunc !== null && isTrappingTrunc(op)) truncGuard(out, op, trunc, hint);
    if (extraOpen > 0 && isRelabelled(op)) writeShiftedBranch(out, i, op === Op.Delegate ? shiftOfDelegate : shiftOf);
    else if (op === Op.MemoryGrow && grow !== undefined && grow.funcs.memory[i.a] >= 0) {
      routedGrow(out, grow.funcs.memory[i.a], i.a, grow.local, RuntimeTrap.MemoryGrowRefused, hint, site);
    } else if (op === Op.TableGrow && grow !== undefined && grow.funcs.table[i.a] >= 0) {
      routedGrow(out, grow.funcs.table[i.a], i.a, grow.local, RuntimeTrap.TableGrowRefused, hint, site);
    } else copyInstr(out, code, start, r.pos, i, m);
    if (isOpener(op)) {
      const catchTarget = trackTargets && targets!.openers[opener] === 1;
      opener++;
      const extra = wrapThis ? WRAP_LABELS : 0;
      extraOpen += extra;
      ctl.push({ op, catchTarget, extra });
      if (op === Op.Loop) {
        if (catchTarget) atLanding();
        if (wrapThis) loopHeaderCount(out, ins);
        else if (epoch) epochLoopCheck(out, ins, hint, site);
      }
      continue;
    }
    switch (op) {
      case Op.Call: case Op.CallIndirect: case Op.CallRef:
        if (fuel) fuelLoad(out, ins);
        break;
      case Op.Catch: case Op.CatchAll:
        atLanding();
        break;
      case Op.End: case Op.Delegate: {
        const c = ctl.pop();
        if (c === undefined) {
          if (op === Op.Delegate) break;
          // The function's own `end` closed the wrapper block; leave, then end the function.
          if (wrapped) {
            if (trackTargets && targets!.functionLabel) atLanding();
            beforeExit(false);
            out.u8(Op.End);
          }
        } else if (c.catchTarget && c.op !== Op.Loop) {
          atLanding();
        }
        if (c !== undefined && c.extra > 0) {
          extraOpen -= c.extra;
          closeLoopWrapper(out, ins, hint, site);
        }
        break;
      }
    }
  }
  return {
    code: out.finish(), newOffsets: Int32Array.from(newOffsets), oldOffsets: Int32Array.from(oldOffsets),
    unlikely: Int32Array.from(unlikely), trapSites: Int32Array.from(sites), trapCodes: Uint8Array.from(siteCodes),
  };
}
