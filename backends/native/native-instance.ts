/**
 * Instantiation on the native backend: builds the host engine's import object from the
 * Linker's `ResolvedImports` (plus the runtime and allocator imports the passes added),
 * instantiates the host module, and wraps its exports as weft runtime objects.
 *
 * Functions: a native export imported by another native instance is passed as the host
 * function itself, so V8 calls it directly (no weft frame in between). Host functions get the
 * calling instance's preallocated `Caller` first. Functions of other backends are called
 * through `invoke`. Exports become `FuncInstance`s (`owner = 'native'`, `impl` = the host
 * function) whose `invoke` syncs the store's fuel/stack state and translates faults.
 */
import type { BackendInstance, InstantiateRequest } from '../../kernel/contracts/backend.js';
import type { InstanceAllocation } from '../../kernel/contracts/instance-allocator.js';
import { LinkError } from '../../kernel/errors/link-error.js';
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { FuncType } from '../../kernel/ir/types.js';
import type { ExternValue } from '../../kernel/runtime/extern.js';
import { FuncInstance, type Caller, type HostFunction } from '../../kernel/runtime/func-instance.js';
import type { GlobalInstance } from '../../kernel/runtime/global-instance.js';
import type { MemoryInstance } from '../../kernel/runtime/memory-instance.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import type { TableInstance } from '../../kernel/runtime/table-instance.js';
import { noteHostInstance } from './fault-translator.js';
import { exceptionFromHost, exceptionToHost, noteStoreTag } from './host-exceptions.js';
import { globalFromHost, globalToHost, makeLive, memoryFromHost, memoryToHost, tagFromHost, tagToHost } from './host-externs.js';
import { FUNC_REFS, NATIVE, registerHostFunc, type NativeFuncImpl } from './host-funcs.js';
import { segmentFuncs, tableFromHost, tableToHost } from './host-tables.js';
import { NativeBoundaryImpl, importedV128, v128Invoke } from './boundary/boundary-funcs.js';
import { exportWithFuncRefs, importWithFuncRefs } from './boundary/func-refs.js';
import { v128GlobalFromHost, v128GlobalToHost } from './boundary/v128-globals.js';
import { privateTableExport } from './instrument/body-scan.js';
import { MEMORY_MODULE, RUNTIME_MODULE } from './instrument/instrument.js';
import { GROW_IMPORTS, TABLE_MODULE } from './instrument/grow-routing.js';
import { growImports } from './grow-imports.js';
import { checkMinimums } from './minimum-limits.js';
import { callHookImports, withHostCallEvents } from './instrument/call-hook-imports.js';
import type { NativeCompiledModule } from './native-module.js';
import { storeRuntime, type StoreRuntime } from './store-runtime.js';

export { NATIVE, type NativeFuncImpl };

/** The Caller a native instance hands to host functions: its exports and the store's data. */
class NativeCaller implements Caller {
  exports: ReadonlyMap<string, ExternValue> | null = null;
  private readonly store: StoreContext;

  constructor(store: StoreContext) {
    this.store = store;
  }

  getExport(name: string): unknown {
    return this.exports?.get(name);
  }

  get data(): unknown {
    return this.store.data;
  }
}

type Entry = (...args: any[]) => unknown;

/** The JS function the host engine calls for an imported FuncInstance. */
function importedFunc(f: FuncInstance, caller: NativeCaller, rt: StoreRuntime | null, hookStore: StoreContext | null): WebAssembly.ImportValue {
  if (f.owner === NATIVE) return (f.impl as NativeFuncImpl).fn;
  const direct: Entry = f.owner === 'host'
    ? hostCall(f.impl as HostFunction, caller, f.type.params.length)
    : otherBackendCall(f);
  // With call hooks compiled in, calls out of wasm emit host.call events as on the interpreter.
  const call = hookStore !== null ? withHostCallEvents(f, direct, hookStore) : direct;
  // Fuel must be visible to (and charged by) code outside the host engine.
  const counted: Entry = rt === null || !rt.store.fuelEnabled ? call : (...args: unknown[]) => {
    rt.leave();
    try {
      return call(...args);
    } finally {
      rt.resume();
    }
  };
  // v128 cannot cross JS: for such a signature the host engine calls an import adapter.
  return importedV128(importWithFuncRefs(counted, f.type, FUNC_REFS), f.type);
}

