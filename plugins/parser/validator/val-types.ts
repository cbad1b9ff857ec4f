/**
 * Value types as small integers, for the validator's typed-array operand stack. Numbers and
 * vectors are 1..5 (0 is the spec's `bot`, the unknown type of a polymorphic stack); packed
 * storage types are 6/7; a reference is `8 + heap * 2 + nullable`. Heap codes: the abstract
 * heap types below, `bot` (12), and concrete types as `16 + canonical id` from the engine's
 * `TypeRegistry`, so type equality is integer equality and subtyping is a registry lookup.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { TypeKind, type TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { HeapType, StorageType } from '../../../kernel/ir/types.js';

export const enum V {
  Bot = 0,
  I32 = 1,
  I64 = 2,
  F32 = 3,
  F64 = 4,
  V128 = 5,
  I8 = 6,
  I16 = 7,
  RefBase = 8,
}

export const enum H {
  Func = 0,
  NoFunc = 1,
  Extern = 2,
  NoExtern = 3,
  Any = 4,
  Eq = 5,
  I31 = 6,
  Struct = 7,
  Array = 8,
  None = 9,
  Exn = 10,
  NoExn = 11,
  Bot = 12,
  Concrete = 16,
}

const ABS: Readonly<Record<string, number>> = {
  func: H.Func, nofunc: H.NoFunc, extern: H.Extern, noextern: H.NoExtern, any: H.Any, eq: H.Eq,
  i31: H.I31, struct: H.Struct, array: H.Array, none: H.None, exn: H.Exn, noexn: H.NoExn,
};

const ABS_NAMES = ['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn', 'bot'];
const NUM_NAMES = ['bot', 'i32', 'i64', 'f32', 'f64', 'v128', 'i8', 'i16'];

export function ref(heap: number, nullable: boolean): number {
  return V.RefBase + heap * 2 + (nullable ? 1 : 0);
}

export function isRef(v: number): boolean {
  return v >= V.RefBase;
}

export function heapOf(v: number): number {
  return (v - V.RefBase) >> 1;
}

export function isNullable(v: number): boolean {
  return (v & 1) === 1;
}

/** Encodes a heap type of the module (`number` = module type index, checked against `typeIds`). */
export function encodeModuleHeap(h: HeapType, typeIds: Int32Array, offset: number): number {
  if (typeof h === 'string') return ABS[h];
  if (h >= typeIds.length) throw new CompileError(`unknown type ${h}`, { offset, kind: 'invalid' });
  return H.Concrete + typeIds[h];
}

/** Encodes a storage type of the module (heap numbers are module type indices). */
export function encodeModule(t: StorageType, typeIds: Int32Array, offset: number): number {
  if (typeof t === 'string') return numCode(t);
  return ref(encodeModuleHeap(t.heap, typeIds, offset), t.nullable);
}

/** Encodes a storage type taken from the registry (heap numbers are canonical ids). */
export function encodeCanon(t: StorageType): number {
  if (typeof t === 'string') return numCode(t);
  return ref(typeof t.heap === 'string' ? ABS[t.heap] : H.Concrete + t.heap, t.nullable);
}

function numCode(t: string): number {
  switch (t) {
    case 'i32': return V.I32;
    case 'i64': return V.I64;
    case 'f32': return V.F32;
    case 'f64': return V.F64;
    case 'v128': return V.V128;
    case 'i8': return V.I8;
    default: return V.I16;
  }
}

/** The value type a storage type reads as (packed fields read as i32). */
export function unpacked(v: number): number {
  return v === V.I8 || v === V.I16 ? V.I32 : v;
}

export function isDefaultable(v: number): boolean {
  return v < V.RefBase || isNullable(v);
}

/** The top of the hierarchy a heap type belongs to (`func`, `extern`, `any` or `exn`). */
export function topHeap(reg: TypeRegistry, h: number): number {
  if (h >= H.Concrete) return reg.kind(h - H.Concrete) === TypeKind.Func ? H.Func : H.Any;
  switch (h) {
    case H.Func: case H.NoFunc: return H.Func;
    case H.Extern: case H.NoExtern: return H.Extern;
    case H.Exn: case H.NoExn: return H.Exn;
    case H.Bot: return H.Bot;
    default: return H.Any;
  }
}

/** The bottom of the hierarchy a heap type belongs to. */
export function bottomHeap(reg: TypeRegistry, h: number): number {
  switch (topHeap(reg, h)) {
    case H.Func: return H.NoFunc;
    case H.Extern: return H.NoExtern;
    case H.Exn: return H.NoExn;
    case H.Bot: return H.Bot;
    default: return H.None;
  }
}

export function heapSub(reg: TypeRegistry, a: number, b: number): boolean {
  if (a === b || a === H.Bot) return true;
  if (b >= H.Concrete) {
    if (a >= H.Concrete) return reg.isSubtype(a - H.Concrete, b - H.Concrete);
    const k = reg.kind(b - H.Concrete);
    return k === TypeKind.Func ? a === H.NoFunc : a === H.None;
  }
  if (a >= H.Concrete) {
    const k = reg.kind(a - H.Concrete);
    switch (b) {
      case H.Func: return k === TypeKind.Func;
      case H.Any: case H.Eq: return k !== TypeKind.Func;
      case H.Struct: return k === TypeKind.Struct;
      case H.Array: return k === TypeKind.Array;
      default: return false;
    }
  }
  switch (b) {
    case H.Func: return a === H.NoFunc;
    case H.Extern: return a === H.NoExtern;
    case H.Exn: return a === H.NoExn;
    case H.Any: return a === H.Eq || a === H.I31 || a === H.Struct || a === H.Array || a === H.None;
    case H.Eq: return a === H.I31 || a === H.Struct || a === H.Array || a === H.None;
    case H.I31: case H.Struct: case H.Array: return a === H.None;
    default: return false;
  }
}

/** `a <: b` on encoded value types (`bot` is below everything). */
export function valSub(reg: TypeRegistry, a: number, b: number): boolean {
  if (a === b || a === V.Bot || b === V.Bot) return true;
  if (a < V.RefBase || b < V.RefBase) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return heapSub(reg, heapOf(a), heapOf(b));
}

/** Text form for messages (`(ref null 3)` uses the canonical id). */
export function valName(v: number): string {
  if (v < V.RefBase) return NUM_NAMES[v];
  const h = heapOf(v);
  const hn = h >= H.Concrete ? String(h - H.Concrete) : ABS_NAMES[h];
  return isNullable(v) ? `(ref null ${hn})` : `(ref ${hn})`;
}
