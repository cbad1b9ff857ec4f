/**
 * The instruction sequences the native passes insert into function bodies. Every sequence is
 * stack-neutral, so it is valid anywhere an instruction is. Slow paths (out of fuel, epoch
 * poll, stack overflow) sit in an `if` whose offset is reported through `hint`, so the
 * rewriter can mark the branch unlikely (see `branch-hints.ts`) and V8 keeps their spill code
 * out of the hot path. Running out of fuel or stack ends in a bare `unreachable` (a runtime
 * trap site, reported through `site`), not a call: a call, even on a cold path, stops V8 from
 * unrolling the loop around it and makes it spill (matmul with fuel: 1.71x with a call to a
 * trap import, 1.35x with `unreachable`). The fault translator names the trap by its site.
 */
import { Op } from '../../../kernel/ir/opcodes.js';
import type { BlockType } from '../../../kernel/ir/code-reader.js';
import type { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import type { GrowFuncs } from './grow-routing.js';

/** Codes passed to the runtime's `trap` import. */
export const enum RuntimeTrap {
  OutOfFuel = 1,
  StackOverflow = 2,
  /** A grow refused by store limits with `trapOnGrowFailure` (`grow-routing.ts`). */
  MemoryGrowRefused = 3,
  TableGrowRefused = 4,
  /** The epoch deadline passed: `poll` returned non-zero (a JS exception would be caught by `catch_all`). */
  Interrupt = 5,
}

/**
 * Loop headers count iterations in a local (a register; V8 keeps imported mutable globals in
 * memory, which made a global countdown cost 3x in a tight loop) and poll every
 * `LOOP_POLL_INTERVAL` iterations; function entries use the store-wide countdown.
 */
export const LOOP_POLL_INTERVAL = 1024;


/** What a function's inserted code refers to: indices in the rewritten module, -1 when off. */
export interface BodyInstrumentation {
  /** Global index of the store's i64 fuel counter, or -1 (fuel pass off). */
  readonly fuelGlobal: number;
  /** Local holding the fuel counter while this function runs. */
  readonly fuelLocal: number;
  /** Global index of the epoch countdown, or -1 (epoch pass off). */
  readonly epochGlobal: number;
  /** Local counting loop iterations between polls (epoch pass). */
  readonly epochLocal: number;
  /** Function index of `poll`. */
  readonly pollFunc: number;
  /** Global index of the remaining-stack counter, or -1 (stack pass off). */
  readonly stackGlobal: number;
  /** Bytes this function's frame costs (stack pass). */
  readonly frameBytes: number;
  /** Local index for the saved stack counter (stack pass). */
  readonly savedLocal: number;
  /** Function indices of the `enter`/`exit` call hooks (param i32 = original function index), or -1. */
  readonly enterHook: number;
  readonly exitHook: number;
  /** The function's index in the original module (passed to the hooks). */
  readonly funcIndex: number;
  /**
   * Whether block type `typeIndex` takes parameters; such loops keep the call-in-header epoch
   * check. Absent: every loop typed by index keeps it.
   */
  readonly typeHasParams?: (typeIndex: number) => boolean;
  /** Block type of the wrapper block around the body: the function's results. */
  readonly wrapperType: BlockType;
  /** Routed `memory.grow`/`table.grow` (`grow-routing.ts`): import per index, or absent. */
  readonly grow?: { readonly funcs: GrowFuncs; readonly local: number };
}

/** Records the output offset of an inserted slow-path `if`. */
export type HintSink = (offsetOfIf: number) => void;

/** Records the output offset of an inserted `unreachable` that stands for a runtime trap. */
export type TrapSiteSink = (offsetOfUnreachable: number, code: RuntimeTrap) => void;

function runtimeTrap(out: ByteSink, code: RuntimeTrap, site: TrapSiteSink): void {
  site(out.length, code);
  out.u8(Op.Unreachable);
}

function unlikelyIf(out: ByteSink, hint: HintSink): void {
  hint(out.length);
  out.u8(Op.If).u8(0x40);
}

/** Function entry: the store's fuel into the function's local. */
export function fuelLoad(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.GlobalGet).u32(ins.fuelGlobal);
  out.u8(Op.LocalSet).u32(ins.fuelLocal);
}

/** The local's fuel back to the store, where code outside this function can see it. */
export function fuelFlush(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.fuelLocal);
  out.u8(Op.GlobalSet).u32(ins.fuelGlobal);
}

/**
 * Charges a run's cost to the local. When the fuel cannot pay for it, the store keeps the
 * fuel from before the run (the interpreter's behaviour) and the guest traps `OutOfFuel`.
 */