/** Calls a function of another backend; its wasm exceptions become the host's (native try/catch). */
function otherBackendCall(f: FuncInstance): Entry {
  return (...args: unknown[]) => {
    try {
      return f.invoke(...args);
    } catch (e) {
      throw exceptionToHost(e);
    }
  };
}

/** Prepends the caller without a rest-parameter array for the common arities. */
function hostCall(fn: HostFunction, caller: Caller, arity: number): Entry {
  // A WasmException a host function throws becomes the host's, so native try/catch sees it.
  switch (arity) {
    case 0: return () => { try { return fn(caller); } catch (e) { throw exceptionToHost(e); } };
    case 1: return (a: unknown) => { try { return fn(caller, a); } catch (e) { throw exceptionToHost(e); } };
    case 2: return (a: unknown, b: unknown) => { try { return fn(caller, a, b); } catch (e) { throw exceptionToHost(e); } };
    case 3: return (a: unknown, b: unknown, c: unknown) => { try { return fn(caller, a, b, c); } catch (e) { throw exceptionToHost(e); } };
    case 4: return (a: unknown, b: unknown, c: unknown, d: unknown) => { try { return fn(caller, a, b, c, d); } catch (e) { throw exceptionToHost(e); } };
    default: return (...args: unknown[]) => { try { return fn(caller, ...args); } catch (e) { throw exceptionToHost(e); } };
  }
}

