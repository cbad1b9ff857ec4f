/**
 * Sampling without a backend hook: a shadow stack per store, kept from `call.enter` /
 * `call.exit` events (per-call events compiled in). At every event the ticks accumulated since
 * the previous event are charged to the stack as it was before this event: the stack cannot
 * have changed in between (any call or return is an event), so attribution is exact to the
 * tick even in long loops. Works on every backend that emits per-call events; costs an event
 * per call, which is why the interpreter hook (`guest-sampler.ts`) is preferred when present.
 */
import type { RuntimeEvent } from '../../kernel/events/runtime-event.js';
import type { GuestSampler } from './guest-sampler.js';
import { MAX_SAMPLE_DEPTH } from './guest-sampler.js';

class ShadowStack {
  readonly frames = new Int32Array(MAX_SAMPLE_DEPTH);
  depth = 0;
  /** Depth at each open export call (to resynchronise after traps, which emit no call.exit). */
  readonly entries: number[] = [];
}

export class CallEventStacks {
  private readonly sampler: GuestSampler;
  private readonly stores = new Map<number, ShadowStack>();

  constructor(sampler: GuestSampler) {
    this.sampler = sampler;
  }

  private stack(storeId: number): ShadowStack {
    let s = this.stores.get(storeId);
    if (!s) this.stores.set(storeId, s = new ShadowStack());
    return s;
  }

  onEvent(e: RuntimeEvent): void {
    switch (e.type) {
      case 'call.enter': {
        const s = this.stack(e.storeId);
        if (this.sampler.ticks[0] !== 0 && s.depth > 0) this.sampler.record(s.frames, Math.min(s.depth, MAX_SAMPLE_DEPTH));
        if (s.depth < MAX_SAMPLE_DEPTH) s.frames[s.depth] = this.sampler.idOfName(e.funcName, e.funcIndex);
        s.depth++;
        break;
      }
      case 'call.exit': {
        const s = this.stack(e.storeId);
        if (this.sampler.ticks[0] !== 0 && s.depth > 0) this.sampler.record(s.frames, Math.min(s.depth, MAX_SAMPLE_DEPTH));
        if (s.depth > 0) s.depth--;
        break;
      }
      case 'export.call': {
        const s = this.stack(e.storeId);
        if (e.phase === 'enter') {
          if (s.depth === 0) this.sampler.discard();
          s.entries.push(s.depth);
        } else {
          if (this.sampler.ticks[0] !== 0 && s.depth > 0) this.sampler.record(s.frames, Math.min(s.depth, MAX_SAMPLE_DEPTH));
          s.depth = s.entries.pop() ?? 0;
        }
        break;
      }
      default:
        break;
    }
  }
}
