/**
 * The interpreter's own stack: one value stack (Int32Array/Float64Array views over one
 * ArrayBuffer, plus a parallel JS array for references) and one frame stack. Wasm calls push
 * frames here, never on the JS stack. One Machine per store for synchronous calls (nested
 * host → wasm calls continue above the current top), and a fresh one per `invokeAsync` so a
 * suspended guest keeps its stack while other calls run.
 *
 * Nothing run-related lives at module level: two stores (or two suspended async calls) never
 * share a Machine.
 */
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import type { InterpFunc } from './instance.js';
import { FRAME_OVERHEAD } from './func-code.js';
import type { SimdViews } from './simd/index.js';

const INITIAL_SLOTS = 8192;
const INITIAL_FRAMES = 256;

export class Machine {
  readonly store: StoreContext;
  /** Whether host Promises may suspend this machine (async entry). */
  readonly async: boolean;
  I: Int32Array;
  F: Float64Array;
  R: unknown[];
  /** Allocated capacity in slots. */
  capSlots: number;
  /** Frame stack: `[returnPc, fp]` per saved caller, and the caller function. */
  frames: Int32Array;
  frameFns: (InterpFunc | null)[];
  /** Saved callers currently on the frame stack. */
  depth = 0;
  /** First free slot (where a new entry frame starts). */
  top = 0;
  /** Fuel left while a loop runs (written back to the store on exit). */
  fuel = 0;
  /** Suspension state (async machines only). */
  pc = 0;
  fp = 0;
  fn: InterpFunc | null = null;
  pending: PromiseLike<unknown> | null = null;
  /** Where the host call that suspended wants its results. */
  pendingFn: unknown = null;
  pendingBase = 0;
  /** Whether the suspended call was a tail call (results then return from the frame). */
  pendingTail = false;
  /** SIMD library views of the stack buffer (rebuilt when the buffer is replaced). */
  simdViews: SimdViews | null = null;
  /** Nesting of run loops on this machine (for stack accounting of host re-entry). */
  active = 0;

  constructor(store: StoreContext, async: boolean) {
    this.store = store;
    this.async = async;
    const slots = Math.min(INITIAL_SLOTS, (store.maxWasmStack >>> 3) + 64);
    const buf = new ArrayBuffer(slots * 8);
    this.I = new Int32Array(buf);
    this.F = new Float64Array(buf);
    this.R = new Array(slots).fill(null);
    this.capSlots = slots;
    this.frames = new Int32Array(INITIAL_FRAMES * 2);
    this.frameFns = new Array(INITIAL_FRAMES).fill(null);
  }

  /**
   * Makes room for a frame ending at slot `end` at frame depth `depth`; throws StackOverflow
   * (as a sentinel the loop converts) when `maxWasmStack` would be exceeded.
   * Returns false when the limit is exceeded.
   */
  ensure(end: number, depth: number): boolean {
    if (end * 8 + depth * FRAME_OVERHEAD > this.store.maxWasmStack) return false;
    if (end > this.capSlots) {
      let n = this.capSlots * 2;
      while (n < end) n *= 2;
      const buf = new ArrayBuffer(n * 8);
      const I = new Int32Array(buf);
      I.set(this.I);
      this.I = I;
      this.F = new Float64Array(buf);
      const R = this.R;
      for (let i = this.capSlots; i < n; i++) R.push(null);
      this.capSlots = n;
    }
    if (depth * 2 + 2 > this.frames.length) {
      const f = new Int32Array(this.frames.length * 2);
      f.set(this.frames);
      this.frames = f;
      for (let i = this.frameFns.length; i < this.frames.length / 2; i++) this.frameFns.push(null);
    }
    return true;
  }
}

const machines = new WeakMap<StoreContext, Machine>();

/** The synchronous machine of a store (created on first use). */
export function machineFor(store: StoreContext): Machine {
  let m = machines.get(store);
  if (m === undefined) {
    m = new Machine(store, false);
    machines.set(store, m);
  }
  return m;
}