export function instantiateNative(cm: NativeCompiledModule, req: InstantiateRequest): BackendInstance {
  const ir = cm.ir;
  const { store, imports } = req;
  // The grow imports are per instance and keep no store state: they alone need no entry sync.
  const instrumented = cm.layout.runtimeImports.some((n) => !GROW_IMPORTS.has(n));
  const rt = instrumented ? storeRuntime(store) : null;
  const hooked = cm.layout.runtimeImports.includes('enter');
  const caller = new NativeCaller(store);
  const fault = (e: unknown, exportFunc: number): unknown => {
    const translated = cm.faults.translate(exceptionFromHost(e, store), req.trapHandler, exportFunc);
    // Fuel ran out in wasm (an inserted trap site, seen first by the innermost entry): say so once.
    if (e instanceof WebAssembly.RuntimeError && translated instanceof Trap && translated.trapCode === TrapCode.OutOfFuel
      && store.events.observed) {
      store.events.emit({ type: 'fuel.exhausted', storeId: store.id });
    }
    return translated;
  };

  const importObject: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  const put = (module: string, name: string, v: WebAssembly.ImportValue): void => {
    (importObject[module] ??= {})[name] = v;
  };
  let fi = 0; let ti = 0; let mi = 0; let gi = 0; let tgi = 0;
  // Host tables by table index, where weft can reach them (imported now, exported below).
  const hostTables: (WebAssembly.Table | null)[] = new Array(ir.tableTypes.length).fill(null);
  for (const imp of ir.imports) {
    const what = `import ${imp.module}.${imp.name}`;
    switch (imp.desc.kind) {
      case 'func': put(imp.module, imp.name, importedFunc(imports.funcs[fi++], caller, rt, hooked ? store : null)); break;
      case 'table': {
        const host = tableToHost(imports.tables[ti], what);
        hostTables[ti++] = host;
        put(imp.module, imp.name, host);
        break;
      }
      case 'memory': put(imp.module, imp.name, memoryToHost(imports.memories[mi++], what)); break;
      case 'global': {
        const g = imports.globals[gi++];
        put(imp.module, imp.name, g.type.type === 'v128' ? v128GlobalToHost(g) : globalToHost(g, what));
        break;
      }
      case 'tag': {
        const host = tagToHost(imports.tags[tgi++], what);
        noteStoreTag(store, host);
        put(imp.module, imp.name, host);
        break;
      }
    }
  }
  if (rt !== null) importObject[RUNTIME_MODULE] = rt.imports(cm.layout.runtimeImports);
  if (hooked) Object.assign(importObject[RUNTIME_MODULE], callHookImports(ir, store));

  let allocation: InstanceAllocation | null = null;
  if (cm.layout.importedMemories > 0 || cm.layout.importedTables > 0) {
    allocation = req.allocator.allocate(ir, store, { hostMemories: true });
  } else if (store.guard !== null) {
    // V8 creates the memories and tables: the allocator's minimum-size checks happen here.
    checkMinimums(ir, store.guard);
  }
  const memories: MemoryInstance[] = imports.memories.slice();
  const tables: TableInstance[] = imports.tables.slice();
  try {
    if (allocation !== null && cm.layout.importedMemories > 0) {
      for (let i = 0; i < allocation.memories.length; i++) {
        const index = ir.numImportedMemories + i;
        put(MEMORY_MODULE, String(index), memoryToHost(allocation.memories[i], `memory ${index} from allocator ${req.allocator.id}`));
      }
      memories.push(...allocation.memories);
    }
    if (allocation !== null && cm.layout.importedTables > 0) {
      for (let i = 0; i < allocation.tables.length; i++) {
        const index = ir.numImportedTables + i;
        const host = tableToHost(allocation.tables[i], `table ${index} from allocator ${req.allocator.id}`);
        hostTables[index] = host;
        put(TABLE_MODULE, String(index), host);
      }
      tables.push(...allocation.tables);
    }
  } catch (e) {
    allocation?.release();
    throw e;
  }
  if (cm.layout.runtimeImports.some((n) => GROW_IMPORTS.has(n))) {
    Object.assign(importObject[RUNTIME_MODULE] ??= {}, growImports(cm.layout.runtimeImports, store, memories, tables));
  }

  let host: WebAssembly.Instance;
  const saved = rt !== null ? rt.enter() : 0;
  try {
    // The start function runs inside the constructor.
    host = new WebAssembly.Instance(cm.module, importObject);
  } catch (e) {
    allocation?.release();
    if (e instanceof WebAssembly.LinkError) throw new LinkError(e.message, { cause: e });
    // The start function is the outermost frame: naming it lets the translator know its code
    // before any export call (a trap site inside it, e.g. a refused grow, is then recognised).
    const start = ir.start === null ? -1 : ir.start < ir.numImportedFuncs ? -1 : ir.start + cm.layout.funcShift;
    throw fault(e, start);
  } finally {
    if (rt !== null) rt.exit(saved);
  }
  if (allocation !== null) req.allocator.initialised?.(ir, allocation);
  noteHostInstance(host, cm.faults, hostTables);

  const funcs: FuncInstance[] = imports.funcs.slice();
  const globals: GlobalInstance[] = imports.globals.slice();
  const exports = new Map<string, ExternValue>();
  const funcByIndex = new Map<number, FuncInstance>();
  const engineFuncShift = cm.layout.funcShift;
  /** weft's function for defined function `index`, whose host function is `fn`. */
  const nativeFunc = (index: number, fn: Entry): FuncInstance => {
    const typeIndex = ir.funcTypeIndices[index];
    const type = ir.types[typeIndex].composite as FuncType;
    const name = ir.names.funcs.get(index) ?? `<wasm function ${index}>`;
    const engineIndex = index + engineFuncShift;
    const onFault = (e: unknown): unknown => fault(e, engineIndex);
    // v128 and exact float bits cross JS through adapters (boundary/boundary-funcs.ts).
    const f = new FuncInstance(type, ir.typeIds[typeIndex], NATIVE, new NativeBoundaryImpl(fn, rt, onFault, FUNC_REFS) satisfies NativeFuncImpl, name,
      exportWithFuncRefs(v128Invoke(fn, type, rt, onFault) ?? entry(fn, type.params.length, rt, onFault), type, FUNC_REFS));
    registerHostFunc(fn, f);
    funcByIndex.set(index, f);
    return f;
  };

  for (const ex of ir.exports) {
    const value = host.exports[ex.name];
    let v: ExternValue;
    switch (ex.kind) {
      case 'func': {
        v = ex.index < ir.numImportedFuncs ? imports.funcs[ex.index] : funcByIndex.get(ex.index) ?? nativeFunc(ex.index, value as Entry);
        break;
      }
      case 'memory':
        v = ex.index < memories.length ? memories[ex.index] : memoryFromHost(value as WebAssembly.Memory, ir.memoryTypes[ex.index], store.guard);
        if (ex.index >= memories.length) memories[ex.index] = v;
        else makeLive(v);
        break;
      case 'table':
        v = ex.index < tables.length && tables[ex.index] !== undefined ? tables[ex.index]
          : tableFromHost(value as WebAssembly.Table, ir.tableTypes[ex.index], store.guard);
        tables[ex.index] = v;
        hostTables[ex.index] = value as WebAssembly.Table;
        break;
      case 'global':
        v = ex.index < imports.globals.length ? imports.globals[ex.index]
          : ir.globalTypes[ex.index].type === 'v128' ? v128GlobalFromHost(value as WebAssembly.Global, ir.globalTypes[ex.index])
            : globalFromHost(value as WebAssembly.Global, ir.globalTypes[ex.index]);
        globals[ex.index] = v;
        break;
      case 'tag': {
        const typeIndex = ir.tagTypeIndices[ex.index];
        v = ex.index < imports.tags.length ? imports.tags[ex.index]
          : tagFromHost(value as WebAssembly.Tag, ir.types[typeIndex].composite as FuncType, ir.typeIds[typeIndex]);
        noteStoreTag(store, value as WebAssembly.Tag);
        break;
      }
    }
    exports.set(ex.name, v);
  }
  caller.exports = exports;
  for (const t of cm.layout.privateTables) hostTables[t] = host.exports[privateTableExport(t)] as WebAssembly.Table;

  // Non-exported functions the element segments put into reachable tables become callable.
  if (ir.elems.length > 0) {
    const found = segmentFuncs(ir, hostTables, engineFuncShift, (g) => imports.globals[g]?.value);
    for (const [index, fn] of found) if (!funcByIndex.has(index)) nativeFunc(index, fn);
  }
  // Other defined functions V8 does not expose stay placeholders in the index space.
  for (let i = ir.numImportedFuncs; i < ir.funcTypeIndices.length; i++) {
    funcs[i] = funcByIndex.get(i) ?? unreachableFunc(ir.types[ir.funcTypeIndices[i]].composite as FuncType, ir.typeIds[ir.funcTypeIndices[i]], i);
  }

  let disposed = false;
  return {
    exports, funcs, memories, tables, globals,
    dispose(): void {
      if (disposed) return;
      disposed = true;
      allocation?.release();
    },
  };
}

