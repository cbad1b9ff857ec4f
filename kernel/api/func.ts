import type { Backend } from '../contracts/backend.js';
import type { FaultContext } from '../contracts/trap-handler.js';
import { Trap } from '../errors/trap.js';
import { WeftError } from '../errors/weft-error.js';
import type { FuncType, ValType } from '../ir/types.js';
import { funcTypeToString } from '../ir/types.js';
import type { FuncInstance } from '../runtime/func-instance.js';
import { bitsToValue, checkBits, valueToBits, type WasmValueBits } from '../runtime/value-bits.js';
import { emitTrap } from './trap-events.js';
import type { Store } from './store.js';
import { fromWasm, toWasm, type FromWasm, type ToWasm } from './values.js';

/**
 * A function of a store (an export or a host function). `call` takes i32/f32/f64 as number,
 * i64 as bigint, funcref as `Func`, other refs as objects, null for null refs; it returns
 * nothing, one value, or an array for several results. Everything thrown while the guest runs
 * leaves as a `Trap` (or a pass-through such as a WASI exit), never as a raw host error.
 * `callBits` is the lossless form: floats as IEEE 754 bit patterns (see `WasmValueBits`).
 *
 * A function whose instance was disposed refuses every call with a `WeftError`
 * (`instance_disposed`), whatever backend runs it: its memories and tables may already belong
 * to another instance.
 */
export class Func {
  /** The runtime function (what tables and `funcref`s hold). */
  readonly handle: FuncInstance;
  readonly store: Store;
  readonly type: FuncType;
  /** Export name or debug name, for messages. */
  readonly name: string;
  private readonly params: readonly ToWasm[];
  private readonly results: readonly (FromWasm | null)[];
  private readonly context: FaultContext;
  /** Export calls emit `export.call` events (host functions called by the embedder do not). */
  private readonly isExport: boolean;
  /** The owning backend's raw entry, resolved once (null: `callBits` goes through `invoke`). */
  private readonly bitsBackend: Backend | null;

  constructor(handle: FuncInstance, store: Store, context: FaultContext, name: string, wrapFunc: (f: FuncInstance) => Func) {
    this.handle = handle;
    this.store = store;
    this.type = handle.type;
    this.name = name;
    this.params = handle.type.params.map(toWasm);
    this.results = handle.type.results.map((t) => fromWasm(t, wrapFunc));
    this.context = context;
    this.isExport = handle.owner !== 'host';
    const b = store.engine.backends.get(handle.owner);
    this.bitsBackend = b !== undefined && b.invokeBits !== undefined ? b : null;
  }

  /** Calls the function synchronously. */
  call(...args: unknown[]): unknown {
    const a = this.convertArgs(args);
    const store = this.store;
    store.assertLive();
    if (!this.handle.live) throw this.disposedError();
    const traced = this.isExport && store.context.events.observed;
    if (traced) this.emitCall('enter', 0, null);
    const fuel0 = store.context.fuel;
    let result: unknown;
    try {
      result = this.handle.invoke(...a);
    } catch (e) {
      throw this.fault(e, traced, fuel0);
    }
    if (traced) this.emitCall('exit', fuel0 - store.context.fuel, null);
    return this.convertResult(result);
  }

  /**
   * Calls the function so that async host functions may suspend it (on backends that can);
   * otherwise runs it like `call` and resolves with the result.
   */
  async callAsync(...args: unknown[]): Promise<unknown> {
    const a = this.convertArgs(args);
    const store = this.store;
    store.assertLive();
    if (!this.handle.live) throw this.disposedError();
    const traced = this.isExport && store.context.events.observed;
    if (traced) this.emitCall('enter', 0, null);
    const fuel0 = store.context.fuel;
    let result: unknown;
    try {
      const h = this.handle;
      result = h.invokeAsync !== null ? await h.invokeAsync(...a) : await h.invoke(...a);
    } catch (e) {
      throw this.fault(e, traced, fuel0);
    }
    if (traced) this.emitCall('exit', fuel0 - store.context.fuel, null);
    return this.convertResult(result);
  }

