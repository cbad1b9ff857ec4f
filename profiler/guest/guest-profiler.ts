/**
 * The guest sampling profiler (`--profile guest[=FILE][,INTERVAL]`): an EventSink that owns the
 * sample clock (a Worker, see `sample-clock.ts`), a `GuestSampler` for backends with a sampling
 * hook, and the call-event shadow stacks that sample on every backend emitting per-call events.
 * On detach (engine dispose) it writes FILE in the format its extension names.
 */
import { writeFileSync } from 'node:fs';
import type { Subscription } from 'rxjs';
import type { EventSink } from '../../kernel/contracts/event-sink.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { CallEventStacks } from './call-event-stack.js';
import { firefoxProfile } from './firefox-profile-writer.js';
import { flameGraphSvg } from './flamegraph-svg.js';
import { writeFolded } from './folded-writer.js';
import { GuestSampler } from './guest-sampler.js';
import { DEFAULT_INTERVAL_MS, formatOf, type ProfileFormat } from './profile-flag.js';
import { SampleClock } from './sample-clock.js';
import { StackProfile } from './stack-profile.js';

export interface GuestProfilerOptions {
  /** Where to write the profile on detach (null: keep it in memory, read `profile`). */
  readonly file?: string | null;
  readonly intervalMs?: number;
}

export function renderProfile(profile: StackProfile, format: ProfileFormat): string {
  switch (format) {
    case 'firefox': return JSON.stringify(firefoxProfile(profile));
    case 'folded': return writeFolded(profile);
    case 'svg': return flameGraphSvg(profile);
  }
}

export class GuestProfiler implements EventSink {
  readonly id = 'guest';
  /**
   * Per-call events feed the shadow stacks. A backend with the sampling hook makes them
   * unnecessary; until the interpreter has it, they are how every backend is sampled.
   */
  readonly needsCallEvents = true;
  readonly file: string | null;
  readonly format: ProfileFormat | null;
  readonly clock: SampleClock;
  readonly profile: StackProfile;
  /** For backends with the sampling hook (StoreContext.sampler). */
  readonly sampler: GuestSampler;

  constructor(options: GuestProfilerOptions = {}) {
    this.file = options.file ?? null;
    this.format = this.file === null ? null : formatOf(this.file);
    const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.clock = new SampleClock(interval);
    this.profile = new StackProfile(interval);
    this.sampler = new GuestSampler(this.clock, this.profile);
  }

  attach(events: EventBus): { detach(): Promise<void> } {
    const stacks = new CallEventStacks(this.sampler);
    const sub: Subscription = events.events$.subscribe((e) => stacks.onEvent(e));
    this.clock.start();
    return {
      detach: async (): Promise<void> => {
        sub.unsubscribe();
        await this.clock.stop();
        if (this.file !== null && this.format !== null) {
          try {
            writeFileSync(this.file, renderProfile(this.profile, this.format));
          } catch (err) {
            // Observability never throws into the host.
            process.emitWarning(`guest profile: cannot write ${this.file}: ${err instanceof Error ? err.message : String(err)}`, { code: 'WEFT_PROFILE_WRITE' });
          }
        }
      },
    };
  }
}
