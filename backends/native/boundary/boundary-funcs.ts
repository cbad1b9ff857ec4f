/**
 * Function calls across the JS boundary of the native backend for signatures V8 cannot carry
 * exactly (v128 anywhere, and f32/f64 when the caller wants exact bits): the JS half of the
 * adapters in adapter-modules.ts.
 *
 * Exports: `invoke` of a v128 export and the bits entry (`Backend.invokeBits`) of any export
 * with f32/f64/v128 call a raw trampoline, instantiated on first use so instantiation stays as
 * cheap as before and exports that are never called that way cost nothing. Every other export
 * keeps its plain entry (native-instance.ts `entry`: no extra layer on the hot path).
 *
 * Imports: a non-native function whose signature has v128 is wrapped in an import adapter,
 * so the host engine calls a wasm function and the JS side sees weft's convention (v128 as a
 * 16-byte Uint8Array).
 */
import type { FuncType } from '../../../kernel/ir/types.js';
import type { FuncInstance } from '../../../kernel/runtime/func-instance.js';
import { bitsToValue, valueToBits, type WasmValueBits } from '../../../kernel/runtime/value-bits.js';
import type { StoreRuntime } from '../store-runtime.js';
import { exportTrampoline, importTrampoline } from './adapter-modules.js';
import { bitsWithFuncRefs, type RefCodec } from './func-refs.js';
import {
  arrayAsResults, fromRaw, hasV128, needsRawForBits, rawPlan, resultsAsArray, toRaw, type RawPlan,
} from './raw-form.js';

type Entry = (...args: any[]) => unknown;
export type BitsEntry = (args: readonly WasmValueBits[]) => WasmValueBits[];

/** The raw trampoline over `fn`, created on the first call. */
function lazyTrampoline(plan: RawPlan, fn: WebAssembly.ExportValue): () => Entry {
  let trampoline: Entry | null = null;
  return () => (trampoline ??= exportTrampoline(plan, fn));
}

/**
 * Calls `trampoline` with `args` converted to raw form, as an entry from JS (the store's
 * runtime state around it, faults translated), and returns the results as an array.
 * `numbers`: values in the JS convention, else in bits form.
 */
function callRaw(
  plan: RawPlan, trampoline: Entry, args: ArrayLike<unknown>, numbers: boolean,
  rt: StoreRuntime | null, fault: (e: unknown) => unknown,
): WasmValueBits[] {
  const raw = toRaw(plan.params, plan.rawParams.length, args, numbers);
  const saved = rt !== null ? rt.enter() : 0;
  let result: unknown;
  try {
    result = trampoline(...raw);
  } catch (e) {
    throw fault(e);
  } finally {
    if (rt !== null) rt.exit(saved);
  }
  return fromRaw(plan.results, resultsAsArray(plan.rawResults.length, result), numbers);
}

/**
 * The `invoke` of a native export whose signature has v128 (JS convention, v128 as a 16-byte
 * Uint8Array), or null when the plain entry serves.
 */
export function v128Invoke(fn: WebAssembly.ExportValue, type: FuncType, rt: StoreRuntime | null, fault: (e: unknown) => unknown): Entry | null {
  if (!hasV128(type)) return null;
  const plan = rawPlan(type);
  if (plan === null) return null;
  const trampoline = lazyTrampoline(plan, fn);
  const count = type.results.length;
  return (...args: unknown[]) => arrayAsResults(count, callRaw(plan, trampoline(), args, true, rt, fault));
}

/**
 * `FuncInstance.impl` of a native function whose entries weft builds: the host function and
 * what its bits entry needs, which is built on the first `callBits` (instantiation pays one
 * object per export, as before).
 */
export class NativeBoundaryImpl {
  readonly fn: Entry;
  readonly rt: StoreRuntime | null;
  readonly fault: (e: unknown) => unknown;
  /** Function-reference conversions (func-refs.ts), or null to pass references as they are. */
  readonly refs: RefCodec | null;
  bits: BitsEntry | null = null;

  constructor(fn: Entry, rt: StoreRuntime | null, fault: (e: unknown) => unknown, refs: RefCodec | null = null) {
    this.fn = fn;
    this.rt = rt;
    this.fault = fault;
    this.refs = refs;
  }
}

/**
 * The bits entry of a native export: exact through a raw trampoline when the signature has
 * f32/f64/v128, else `f.invoke` (whose values are already exact) with the results as an array.
 */
function bitsEntry(fn: WebAssembly.ExportValue, f: FuncInstance, rt: StoreRuntime | null, fault: (e: unknown) => unknown, refs: RefCodec | null): BitsEntry {
  const type = f.type;
  const count = type.results.length;
  if (!needsRawForBits(type)) {
    return (args) => {
      const r = f.invoke(...args);
      // Several results arrive as a fresh array from V8: it is the answer as it is.
      return count === 0 ? [] : count === 1 ? [r as WasmValueBits] : r as WasmValueBits[];
    };
  }
  const plan = rawPlan(type);
  if (plan === null) return (args) => bitsThroughInvoke(f, args);
  const trampoline = lazyTrampoline(plan, fn);
  const raw: BitsEntry = (args) => callRaw(plan, trampoline(), args, false, rt, fault);
  // `f.invoke` converts references itself; the trampoline passes them as they are.
  return refs === null ? raw : bitsWithFuncRefs(raw, type, refs);
}

/** Bits through `invoke` and number conversions: exact except for signalling NaNs. */
function bitsThroughInvoke(f: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
  const { params, results } = f.type;
  const out = resultsAsArray(results.length, f.invoke(...args.map((a, i) => bitsToValue(params[i], a))));
  return results.map((t, i) => valueToBits(t, out[i]));
}

/** `Backend.invokeBits` of the native backend: arguments and results in bits form, exact. */
export function invokeNativeBits(f: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
  const impl = f.impl;
  if (!(impl instanceof NativeBoundaryImpl)) return bitsThroughInvoke(f, args);
  return (impl.bits ??= bitsEntry(impl.fn, f, impl.rt, impl.fault, impl.refs))(args);
}

/**
 * What the host engine imports for a non-native function `call` (JS convention) of `type`:
 * an import adapter when the signature has v128, else `call` itself.
 */
export function importedV128(call: Entry, type: FuncType): WebAssembly.ImportValue {
  const plan = hasV128(type) ? rawPlan(type) : null;
  if (plan === null) return call;
  const count = type.results.length;
  const rawResults = plan.rawResults.length;
  const js = (...raw: unknown[]): unknown => {
    const result = call(...fromRaw(plan.params, raw, true));
    return arrayAsResults(rawResults, toRaw(plan.results, rawResults, resultsAsArray(count, result), true));
  };
  return importTrampoline(plan, js);
}
