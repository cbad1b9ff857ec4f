/**
 * The guest sampling profiler (`--profile guest[=FILE][,INTERVAL]`): an EventSink that samples
 * the wasm call stack on every backend, by the means each backend offers:
 *  - backends with a sampling hook (the interpreter): the profiler puts its `GuestSampler` on
 *    the EventBus, so modules compiled afterwards get check points (`CompileOptions.sampling`)
 *    that record the stack when the sample clock (a Worker, `sample-clock.ts`) has ticked;
 *  - backends that hand wasm to the host engine (native): V8's own sampling profiler
 *    (`v8-wasm-sampler.ts`), started when the first such module is compiled.
 * No per-call events are needed. On detach (engine dispose) it writes FILE in the format its
 * extension names.
 */
import { writeFileSync } from 'node:fs';
import type { Subscription } from 'rxjs';
import type { EventSink } from '../../kernel/contracts/event-sink.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { RuntimeEvent } from '../../kernel/events/runtime-event.js';
import { firefoxProfile } from './firefox-profile-writer.js';
import { flameGraphSvg } from './flamegraph-svg.js';
import { writeFolded } from './folded-writer.js';
import { GuestSampler } from './guest-sampler.js';
import { DEFAULT_INTERVAL_MS, formatOf, type ProfileFormat } from './profile-flag.js';
import { SampleClock } from './sample-clock.js';
import { StackProfile } from './stack-profile.js';
import { V8WasmSampler } from './v8-wasm-sampler.js';

export interface GuestProfilerOptions {
  /** Where to write the profile on detach (null: keep it in memory, read `profile`). */
  readonly file?: string | null;
  readonly intervalMs?: number;
}

/** Backends that compile the sampling hook in; every other backend is sampled through V8. */
export const HOOKED_BACKENDS: ReadonlySet<string> = new Set(['interpreter']);

export function renderProfile(profile: StackProfile, format: ProfileFormat): string {
  switch (format) {
    case 'firefox': return JSON.stringify(firefoxProfile(profile));
    case 'folded': return writeFolded(profile);
    case 'svg': return flameGraphSvg(profile);
  }
}

function warn(message: string): void {
  // Observability never throws into the host.
  process.emitWarning(message, { code: 'WEFT_PROFILE' });
}

export class GuestProfiler implements EventSink {
  readonly id = 'guest';
  readonly needsCallEvents = false;
  readonly file: string | null;
  readonly format: ProfileFormat | null;
  readonly clock: SampleClock;
  readonly profile: StackProfile;
  /** The hook backends call (StoreContext.sampler). */
  readonly sampler: GuestSampler;
  /** V8's sampler, for backends without the hook. */
  readonly v8: V8WasmSampler;

  constructor(options: GuestProfilerOptions = {}) {
    this.file = options.file ?? null;
    this.format = this.file === null ? null : formatOf(this.file);
    const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.clock = new SampleClock(interval);
    this.profile = new StackProfile(interval);
    this.sampler = new GuestSampler(this.clock, this.profile);
    this.v8 = new V8WasmSampler(interval);
  }

  attach(events: EventBus): { detach(): Promise<void> } {
    events.sampler = this.sampler;
    const depth = new Map<number, number>();
    const onEvent = (e: RuntimeEvent): void => {
      if (e.type === 'export.call') {
        // Ticks that elapsed while no guest ran (between outermost export calls) are dropped.
        const d = depth.get(e.storeId) ?? 0;
        if (e.phase === 'enter' && d === 0) this.sampler.discard();
        depth.set(e.storeId, e.phase === 'enter' ? d + 1 : Math.max(0, d - 1));
      } else if (e.type === 'module.compiled' && !HOOKED_BACKENDS.has(e.backend)) {
        if (!this.v8.running) {
          const failure = this.v8.start();
          if (failure !== null) warn(`guest profile: cannot start V8's sampler for the ${e.backend} backend: ${failure}`);
        }
      }
    };
    const sub: Subscription = events.events$.subscribe(onEvent);
    this.clock.start();
    return {
      detach: async (): Promise<void> => {
        sub.unsubscribe();
        if (events.sampler === this.sampler) events.sampler = null;
        this.v8.stopInto(this.profile);
        await this.clock.stop();
        if (this.file !== null && this.format !== null) {
          try {
            writeFileSync(this.file, renderProfile(this.profile, this.format));
          } catch (err) {
            warn(`guest profile: cannot write ${this.file}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      },
    };
  }
}
