import type { BackendInstance } from '../contracts/backend.js';
import type { FaultContext } from '../contracts/trap-handler.js';
import type { ExternValue } from '../runtime/extern.js';
import { wrapExtern, type Extern } from './extern-wrapper.js';
import { Func, TypedFunc } from './func.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import type { Module } from './module.js';
import type { Store } from './store.js';
import { Table } from './table.js';
import { parseFuncType } from './type-text.js';
import { funcTypeToString, type FuncType } from '../ir/types.js';

/** A module instantiated in a store. Its exports are API objects, created once. */
export class Instance {
  readonly id: number;
  readonly module: Module;
  readonly store: Store;
  /** Export name -> Func / Memory / Table / Global / Tag. */
  readonly exports: Readonly<Record<string, Extern>>;
  /** The backend's instance (index spaces for debuggers and the CLI). */
  readonly backendInstance: BackendInstance;
  private disposed = false;

  constructor(id: number, module: Module, store: Store, backendInstance: BackendInstance) {
    this.id = id;
    this.module = module;
    this.store = store;
    this.backendInstance = backendInstance;
    const context: FaultContext = { module: module.ir, moduleName: module.name, backtrace: null };
    const exports: Record<string, Extern> = Object.create(null);
    for (const [name, value] of backendInstance.exports) {
      const w = wrapExtern(store, value, context, name);
      if (w instanceof Func && w.instanceId === 0) w.instanceId = id;
      exports[name] = w;
    }
    this.exports = Object.freeze(exports);
  }

  /** The runtime value of an export (what a Caller hands to host functions). */
  getExportValue(name: string): ExternValue | undefined {
    return this.backendInstance.exports.get(name);
  }

  getFunc(name: string): Func | undefined {
    const e = this.exports[name];
    return e instanceof Func ? e : undefined;
  }

  /**
   * The export `name` as a typed function. When `type` is given (a FuncType or its text form)
   * the export's type must equal it, else a TypeError says what it is.
   */
  getTypedFunc<Params extends readonly unknown[], Result>(name: string, type?: FuncType | string): TypedFunc<Params, Result> {
    const f = this.getFunc(name);
    if (!f) throw new TypeError(`no exported function named "${name}"`);
    if (type !== undefined) {
      const want = funcTypeToString(typeof type === 'string' ? parseFuncType(type) : type);
      const have = funcTypeToString(f.type);
      if (want !== have) throw new TypeError(`export ${name}: expected ${want}, got ${have}`);
    }
    return f.typed<Params, Result>();
  }

  getMemory(name: string): Memory | undefined {
    const e = this.exports[name];
    return e instanceof Memory ? e : undefined;
  }

  getTable(name: string): Table | undefined {
    const e = this.exports[name];
    return e instanceof Table ? e : undefined;
  }

  getGlobal(name: string): Global | undefined {
    const e = this.exports[name];
    return e instanceof Global ? e : undefined;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Frees the memories and tables this instance defined. Idempotent. Its functions are marked
   * dead first, so calls through exports the embedder still holds (or funcrefs to them) fail
   * with `instance_disposed` instead of reaching memory an allocator may already have recycled.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const ir = this.module.ir;
    const funcs = this.backendInstance.funcs;
    for (let i = ir.numImportedFuncs; i < funcs.length; i++) funcs[i].live = false;
    this.store.tableCount -= ir.tables.length;
    this.store.memoryCount -= ir.memoryTypes.length - ir.numImportedMemories;
    this.backendInstance.dispose();
    this.store.release(this);
    const bus = this.store.context.events;
    if (bus.observed) bus.emit({ type: 'instance.dropped', instanceId: this.id, storeId: this.store.id });
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
