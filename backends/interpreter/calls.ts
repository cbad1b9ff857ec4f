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

/**
 * A `host.call` event with the import's module and name (a host function's name is
 * `module!name`; a function of another backend has no module).
 */
function emitHostCall(inst: InterpInstance, fi: FuncInstance, phase: 'enter' | 'exit'): void {
  const bang = fi.owner === 'host' ? fi.name.indexOf('!') : -1;
  const module = bang < 0 ? '' : fi.name.slice(0, bang);
  const name = bang < 0 ? fi.name : fi.name.slice(bang + 1);
  inst.store.events.emit({ type: 'host.call', storeId: inst.store.id, module, name, phase });
}

export function callOut(m: Machine, fi: FuncInstance, inst: InterpInstance, base: number): number {
  const params = fi.type.params;
  const n = params.length;
  // Up to 8 arguments travel in locals (fixed-arity calls below); only more build an array.
  let a0: unknown, a1: unknown, a2: unknown, a3: unknown, a4: unknown, a5: unknown, a6: unknown, a7: unknown;
  let rest: unknown[] | null = null;
  if (n > 8) {
    rest = [];
    for (let i = 0, s = base; i < n; i++) {
      rest.push(readSlot(m, s, params[i]));
      s += params[i] === 'v128' ? 2 : 1;
    }
  } else if (n > 0) {
    const I = m.I;
    let s = base;
    for (let i = 0; i < n; i++) {
      const t = params[i];
      const v = t === 'i32' ? I[s << 1] : t === 'f64' ? m.F[s] : readSlot(m, s, t);
      s += t === 'v128' ? 2 : 1;
      switch (i) {
        case 0: a0 = v; break;
        case 1: a1 = v; break;
        case 2: a2 = v; break;
        case 3: a3 = v; break;
        case 4: a4 = v; break;
        case 5: a5 = v; break;
        case 6: a6 = v; break;
        default: a7 = v;
      }
    }
  }
  const events = inst.store.events;
  const hook = inst.hooks && events.observed;
  if (hook) emitHostCall(inst, fi, 'enter');
  let r: unknown;
  if (fi.owner === 'host') {
    const h = fi.impl as HostFunction;
    const c = inst.caller;
    switch (n) {
      case 0: r = h(c); break;
      case 1: r = h(c, a0); break;
      case 2: r = h(c, a0, a1); break;
      case 3: r = h(c, a0, a1, a2); break;
      case 4: r = h(c, a0, a1, a2, a3); break;
      case 5: r = h(c, a0, a1, a2, a3, a4); break;
      case 6: r = h(c, a0, a1, a2, a3, a4, a5); break;
      case 7: r = h(c, a0, a1, a2, a3, a4, a5, a6); break;
      case 8: r = h(c, a0, a1, a2, a3, a4, a5, a6, a7); break;
      default: r = h(c, ...rest!);
    }
  } else {
    const f = fi.invoke;
    switch (n) {
      case 0: r = f(); break;
      case 1: r = f(a0); break;
      case 2: r = f(a0, a1); break;
      case 3: r = f(a0, a1, a2); break;
      case 4: r = f(a0, a1, a2, a3); break;
      case 5: r = f(a0, a1, a2, a3, a4); break;
      case 6: r = f(a0, a1, a2, a3, a4, a5); break;
      case 7: r = f(a0, a1, a2, a3, a4, a5, a6); break;
      case 8: r = f(a0, a1, a2, a3, a4, a5, a6, a7); break;
      default: r = f(...rest!);
    }
  }
  if (hook) emitHostCall(inst, fi, 'exit');
  if (isThenable(r)) {
    if (!m.async) throw new Trap(TrapCode.HostError, 'host function returned a Promise; call the export with callAsync');
    m.pending = r;
    return CALL_PENDING;
  }
  writeResults(m, base, fi.type.results, r);
  return CALL_DONE;
}