function unreachableFunc(type: FuncType, typeId: number, index: number): FuncInstance {
  return new FuncInstance(type, typeId, NATIVE, null, `<wasm function ${index}>`, () => {
    throw new Error(`function ${index} is not exported, so the native backend cannot call it from outside`);
  });
}

/**
 * The `invoke` of a native export: enters the store's runtime state when the module is
 * instrumented and translates faults. Specialised by arity so calls allocate nothing.
 */
function entry(fn: Entry, arity: number, rt: StoreRuntime | null, fault: (e: unknown) => unknown): Entry {
  if (rt === null) {
    switch (arity) {
      case 0: return () => { try { return fn(); } catch (e) { throw fault(e); } };
      case 1: return (a: unknown) => { try { return fn(a); } catch (e) { throw fault(e); } };
      case 2: return (a: unknown, b: unknown) => { try { return fn(a, b); } catch (e) { throw fault(e); } };
      default: return (...args: unknown[]) => { try { return fn(...args); } catch (e) { throw fault(e); } };
    }
  }
  const run = (call: () => unknown): unknown => {
    const saved = rt.enter();
    try {
      return call();
    } catch (e) {
      throw fault(e);
    } finally {
      rt.exit(saved);
    }
  };
  switch (arity) {
    case 0: return () => { const s = rt.enter(); try { return fn(); } catch (e) { throw fault(e); } finally { rt.exit(s); } };
    case 1: return (a: unknown) => { const s = rt.enter(); try { return fn(a); } catch (e) { throw fault(e); } finally { rt.exit(s); } };
    case 2: return (a: unknown, b: unknown) => { const s = rt.enter(); try { return fn(a, b); } catch (e) { throw fault(e); } finally { rt.exit(s); } };
    default: return (...args: unknown[]) => run(() => fn(...args));
  }
}
