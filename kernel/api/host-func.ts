import type { EventBus } from '../events/event-bus.js';
import { WASI_MODULES, withWasiCallEvents } from '../events/wasi-call-events.js';
import type { TypeRegistry } from '../ir/type-registry.js';
import type { FuncType } from '../ir/types.js';
import { FuncInstance, type Caller, type HostFunction } from '../runtime/func-instance.js';
import { hostResult } from './values.js';

/** Canonical type id of a standalone function type (interned as its own rec group). */
export function internFuncType(registry: TypeRegistry, type: FuncType): number {
  const ids = new Int32Array(1);
  registry.internRecGroup([{ final: true, supertypes: [], composite: type }], 0, 1, ids);
  return ids[0];
}

/**
 * A host function as a FuncInstance bound to one Caller. `invoke` takes the wasm parameters,
 * calls `fn(caller, ...params)` and coerces the result to the declared types (a Promise is
 * passed on, coerced when it settles, for backends that suspend). Host-call events are
 * compiled in only when they were requested before instantiation; WASI imports always report
 * `wasi.call` events while the bus is observed.
 */
export function makeHostFunc(
  type: FuncType, typeId: number, hostFn: HostFunction, module: string, name: string, caller: Caller, bus: EventBus,
): FuncInstance {
  const storeId = (caller as { store?: { id?: number } }).store?.id ?? 0;
  // WASI imports report `wasi.call` events (errno, duration) whenever the bus is observed.
  const fn = WASI_MODULES.has(module) ? withWasiCallEvents(hostFn, type.params.length, bus, storeId, module, name) : hostFn;
  const debugName = `${module}!${name}`;
  const results = type.results;
  const coerce: ((v: unknown) => unknown) | null = results.length === 0 ? null
    : results.length === 1 ? hostResult(results[0], debugName)
      : multi(results.map((t) => hostResult(t, debugName)), debugName);
  const settle = (r: unknown): unknown => (coerce === null ? undefined : coerce(r));
  // `impl` is what backends call directly with their own Caller; it coerces results, with
  // fixed-arity wrappers so a call allocates no rest array. No results: `fn` itself.
  const impl: HostFunction = coerce === null ? fn : coercing(fn, type.params.length, settle);
  let invoke: (...params: unknown[]) => unknown = (...params) => {
    const r = fn(caller, ...params);
    return r instanceof Promise ? r.then(settle) : settle(r);
  };
  if (bus.callEventsRequested) {
    const plain = invoke;
    invoke = (...params) => {
      if (bus.observed) bus.emit({ type: 'host.call', storeId, module, name, phase: 'enter' });
      try {
        return plain(...params);
      } finally {
        if (bus.observed) bus.emit({ type: 'host.call', storeId, module, name, phase: 'exit' });
      }
    };
  }
  return new FuncInstance(type, typeId, 'host', impl, debugName, invoke);
}

function coercing(fn: HostFunction, arity: number, settle: (r: unknown) => unknown): HostFunction {
  const done = (r: unknown): unknown => (r instanceof Promise ? r.then(settle) : settle(r));
  switch (arity) {
    case 0: return (c) => done(fn(c));
    case 1: return (c, a) => done(fn(c, a));
    case 2: return (c, a, b) => done(fn(c, a, b));
    case 3: return (c, a, b, d) => done(fn(c, a, b, d));
    case 4: return (c, a, b, d, e) => done(fn(c, a, b, d, e));
    default: return (c, ...rest) => done(fn(c, ...rest));
  }
}

function multi(convs: readonly ((v: unknown) => unknown)[], name: string): (v: unknown) => unknown {
  return (v) => {
    if (!Array.isArray(v) || v.length !== convs.length) {
      throw new TypeError(`host function ${name} must return an array of ${convs.length} values`);
    }
    return convs.map((c, i) => c(v[i]));
  };
}
