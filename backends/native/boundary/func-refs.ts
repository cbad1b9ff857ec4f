/**
 * Function references in calls across the JS boundary of the native backend. weft passes a
 * `funcref` as its `FuncInstance`; V8 wants (and hands out) its own function objects. Calls
 * whose signature has a function reference convert those slots, in both directions; every
 * other signature keeps its entry untouched. The conversions themselves (bridging functions of
 * other backends into V8) come from host-funcs.ts as a `RefCodec`.
 */
import type { FuncType, ValType } from '../../../kernel/ir/types.js';
import type { WasmValueBits } from '../../../kernel/runtime/value-bits.js';

type Entry = (...args: any[]) => unknown;

/** weft reference ⇄ host engine reference. */
export interface RefCodec {
  toHost(v: unknown): unknown;
  fromHost(v: unknown): unknown;
}

function isFuncRef(t: ValType): boolean {
  return typeof t === 'object' && (t.heap === 'func' || t.heap === 'nofunc' || typeof t.heap === 'number');
}

export function hasFuncRef(type: FuncType): boolean {
  return type.params.some(isFuncRef) || type.results.some(isFuncRef);
}

/** `values` with the slots flagged in `refs` converted by `convert` (a new array). */
function converted(slots: readonly boolean[], values: ArrayLike<unknown>, convert: (v: unknown) => unknown): unknown[] {
  const out = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) out[i] = slots[i] ? convert(values[i]) : values[i];
  return out;
}

/** A JS-convention entry returning `count` results, with its reference slots converted. */
function convertingEntry(entry: Entry, type: FuncType, args: (v: unknown) => unknown, results: (v: unknown) => unknown): Entry {
  const p = type.params.map(isFuncRef);
  const r = type.results.map(isFuncRef);
  const count = r.length;
  return (...values: unknown[]) => {
    const result = entry(...converted(p, values, args));
    if (count === 0) return result;
    if (count === 1) return r[0] ? results(result) : result;
    return converted(r, result as unknown[], results);
  };
}

/** The `invoke` of a native export: weft references in, weft references out. */
export function exportWithFuncRefs(entry: Entry, type: FuncType, refs: RefCodec): Entry {
  return hasFuncRef(type) ? convertingEntry(entry, type, refs.toHost, refs.fromHost) : entry;
}

/** What V8 calls for a function outside it: host references in, host references out. */
export function importWithFuncRefs(call: Entry, type: FuncType, refs: RefCodec): Entry {
  return hasFuncRef(type) ? convertingEntry(call, type, refs.fromHost, refs.toHost) : call;
}

/** A bits entry (every result in an array) with its reference slots converted. */
export function bitsWithFuncRefs(
  bits: (args: readonly WasmValueBits[]) => WasmValueBits[], type: FuncType, refs: RefCodec,
): (args: readonly WasmValueBits[]) => WasmValueBits[] {
  if (!hasFuncRef(type)) return bits;
  const p = type.params.map(isFuncRef);
  const r = type.results.map(isFuncRef);
  return (args) => converted(r, bits(converted(p, args, refs.toHost) as WasmValueBits[]), refs.fromHost) as WasmValueBits[];
}
