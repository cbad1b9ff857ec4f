/**
 * What a backend with a sampling hook sees of the guest sampling profiler (set on the
 * EventBus by the profiler when it attaches; every StoreContext created afterwards carries it).
 * A backend compiles its check points in only with `CompileOptions.sampling`; at each one it
 * tests `ticks[0] !== 0` and, when a sample is due, writes the wasm call stack as function ids
 * (outermost first) into `scratch` and calls `record`. Nothing here allocates per check.
 */
export interface SampledFunction {
  readonly funcIndex: number;
  readonly name: string | null;
}

export interface StackSampler {
  /** Index 0 counts clock ticks not yet charged; non-zero means "record the stack now". */
  readonly ticks: Int32Array;
  /** Where a backend writes the function ids of one stack (outermost first). */
  readonly scratch: Int32Array;
  /** The profile id of a function (cached per function object). */
  idOf(f: SampledFunction): number;
  /** Charges the pending ticks to `stack[0..n)`; returns how many ticks it charged. */
  record(stack: Int32Array, n: number): number;
}