  /**
   * Calls the function with arguments in bits form and returns every result in bits form, as
   * an array (empty for none): i32 number, i64 bigint, f32 its 32-bit pattern as a number, f64
   * its 64-bit pattern as a bigint, v128 a Uint8Array, references as in `call`. Signalling-NaN
   * payloads survive on backends with a raw entry (the interpreter); elsewhere the values go
   * through `call`'s conversions, exact for everything but signalling NaNs.
   */
  callBits(args: readonly WasmValueBits[]): WasmValueBits[] {
    const types = this.type.params;
    if (args.length !== types.length) {
      throw new TypeError(`${this.name}: expected ${types.length} argument${types.length === 1 ? '' : 's'} ${funcTypeToString(this.type)}, got ${args.length}`);
    }
    const a = new Array<WasmValueBits>(types.length);
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      a[i] = isNumeric(t) ? checkBits(t, args[i], i, this.name) : this.params[i](args[i], i, this.name) as WasmValueBits;
    }
    const store = this.store;
    store.assertLive();
    if (!this.handle.live) throw this.disposedError();
    const traced = this.isExport && store.context.events.observed;
    if (traced) this.emitCall('enter', 0, null);
    const fuel0 = store.context.fuel;
    let out: WasmValueBits[];
    try {
      out = this.bitsBackend !== null ? this.bitsBackend.invokeBits!(this.handle, a) : this.bitsThroughInvoke(a);
    } catch (e) {
      throw this.fault(e, traced, fuel0);
    }
    if (traced) this.emitCall('exit', fuel0 - store.context.fuel, null);
    const r = this.results;
    for (let i = 0; i < r.length; i++) {
      const f = r[i];
      if (f !== null) out[i] = f(out[i]) as WasmValueBits;
    }
    return out;
  }

  /** A typed view: same function, with the parameter and result types in the signature. */
  typed<Params extends readonly unknown[], Result>(): TypedFunc<Params, Result> {
    return new TypedFunc<Params, Result>(this);
  }

  toString(): string {
    return `${this.name} ${funcTypeToString(this.type)}`;
  }

  private convertArgs(args: readonly unknown[]): unknown[] {
    const p = this.params;
    if (args.length !== p.length) {
      throw new TypeError(`${this.name}: expected ${p.length} argument${p.length === 1 ? '' : 's'} ${funcTypeToString(this.type)}, got ${args.length}`);
    }
    const out = new Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = p[i](args[i], i, this.name);
    return out;
  }

  private convertResult(result: unknown): unknown {
    const r = this.results;
    if (r.length === 0) return undefined;
    if (r.length === 1) return r[0] === null ? result : r[0](result);
    const arr = result as unknown[];
    for (let i = 0; i < r.length; i++) {
      const f = r[i];
      if (f !== null) arr[i] = f(arr[i]);
    }
    return arr;
  }

  /** `callBits` on a backend without a raw entry: through `invoke` and the number conversions. */
  private bitsThroughInvoke(args: readonly WasmValueBits[]): WasmValueBits[] {
    const p = this.type.params;
    const values = new Array<unknown>(p.length);
    for (let i = 0; i < p.length; i++) values[i] = bitsToValue(p[i], args[i]);
    const r = this.type.results;
    const result = this.handle.invoke(...values);
    if (r.length === 0) return [];
    if (r.length === 1) return [valueToBits(r[0], result)];
    const arr = result as unknown[];
    const out = new Array<WasmValueBits>(r.length);
    for (let i = 0; i < r.length; i++) out[i] = valueToBits(r[i], arr[i]);
    return out;
  }

  private disposedError(): WeftError {
    return new WeftError('instance_disposed', `cannot call ${this.name}: its instance has been disposed`);
  }

  private fault(e: unknown, traced: boolean, fuel0: number): unknown {
    const store = this.store;
    const translated = store.engine.trapHandler.translate(e, this.context);
    if (translated instanceof Trap) {
      emitTrap(store.context.events, store.id, translated);
      if (traced) this.emitCall('exit', fuel0 - store.context.fuel, translated.trapCode);
    } else if (traced) {
      this.emitCall('exit', fuel0 - store.context.fuel, null);
    }
    return translated;
  }

  private emitCall(phase: 'enter' | 'exit', fuelConsumed: number, trapCode: string | null): void {
    this.store.context.events.emit({
      type: 'export.call', storeId: this.store.id, instanceId: this.instanceId, name: this.name,
      phase, fuelConsumed, trapCode,
    });
  }

  /** @internal Instance id for events (0 for host functions). */
  instanceId = 0;
}

function isNumeric(t: ValType): t is 'i32' | 'i64' | 'f32' | 'f64' | 'v128' {
  return typeof t === 'string';
}

/** A `Func` whose parameter and result types are fixed in TypeScript. */
export class TypedFunc<Params extends readonly unknown[], Result> {
  readonly func: Func;

  constructor(func: Func) {
    this.func = func;
  }

  call(...args: Params): Result {
    return this.func.call(...args) as Result;
  }

  callAsync(...args: Params): Promise<Result> {
    return this.func.callAsync(...args) as Promise<Result>;
  }
}
