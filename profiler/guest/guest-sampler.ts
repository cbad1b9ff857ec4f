/**
 * The guest side of sampling: what a backend calls when the sample clock has ticked. It is the
 * whole interface a backend needs (see the report for the interpreter hook):
 *
 *   // at function entry and loop headers, where epoch checks are, compiled in only when
 *   // CompileOptions.sampling is set; `s` is StoreContext.sampler:
 *   if (s.ticks[0] !== 0) {
 *     const out = s.scratch; let n = 0;
 *     for (let d = 0; d < depth && n < out.length - 1; d++) { const f = m.frameFns[d]; if (f) out[n++] = s.idOf(f.fc); }
 *     out[n++] = s.idOf(cur.fc);
 *     s.record(out, n);
 *   }
 *
 * `record` takes the ticks accumulated since the last record (`Atomics.exchange`) and charges
 * them to the stack: everything is preallocated, so a sample allocates only when it sees a
 * stack for the first time.
 */
import type { SampleClock } from './sample-clock.js';
import { displayName, type StackProfile } from './stack-profile.js';

/** What a backend's per-function code exposes (the interpreter's FuncCode has both). */
export interface SampledFunction {
  readonly funcIndex: number;
  readonly name: string | null;
}

/** Deepest stack recorded; deeper stacks keep their outermost frames. */
export const MAX_SAMPLE_DEPTH = 1024;

export class GuestSampler {
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

  /** The id for a function known only by index and name (call-event adapter). */
  idOfName(funcName: string | null, funcIndex: number): number {
    return this.profile.functionId(displayName(funcName, funcIndex));
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
