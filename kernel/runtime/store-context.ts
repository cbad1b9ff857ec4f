import type { EventBus } from '../events/event-bus.js';
import type { StackSampler } from '../events/stack-sampler.js';
import type { GrowGuard } from './memory-instance.js';

/**
 * The per-store state backends read and write while a guest runs: fuel, the epoch deadline,
 * the stack limit, grow limits and the event bus. One object per store, resolved once; its
 * fields are plain and initialised here so every store shares one hidden class.
 */
export class StoreContext {
  readonly id: number;
  /** Remaining fuel when `fuelEnabled` (a backend may keep a local copy while running and write it back). */
  fuel = 0;
  fuelEnabled = false;
  /** Engine-wide epoch counter; index 0. Shared memory so another thread can advance it. */
  readonly epoch: Int32Array;
  epochEnabled = false;
  /** The guest is interrupted once `epoch[0] >= epochDeadline`. */
  epochDeadline = 0;
  /** Maximum wasm stack, in bytes of the backend's frame accounting (Wasmtime's `max_wasm_stack`). */
  maxWasmStack = 512 * 1024;
  /** Limits consulted before a memory or table grows (null: no limits). */
  guard: GrowGuard | null = null;
  /** Trap instead of returning -1 when a grow is refused by limits. */
  trapOnGrowFailure = false;
  readonly events: EventBus;
  /** The guest sampling profiler's hook (read by code compiled with `CompileOptions.sampling`), or null. */
  readonly sampler: StackSampler | null;
  /** Embedder's data, visible to host functions as `caller.data`. */
  data: unknown = undefined;

  constructor(id: number, epoch: Int32Array, events: EventBus) {
    this.id = id;
    this.epoch = epoch;
    this.events = events;
    this.sampler = events.sampler;
  }
}