export function fuelCharge(out: ByteSink, ins: BodyInstrumentation, cost: number, hint: HintSink, site: TrapSiteSink): void {
  out.u8(Op.LocalGet).u32(ins.fuelLocal);
  out.u8(Op.I64Const).s64(BigInt(cost));
  out.u8(Op.I64Sub);
  out.u8(Op.LocalTee).u32(ins.fuelLocal);
  out.u8(Op.I64Const).u8(0);
  out.u8(Op.I64LtS);
  unlikelyIf(out, hint);
  out.u8(Op.LocalGet).u32(ins.fuelLocal);
  out.u8(Op.I64Const).s64(BigInt(cost));
  out.u8(Op.I64Add);
  out.u8(Op.GlobalSet).u32(ins.fuelGlobal);
  runtimeTrap(out, RuntimeTrap.OutOfFuel, site);
  out.u8(Op.End);
}

/**
 * `call $poll` and, when it says the epoch deadline passed (non-zero), an `Interrupt` trap site.
 * The poll import returns instead of throwing: V8's legacy `catch_all` catches JS exceptions
 * thrown by imports, so a guest could swallow a thrown interrupt and loop on; a trap it cannot.
 * `hint`: mark the trap branch unlikely (null: leave it unhinted).
 */
export function pollCall(out: ByteSink, ins: BodyInstrumentation, hint: HintSink | null, site: TrapSiteSink): void {
  out.u8(Op.Call).u32(ins.pollFunc);
  if (hint !== null) hint(out.length);
  out.u8(Op.If).u8(0x40);
  runtimeTrap(out, RuntimeTrap.Interrupt, site);
  out.u8(Op.End);
}

/** Calls `poll`, with the fuel visible to it (an interrupt leaves exact fuel in the store). */
function poll(out: ByteSink, ins: BodyInstrumentation, hint: HintSink, site: TrapSiteSink): void {
  if (ins.fuelGlobal >= 0) fuelFlush(out, ins);
  pollCall(out, ins, hint, site);
}

/**
 * Function entry: count down the store-wide countdown and poll when it reaches zero. Not
 * hinted: on recursive fib the hint made this check cost 1.3x instead of 1.05x. Placed before
 * the fuel local is loaded (the store holds the fuel there), so the call keeps nothing live:
 * fib with fuel and epochs 1.6x -> 1.4x.
 */
export function epochEntryCheck(out: ByteSink, ins: BodyInstrumentation, site: TrapSiteSink): void {
  out.u8(Op.GlobalGet).u32(ins.epochGlobal);
  out.u8(Op.I32Const).u8(1);
  out.u8(Op.I32Sub);
  out.u8(Op.GlobalSet).u32(ins.epochGlobal);
  out.u8(Op.GlobalGet).u32(ins.epochGlobal);
  out.u8(Op.I32Eqz);
  out.u8(Op.If).u8(0x40);
  pollCall(out, ins, null, site);
  out.u8(Op.End);
}

/** Loop header: count iterations in a local and poll every `LOOP_POLL_INTERVAL`. */
export function epochLoopCheck(out: ByteSink, ins: BodyInstrumentation, hint: HintSink, site: TrapSiteSink): void {
  out.u8(Op.LocalGet).u32(ins.epochLocal);
  out.u8(Op.I32Const).u8(1);
  out.u8(Op.I32Add);
  out.u8(Op.LocalTee).u32(ins.epochLocal);
  out.u8(Op.I32Const).s32(LOOP_POLL_INTERVAL);
  out.u8(Op.I32GeU);
  unlikelyIf(out, hint);
  out.u8(Op.I32Const).u8(0);
  out.u8(Op.LocalSet).u32(ins.epochLocal);
  poll(out, ins, hint, site);
  out.u8(Op.End);
}

/** Function entry: `$sp -= frameBytes`, trapping `StackOverflow` below zero. */
export function stackEnter(out: ByteSink, ins: BodyInstrumentation, hint: HintSink, site: TrapSiteSink): void {
  out.u8(Op.GlobalGet).u32(ins.stackGlobal);
  out.u8(Op.LocalTee).u32(ins.savedLocal);
  out.u8(Op.I32Const).s32(ins.frameBytes);
  out.u8(Op.I32Sub);
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
  out.u8(Op.GlobalGet).u32(ins.stackGlobal);
  out.u8(Op.I32Const).u8(0);
  out.u8(Op.I32LtS);
  unlikelyIf(out, hint);
  runtimeTrap(out, RuntimeTrap.StackOverflow, site);
  out.u8(Op.End);
}

export function stackRestore(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.savedLocal);
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
}

/** An exception handler in this frame was entered: the frame's own stack charge is live again. */
export function stackReenter(out: ByteSink, ins: BodyInstrumentation): void {
  out.u8(Op.LocalGet).u32(ins.savedLocal);
  out.u8(Op.I32Const).s32(ins.frameBytes);
  out.u8(Op.I32Sub);
  out.u8(Op.GlobalSet).u32(ins.stackGlobal);
}

/** `call $hook (i32.const funcIndex)`: a call.enter or call.exit event. */
export function callHook(out: ByteSink, hookFunc: number, funcIndex: number): void {
  out.u8(Op.I32Const).s32(funcIndex);
  out.u8(Op.Call).u32(hookFunc);
}
