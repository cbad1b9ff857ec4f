/**
 * `wasi.call` events: the kernel wraps every host function imported from a WASI module so that,
 * while someone observes the bus, each call is timed and reported with its errno. Unobserved,
 * a call costs one `observed` check more than the bare function. Fixed-arity wrappers (WASI
 * functions take at most 9 parameters) keep a call free of rest-array allocation.
 */
import { isExitSignal } from '../errors/exit-signal.js';
import type { Caller, HostFunction } from '../runtime/func-instance.js';
import type { EventBus } from './event-bus.js';

/** Import modules whose functions are WASI calls. */
export const WASI_MODULES: ReadonlySet<string> = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

type A = unknown;

/** `fn` reporting `wasi.call` events on `bus` (for calls from store `storeId`). */
export function withWasiCallEvents(fn: HostFunction, arity: number, bus: EventBus, storeId: number, module: string, name: string): HostFunction {
  const emit = (t0: number, errno: number): void => {
    bus.emit({ type: 'wasi.call', storeId, module, name, errno, durationMs: performance.now() - t0 });
  };
  const done = (t0: number, r: unknown): unknown => {
    if (r instanceof Promise) {
      return r.then((v) => { emit(t0, typeof v === 'number' ? v : 0); return v; }, (e) => { emit(t0, isExitSignal(e) ? 0 : -1); throw e; });
    }
    emit(t0, typeof r === 'number' ? r : 0);
    return r;
  };
  const failed = (t0: number, e: unknown): never => {
    emit(t0, isExitSignal(e) ? 0 : -1);
    throw e;
  };
  // `call` runs `fn` timed; each arity below only forwards its own parameters to it.
  const call = (c: Caller, a: A, b: A, d: A, e: A, f: A, g: A, h: A, i: A, j: A, n: number): unknown => {
    const t0 = performance.now();
    let r: unknown;
    try {
      switch (n) {
        case 0: r = fn(c); break;
        case 1: r = fn(c, a); break;
        case 2: r = fn(c, a, b); break;
        case 3: r = fn(c, a, b, d); break;
        case 4: r = fn(c, a, b, d, e); break;
        case 5: r = fn(c, a, b, d, e, f); break;
        case 6: r = fn(c, a, b, d, e, f, g); break;
        case 7: r = fn(c, a, b, d, e, f, g, h); break;
        case 8: r = fn(c, a, b, d, e, f, g, h, i); break;
        default: r = fn(c, a, b, d, e, f, g, h, i, j);
      }
    } catch (err) {
      return failed(t0, err);
    }
    return done(t0, r);
  };
  if (arity > 9) {
    return (c, ...rest) => {
      if (!bus.observed) return fn(c, ...rest);
      const t0 = performance.now();
      let r: unknown;
      try { r = fn(c, ...rest); } catch (err) { return failed(t0, err); }
      return done(t0, r);
    };
  }
  return (c, a, b, d, e, f, g, h, i, j) => {
    if (!bus.observed) {
      switch (arity) {
        case 0: return fn(c);
        case 1: return fn(c, a);
        case 2: return fn(c, a, b);
        case 3: return fn(c, a, b, d);
        case 4: return fn(c, a, b, d, e);
        case 5: return fn(c, a, b, d, e, f);
        case 6: return fn(c, a, b, d, e, f, g);
        case 7: return fn(c, a, b, d, e, f, g, h);
        case 8: return fn(c, a, b, d, e, f, g, h, i);
        default: return fn(c, a, b, d, e, f, g, h, i, j);
      }
    }
    return call(c, a, b, d, e, f, g, h, i, j, arity);
  };
}
