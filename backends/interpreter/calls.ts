/**
 * Calls that leave the interpreter: host functions (given the instance's one preallocated
 * `Caller` first) and functions of other backends (through `FuncInstance.invoke`). Arguments
 * are read from the caller's argument slots and results written back to the same slots, so
 * the run loop sees a host call exactly like a wasm call.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { FuncInstance, HostFunction } from '../../kernel/runtime/func-instance.js';
import type { InterpInstance } from './instance.js';
import type { Machine } from './machine.js';
import { readSlot, writeResults } from './values.js';

/** Call finished; results are in the argument slots. */
export const CALL_DONE = 0;
/** The host returned a thenable, now in `m.pending`. */
export const CALL_PENDING = 1;

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

export function callOut(m: Machine, fi: FuncInstance, inst: InterpInstance, base: number): number {
  const params = fi.type.params;
  const n = params.length;
  let s = base;
  let a0: unknown, a1: unknown, a2: unknown, a3: unknown;
  let rest: unknown[] | null = null;
  if (n > 4) {
    rest = [];
    for (let i = 0; i < n; i++) {
      rest.push(readSlot(m, s, params[i]));
      s += params[i] === 'v128' ? 2 : 1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = readSlot(m, s, params[i]);
      s += params[i] === 'v128' ? 2 : 1;
      if (i === 0) a0 = v; else if (i === 1) a1 = v; else if (i === 2) a2 = v; else a3 = v;
    }
  }
  const events = inst.store.events;
  const hook = inst.hooks && events.observed;
  if (hook) events.emit({ type: 'host.call', storeId: inst.store.id, module: '', name: fi.name, phase: 'enter' });
  let r: unknown;
  if (fi.owner === 'host') {
    const h = fi.impl as HostFunction;
    const c = inst.caller;
    if (rest !== null) r = h(c, ...rest);
    else if (n === 0) r = h(c);
    else if (n === 1) r = h(c, a0);
    else if (n === 2) r = h(c, a0, a1);
    else if (n === 3) r = h(c, a0, a1, a2);
    else r = h(c, a0, a1, a2, a3);
  } else {
    const f = fi.invoke;
    if (rest !== null) r = f(...rest);
    else if (n === 0) r = f();
    else if (n === 1) r = f(a0);
    else if (n === 2) r = f(a0, a1);
    else if (n === 3) r = f(a0, a1, a2);
    else r = f(a0, a1, a2, a3);
  }
  if (hook) events.emit({ type: 'host.call', storeId: inst.store.id, module: '', name: fi.name, phase: 'exit' });
  if (isThenable(r)) {
    if (!m.async) throw new Trap(TrapCode.HostError, 'host function returned a Promise; call the export with callAsync');
    m.pending = r;
    return CALL_PENDING;
  }
  writeResults(m, base, fi.type.results, r);
  return CALL_DONE;
}
