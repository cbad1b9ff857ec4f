/**
 * The guest side of sampling for backends with a sampling hook (the interpreter's
 * `IOp.Sample`, see `backends/interpreter/sample-stack.ts`): the `StackSampler` the profiler
 * puts on the EventBus. At function entry and loop headers the backend checks `ticks[0]`; when
 * the clock has ticked it writes the call stack's function ids into `scratch` and calls
 * `record`, which takes the ticks accumulated since the last record (`Atomics.exchange`) and
 * charges them to that stack. Everything is preallocated: a sample allocates only when it sees
 * a stack for the first time.
 */
import type { SampleClock } from './sample-clock.js';
import type { SampledFunction, StackSampler } from '../../kernel/events/stack-sampler.js';
import { displayName, type StackProfile } from './stack-profile.js';

export type { SampledFunction } from '../../kernel/events/stack-sampler.js';

/** Deepest stack recorded; deeper stacks keep their outermost frames. */
export const MAX_SAMPLE_DEPTH = 1024;

export class GuestSampler implements StackSampler {
  /** Shared tick counter: non-zero means "record the stack now". */
  readonly ticks: Int32Array;
  /** Scratch for a backend to write function ids into (outermost first). */
  readonly scratch = new Int32Array(MAX_SAMPLE_DEPTH);
  private readonly clock: SampleClock;
  private readonly profile: StackProfile;
  private readonly ids = new Map<SampledFunction, number>();

  constructor(clock: SampleClock, profile: StackProfile) {
    this.clock = clock;
    this.ticks = clock.ticks;
    this.profile = profile;
  }

  /** The profile id of a function (cached per function object). */
  idOf(f: SampledFunction): number {
    let id = this.ids.get(f);
    if (id === undefined) {
      id = this.profile.functionId(displayName(f.name, f.funcIndex));
      this.ids.set(f, id);
    }
    return id;
  }

  /** Drops ticks that elapsed outside the guest (between export calls). */
  discard(): void {
    this.clock.take();
  }

  /** Charges the pending ticks to `stack[0..n)`; returns the ticks charged. */
  record(stack: Int32Array, n: number): number {
    const t = this.clock.take();
    if (t > 0) this.profile.add(stack, n, t);
    return t;
  }
}
