import type { FuncType } from '../ir/types.js';

/**
 * What a host function receives as its first argument: the calling instance's exports (for
 * memory access, as WASI needs) and its store.
 */
export interface Caller {
  /** An export of the calling instance (e.g. `memory`), or undefined. */
  getExport(name: string): unknown;
  /** The store's user data. */
  readonly data: unknown;
}

/**
 * A host function: `(caller, ...params) => result`. i32/f32/f64 are numbers, i64 bigint,
 * references objects or null; multiple results are returned as an array. Returning a Promise
 * is allowed when the export was entered with `callAsync` on a backend that can suspend.
 */
export type HostFunction = (caller: Caller, ...params: any[]) => unknown;

/**
 * A function value shared by every backend (the thing `funcref` points to). `invoke` is the
 * JavaScript calling convention (params as above; one result returned bare, several as an
 * array, none as undefined). Backends recognise their own functions through `owner` and
 * `impl` and call them directly instead of through `invoke`.
 */
export class FuncInstance {
  readonly type: FuncType;
  /** Canonical type id (engine type registry), for signature checks as one comparison. */
  readonly typeId: number;
  /** JavaScript-convention entry point. */
  invoke: (...params: any[]) => unknown;
  /** Owning backend id, or `host` for host functions. */
  readonly owner: string;
  /** Backend-private data (e.g. the compiled function and its instance), or the HostFunction. */
  readonly impl: unknown;
  /** Debug name: `module!name` or the wasm function name. */
  readonly name: string;
  /**
   * Async entry point (backends that can suspend at async host functions), or null: then
   * `Func.callAsync` runs `invoke` and awaits nothing but its result.
   */
  invokeAsync: ((...params: any[]) => Promise<unknown>) | null;
  /**
   * False once the instance that defined the function is disposed (its memories and tables may
   * already serve another instance); the embedding API then refuses to call it.
   */
  live: boolean;

  constructor(
    type: FuncType, typeId: number, owner: string, impl: unknown, name: string, invoke: (...params: any[]) => unknown,
    invokeAsync: ((...params: any[]) => Promise<unknown>) | null = null,
  ) {
    this.type = type;
    this.typeId = typeId;
    this.owner = owner;
    this.impl = impl;
    this.name = name;
    this.invoke = invoke;
    this.invokeAsync = invokeAsync;
    this.live = true;
  }
}
