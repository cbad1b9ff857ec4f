import type { EventBus } from '../events/event-bus.js';

export const EventSink = Symbol.for('weft.EventSink');

/** A profiler or tracer: subscribes to an engine's events for as long as it is attached. */
export interface EventSink {
  readonly id: string;
  /** Whether it needs per-call events compiled in (costly; only when asked). */
  readonly needsCallEvents: boolean;
  attach(events: EventBus): { detach(): Promise<void> | void };
}
