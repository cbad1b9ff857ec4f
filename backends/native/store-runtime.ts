/**
 * The per-store state instrumented native modules import (`weft:rt`): the fuel counter, the
 * remaining wasm stack, the epoch countdown and the two runtime functions. One per store,
 * shared by every native instance in it, so calls between native instances (which V8 makes
 * directly, without weft in between) charge the same counters.
 *
 * Synchronisation with `StoreContext`: fuel lives in the i64 global while native code runs and
 * in `store.fuel` otherwise. Every entry from JS (export `invoke`, start function) copies
 * `store.fuel` in and copies it back out on exit; every call out to a host or other-backend
 * function copies it out before and in after, so nesting in either direction stays exact.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import { RuntimeTrap } from './instrument/body-rewriter.js';

/** Epoch checks between two reads of the shared epoch counter. */
export const EPOCH_POLL_INTERVAL = 1024;

/** Fuel given to instrumented code when the store does not count fuel (never reached in practice). */
const UNLIMITED_FUEL = 1n << 62n;

/** The runtime whose native code JS entered outermost and is still running, or null. */
let running: StoreRuntime | null = null;

/**
 * The store runtime of the native code now running, for calls V8 makes to other backends
 * without weft in between (through a table or a funcref), which must sync fuel as imports do.
 */
export function runningRuntime(): StoreRuntime | null {
  return running;
}

export class StoreRuntime {
  readonly store: StoreContext;
  readonly fuel: WebAssembly.Global;
  readonly stack: WebAssembly.Global;
  readonly countdown: WebAssembly.Global;
  /** `weft:rt.trap(code)`: throws the weft trap for a runtime check. */
  readonly trap: (code: number) => never;
  /**
   * `weft:rt.poll()`: 1 when the epoch deadline passed (the guest then traps `Interrupt` at an
   * inserted site: a thrown exception would be caught by a guest `catch_all`), else re-arms the
   * countdown and returns 0.
   */
  readonly poll: () => number;
  /** Native frames of this store currently entered from JS (0: none running). */
  depth = 0;
  /** `running` when this runtime was entered first (restored when it is left). */
  private outer: StoreRuntime | null = null;

  constructor(store: StoreContext) {
    this.store = store;
    this.fuel = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n);
    this.stack = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
    this.countdown = new WebAssembly.Global({ value: 'i32', mutable: true }, EPOCH_POLL_INTERVAL);
    const countdown = this.countdown;
    this.trap = (code: number): never => {
      if (code === RuntimeTrap.OutOfFuel) {
        if (store.events.observed) store.events.emit({ type: 'fuel.exhausted', storeId: store.id });
        throw new Trap(TrapCode.OutOfFuel);
      }
      throw new Trap(TrapCode.StackOverflow);
    };
    this.poll = (): number => {
      if (store.epochEnabled && Atomics.load(store.epoch, 0) >= store.epochDeadline) {
        // Re-arm at once so a caller that catches the trap and re-enters is checked again.
        countdown.value = 1;
        return 1;
      }
      countdown.value = EPOCH_POLL_INTERVAL;
      return 0;
    };
  }

  /** The `weft:rt` import object for a module instrumented with `names`. */
  imports(names: readonly string[]): Record<string, WebAssembly.ImportValue> {
    const out: Record<string, WebAssembly.ImportValue> = {};
    for (const n of names) {
      switch (n) {
        case 'trap': out[n] = this.trap; break;
        case 'poll': out[n] = this.poll; break;
        case 'fuel': out[n] = this.fuel; break;
        case 'stack': out[n] = this.stack; break;
        case 'countdown': out[n] = this.countdown; break;
      }
    }
    return out;
  }

  /** JS is entering native code: returns the stack counter to restore on exit. */
  enter(): number {
    const store = this.store;
    const savedStack = this.stack.value as number;
    if (this.depth++ === 0) {
      this.outer = running;
      running = this;
      this.stack.value = store.maxWasmStack | 0;
      // Check the epoch at the first instrumented function entry.
      this.countdown.value = 1;
    }
    this.fuel.value = store.fuelEnabled ? BigInt(store.fuel) : UNLIMITED_FUEL;
    return savedStack;
  }

  /** Native code returned or threw back to JS. */
  exit(savedStack: number): void {
    const store = this.store;
    if (store.fuelEnabled) {
      const left = this.fuel.value as bigint;
      store.fuel = left < 0n ? 0 : Number(left);
    }
    this.stack.value = savedStack;
    if (--this.depth === 0) {
      running = this.outer;
      this.outer = null;
    }
  }

  /** Native code calls out to JS (host function or another backend). */
  leave(): void {
    if (this.store.fuelEnabled) this.store.fuel = Number(this.fuel.value as bigint);
  }

  /** A call out to JS returned into native code. */
  resume(): void {
    if (this.store.fuelEnabled) this.fuel.value = BigInt(this.store.fuel);
  }
}

const runtimes = new WeakMap<StoreContext, StoreRuntime>();

/** The store's runtime state, created on first use. */
export function storeRuntime(store: StoreContext): StoreRuntime {
  let rt = runtimes.get(store);
  if (rt === undefined) {
    rt = new StoreRuntime(store);
    runtimes.set(store, rt);
  }
  return rt;
}
