/**
 * WebAssembly 3.0 types as the IR carries them. Value types are strings for numbers and
 * vectors (cheap identity comparison in V8) and small frozen objects for references.
 */

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type VecType = 'v128';

/** Abstract heap types (the bottom types `none`, `nofunc`, `noextern`, `noexn` included). */
export type AbsHeapType =
  | 'func' | 'nofunc'
  | 'extern' | 'noextern'
  | 'any' | 'eq' | 'i31' | 'struct' | 'array' | 'none'
  | 'exn' | 'noexn';

/**
 * A heap type: abstract, or a concrete type given as an index into the module's type
 * section (in `ModuleIR`). Backends map indices to canonical ids with `ModuleIR.typeIds`.
 */
export type HeapType = AbsHeapType | number;

export interface RefType {
  readonly kind: 'ref';
  readonly nullable: boolean;
  readonly heap: HeapType;
}

export type ValType = NumType | VecType | RefType;
export type PackedType = 'i8' | 'i16';
export type StorageType = ValType | PackedType;
export type AddressType = 'i32' | 'i64';

export interface FieldType {
  readonly storage: StorageType;
  readonly mutable: boolean;
}

export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
}

export interface ArrayType {
  readonly kind: 'array';
  readonly element: FieldType;
}

export type CompositeType = FuncType | StructType | ArrayType;

/** One entry of the type section: a composite type with its declared supertypes. */
export interface SubType {
  readonly final: boolean;
  /** Type indices of the declared supertypes (0 or 1 entries in 3.0). */
  readonly supertypes: readonly number[];
  readonly composite: CompositeType;
}

/** A recursion group: types `start .. start+size-1` of the flat type index space. */
export interface RecGroup {
  readonly start: number;
  readonly size: number;
}

/** Sizes in units (pages or elements). `max` is null when absent. Numbers are exact up to 2^53. */
export interface Limits {
  readonly min: number;
  readonly max: number | null;
}

export interface MemoryType {
  readonly limits: Limits;
  readonly shared: boolean;
  readonly address: AddressType;
}

export interface TableType {
  readonly element: RefType;
  readonly limits: Limits;
  readonly address: AddressType;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

/** Shared singletons for the common reference types, so producers do not allocate. */
export const funcref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'func' });
export const externref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'extern' });
export const exnref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'exn' });
export const anyref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'any' });
export const eqref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'eq' });
export const i31ref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'i31' });
export const structref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'struct' });
export const arrayref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'array' });
export const nullref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'none' });
export const nullfuncref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'nofunc' });
export const nullexternref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'noextern' });
export const nullexnref: RefType = Object.freeze({ kind: 'ref', nullable: true, heap: 'noexn' });

export function refType(nullable: boolean, heap: HeapType): RefType {
  return Object.freeze({ kind: 'ref', nullable, heap });
}

export function isRefType(t: StorageType): t is RefType {
  return typeof t === 'object';
}

/** Text form of a value type, as in the text format (`(ref null $3)` prints as `(ref null 3)`). */
export function valTypeToString(t: StorageType): string {
  if (typeof t === 'string') return t;
  const heap = typeof t.heap === 'number' ? String(t.heap) : t.heap;
  if (t.nullable && typeof t.heap === 'string') {
    const short: Record<string, string> = {
      func: 'funcref', extern: 'externref', any: 'anyref', eq: 'eqref', i31: 'i31ref',
      struct: 'structref', array: 'arrayref', none: 'nullref', nofunc: 'nullfuncref',
      noextern: 'nullexternref', exn: 'exnref', noexn: 'nullexnref',
    };
    return short[t.heap];
  }
  return t.nullable ? `(ref null ${heap})` : `(ref ${heap})`;
}

export function funcTypeToString(t: FuncType): string {
  const p = t.params.length ? ` (param ${t.params.map(valTypeToString).join(' ')})` : '';
  const r = t.results.length ? ` (result ${t.results.map(valTypeToString).join(' ')})` : '';
  return `(func${p}${r})`;
}
