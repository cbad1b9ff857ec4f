import type { FuncType } from '../ir/types.js';
import type { ExternValue } from '../runtime/extern.js';
import type { HostFunction } from '../runtime/func-instance.js';

export const HostCapability = Symbol.for('weft.HostCapability');

/** Where host functions and other externs are defined (implemented by the Linker). */
export interface ImportSink {
  defineFunc(module: string, name: string, type: FuncType, fn: HostFunction): void;
  define(module: string, name: string, value: ExternValue): void;
}

/** One host function a capability offers. */
export interface HostFunctionDef {
  readonly name: string;
  /** Wasm signature, as a FuncType or in text form, e.g. `(func (param i32 i32) (result i32))`. */
  readonly type: FuncType | string;
  readonly fn: HostFunction;
}

/**
 * A named import module of typed host functions, contributed by a (user) plugin and granted to
 * a store by the manifest (`stores.<name>.capabilities`). Not granted means not linkable.
 */
export interface HostCapability {
  /** The import module name guests use, e.g. `kv`. */
  readonly name: string;
  readonly functions: readonly HostFunctionDef[];
}
