/**
 * The runtime side of the call-hook pass: the `weft:rt.enter`/`exit` functions a module
 * compiled with `CompileOptions.callHooks` calls with the original function index, emitting
 * the interpreter's `call.enter`/`call.exit` events (`funcName` from the name section, null
 * without one), and the `host.call` events around imported functions the interpreter emits
 * when it calls out of wasm. Only built when a subscriber asked for call events, so an
 * untraced run pays nothing.
 */
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import type { FuncInstance } from '../../../kernel/runtime/func-instance.js';
import type { StoreContext } from '../../../kernel/runtime/store-context.js';

export interface CallHookImports {
  readonly enter: (funcIndex: number) => void;
  readonly exit: (funcIndex: number) => void;
}

export function callHookImports(ir: ModuleIR, store: StoreContext): CallHookImports {
  const events = store.events;
  const storeId = store.id;
  const names = ir.names.funcs;
  return {
    enter: (funcIndex: number): void => {
      if (events.observed) events.emit({ type: 'call.enter', storeId, funcIndex, funcName: names.get(funcIndex) ?? null });
    },
    exit: (funcIndex: number): void => {
      if (events.observed) events.emit({ type: 'call.exit', storeId, funcIndex, funcName: names.get(funcIndex) ?? null });
    },
  };
}

type Entry = (...args: any[]) => unknown;

/** `call` wrapped in `host.call` enter/exit events, named as the interpreter names them (`module!name`). */
export function withHostCallEvents(f: FuncInstance, call: Entry, store: StoreContext): Entry {
  const bang = f.owner === 'host' ? f.name.indexOf('!') : -1;
  const module = bang < 0 ? '' : f.name.slice(0, bang);
  const name = bang < 0 ? f.name : f.name.slice(bang + 1);
  const events = store.events;
  const storeId = store.id;
  return (...args: unknown[]) => {
    if (events.observed) events.emit({ type: 'host.call', storeId, module, name, phase: 'enter' });
    const r = call(...args);
    if (events.observed) events.emit({ type: 'host.call', storeId, module, name, phase: 'exit' });
    return r;
  };
}
