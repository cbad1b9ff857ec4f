import type { GlobalType } from '../ir/types.js';
import { FuncInstance } from '../runtime/func-instance.js';
import { GlobalInstance } from '../runtime/global-instance.js';
import type { Store } from './store.js';
// Cycle with extern-wrapper (which constructs Globals) is safe: only used inside `create`.
import { wrapExtern } from './extern-wrapper.js';
import { globalTypeToString } from './type-text.js';
import { toWasm, type ToWasm } from './values.js';
import { bitsToValue, checkBits, valueToBits, type WasmValueBits } from '../runtime/value-bits.js';

/** A global; setting an immutable one throws a TypeError. */
export class Global {
  readonly handle: GlobalInstance;
  readonly store: Store;
  private readonly convert: ToWasm;
  private readonly wrapFunc: (f: FuncInstance) => unknown;

  constructor(handle: GlobalInstance, store: Store, wrapFunc: (f: FuncInstance) => unknown) {
    this.handle = handle;
    this.store = store;
    this.convert = toWasm(handle.type.type);
    this.wrapFunc = wrapFunc;
  }

  /** A new global to define into a Linker. */
  static create(store: Store, type: GlobalType, value: unknown): Global {
    const conv = toWasm(type.type);
    return wrapExtern(store, new GlobalInstance(type, conv(value, 0, 'Global.create'))) as Global;
  }

  get type(): GlobalType {
    return this.handle.type;
  }

  get value(): unknown {
    const v = this.handle.value;
    return v instanceof FuncInstance ? this.wrapFunc(v) : v;
  }

  set value(v: unknown) {
    if (!this.handle.type.mutable) throw new TypeError(`cannot set an immutable global ${globalTypeToString(this.type)}`);
    this.handle.value = this.convert(v, 0, 'global.value');
  }

  /**
   * The value in bits form (f32/f64 as their bit patterns, see `Func.callBits`). Exact for every
   * value the runtime holds: globals keep f32/f64 as numbers, so a signalling NaN stored by
   * the guest may already have been quieted.
   */
  getBits(): WasmValueBits {
    const t = this.handle.type.type;
    return typeof t === 'string' ? valueToBits(t, this.handle.value) : this.value as WasmValueBits;
  }

  /** Sets the value from bits form (see `getBits`). */
  setBits(bits: WasmValueBits): void {
    const t = this.handle.type.type;
    this.value = typeof t === 'string' ? bitsToValue(t, checkBits(t, bits, 0, 'global.setBits')) : bits;
  }

  toString(): string {
    return globalTypeToString(this.type);
  }
}
