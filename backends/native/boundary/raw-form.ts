/**
 * The "raw form" in which values cross between JavaScript and the host engine's wasm without
 * loss. V8 refuses v128 at the JS boundary, and turning an f32 into a JS number quiets a
 * signalling NaN, so a boundary adapter (see adapter-modules.ts) moves those values as integers:
 *
 * | wasm type | raw form (what JS sees) |
 * |---|---|
 * | f32 | one i32: the bit pattern |
 * | f64 | one i64: the bit pattern (a bigint) |
 * | v128 | four i32 lanes, little-endian (lane 0 = bytes 0..3) |
 * | anything else | itself |
 *
 * This file holds the per-signature plan and the JS half of the conversions: raw ⇄ weft's
 * bits form (`WasmValueBits`, what `Func.callBits` speaks) and raw ⇄ the JS convention
 * (`FuncInstance.invoke`: floats as numbers, v128 as a 16-byte Uint8Array).
 */
import type { FuncType, ValType } from '../../../kernel/ir/types.js';
import { funcTypeToString } from '../../../kernel/ir/types.js';
import { bitsToValue, valueToBits, type WasmValueBits } from '../../../kernel/runtime/value-bits.js';

/** How one value of the original signature is carried in raw form. */
export const enum RawKind {
  Pass = 0,
  F32 = 1,
  F64 = 2,
  V128 = 3,
}

/** The raw form of one function signature. */
export interface RawPlan {
  readonly type: FuncType;
  /** Kind of each original parameter / result. */
  readonly params: Uint8Array;
  readonly results: Uint8Array;
  /** The signature JS sees (f32 → i32, f64 → i64, v128 → 4 × i32). */
  readonly rawParams: readonly ValType[];
  readonly rawResults: readonly ValType[];
  /** Text of the original signature: adapters are compiled once per key. */
  readonly key: string;
}

function kindOf(t: ValType): RawKind {
  switch (t) {
    case 'f32': return RawKind.F32;
    case 'f64': return RawKind.F64;
    case 'v128': return RawKind.V128;
    default: return RawKind.Pass;
  }
}

function rawTypes(types: readonly ValType[]): ValType[] {
  const out: ValType[] = [];
  for (const t of types) {
    if (t === 'f32') out.push('i32');
    else if (t === 'f64') out.push('i64');
    else if (t === 'v128') out.push('i32', 'i32', 'i32', 'i32');
    else out.push(t);
  }
  return out;
}

export function hasV128(type: FuncType): boolean {
  return type.params.includes('v128') || type.results.includes('v128');
}

/** Whether a call in bits form needs the raw form (some value would not survive a JS number). */
export function needsRawForBits(type: FuncType): boolean {
  const inexact = (t: ValType): boolean => t === 'f32' || t === 'f64' || t === 'v128';
  return type.params.some(inexact) || type.results.some(inexact);
}

const plans = new WeakMap<FuncType, RawPlan | null>();

/**
 * The raw plan of `type`, or null when an adapter cannot express it: a reference to a concrete
 * type index only has a meaning inside the module that declares it.
 */
export function rawPlan(type: FuncType): RawPlan | null {
  let plan = plans.get(type);
  if (plan !== undefined) return plan;
  const concrete = (t: ValType): boolean => typeof t === 'object' && typeof t.heap === 'number';
  plan = type.params.some(concrete) || type.results.some(concrete) ? null : {
    type,
    params: Uint8Array.from(type.params, kindOf),
    results: Uint8Array.from(type.results, kindOf),
    rawParams: rawTypes(type.params),
    rawResults: rawTypes(type.results),
    key: funcTypeToString(type),
  };
  plans.set(type, plan);
  return plan;
}

/** The i32 lane of a v128 starting at byte `at` (little-endian). */
export function v128Lane(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}

/** A v128 from four i32 lanes at `raw[at..at+3]`. */
export function v128FromLanes(raw: ArrayLike<unknown>, at: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let l = 0; l < 4; l++) {
    const v = raw[at + l] as number;
    const o = l * 4;
    out[o] = v;
    out[o + 1] = v >>> 8;
    out[o + 2] = v >>> 16;
    out[o + 3] = v >>> 24;
  }
  return out;
}

export function notV128(v: unknown): TypeError {
  const got = v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
  return new TypeError(`a v128 value must be a 16-byte Uint8Array, got ${got}`);
}

/**
 * Raw values for `values` of kinds `kinds`. `fromNumbers`: the values are in the JS convention
 * (floats as numbers); otherwise in bits form.
 */
export function toRaw(kinds: Uint8Array, rawCount: number, values: ArrayLike<unknown>, fromNumbers: boolean): unknown[] {
  const raw = new Array<unknown>(rawCount);
  let r = 0;
  for (let i = 0; i < kinds.length; i++) {
    const v = values[i];
    switch (kinds[i] as RawKind) {
      case RawKind.F32:
        raw[r++] = fromNumbers ? valueToBits('f32', v) : v;
        break;
      case RawKind.F64:
        raw[r++] = fromNumbers ? valueToBits('f64', v) : v;
        break;
      case RawKind.V128: {
        const b = v as Uint8Array;
        if (!(b instanceof Uint8Array) || b.length !== 16) throw notV128(v);
        raw[r++] = v128Lane(b, 0);
        raw[r++] = v128Lane(b, 4);
        raw[r++] = v128Lane(b, 8);
        raw[r++] = v128Lane(b, 12);
        break;
      }
      default:
        raw[r++] = v;
    }
  }
  return raw;
}

/**
 * Values of kinds `kinds` from raw values. `toNumbers`: in the JS convention (floats as
 * numbers); otherwise in bits form (f32 unsigned pattern, f64 unsigned 64-bit pattern).
 */
export function fromRaw(kinds: Uint8Array, raw: ArrayLike<unknown>, toNumbers: boolean): WasmValueBits[] {
  const out = new Array<WasmValueBits>(kinds.length);
  let r = 0;
  for (let i = 0; i < kinds.length; i++) {
    switch (kinds[i] as RawKind) {
      case RawKind.F32: {
        const bits = (raw[r++] as number) >>> 0;
        out[i] = toNumbers ? bitsToValue('f32', bits) as number : bits;
        break;
      }
      case RawKind.F64: {
        const bits = BigInt.asUintN(64, raw[r++] as bigint);
        out[i] = toNumbers ? bitsToValue('f64', bits) as number : bits;
        break;
      }
      case RawKind.V128:
        out[i] = v128FromLanes(raw, r);
        r += 4;
        break;
      default:
        out[i] = raw[r++] as WasmValueBits;
    }
  }
  return out;
}

/** What a wasm function returning `count` values hands to JS, as an array. */
export function resultsAsArray(count: number, result: unknown): ArrayLike<unknown> {
  if (count === 0) return [];
  if (count === 1) return [result];
  return result as ArrayLike<unknown>;
}

/** An array of `count` values as a JS function returns them to wasm (or `invoke` returns them). */
export function arrayAsResults(count: number, values: unknown[]): unknown {
  if (count === 0) return undefined;
  if (count === 1) return values[0];
  return values;
}
