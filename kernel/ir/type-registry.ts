/**
 * TypeRegistry: one per engine. Canonicalises recursion groups iso-recursively, so that two
 * types that the spec considers equivalent — in the same module or in different modules —
 * get the same integer id. Backends use the ids for:
 *
 * - `call_indirect` / `call_ref` signature checks: compare `ir.typeIds[expectedTypeIndex]`
 *   with the canonical id stored next to the callee (an integer comparison), falling back to
 *   `isSubtype(calleeId, expectedId)` only when the two differ (subtype-declared functions).
 * - GC casts (`ref.test`, `ref.cast`, `br_on_cast`): an object carries its canonical type id;
 *   `isSubtype(objId, targetId)` is O(1) (one array index and one comparison, see below).
 * - Linking: an imported function/tag/global matches when the canonical ids match (or are
 *   subtypes), without comparing structures.
 *
 * Canonical types are stored with every concrete heap type rewritten to a canonical id
 * (so `registry.type(id)` is module-independent; `RefType.heap` numbers there are canonical
 * ids, NOT module type indices).
 *
 * Subtyping: each id keeps the chain of its declared supertypes from the root down to itself
 * (`ancestors`). `a <: b` iff `depth(b) <= depth(a)` and `ancestors(a)[depth(b)] === b`.
 * The chain is only meaningful for validated modules; the parser registers a group before
 * validating it, which is harmless because equal groups always validate the same way.
 */
import type {
  ArrayType, CompositeType, FieldType, FuncType, HeapType, StorageType, StructType, SubType, ValType,
} from './types.js';
import { refType } from './types.js';

/** Composite kind of a canonical type, as a small integer for fast dispatch. */
export const enum TypeKind {
  Func = 0,
  Struct = 1,
  Array = 2,
}

export class TypeRegistry {
  private readonly canon = new Map<string, number>();
  private readonly types: SubType[] = [];
  private readonly kinds: TypeKind[] = [];
  private readonly supers: number[] = [];
  private readonly chains: Int32Array[] = [];
  private readonly groupStart: number[] = [];
  private readonly groupSize: number[] = [];

  /** Number of canonical types registered so far (ids are `0 .. size-1`). */
  get size(): number {
    return this.types.length;
  }

  /**
   * Canonicalises the rec group `types[start .. start+size-1]` of a module and writes the
   * canonical ids into `typeIds[start ..]`. `typeIds[0 .. start-1]` must already be filled.
   * Type indices inside the group must be `< start + size` (checked by the caller).
   */
  internRecGroup(types: readonly SubType[], start: number, size: number, typeIds: Int32Array): void {
    const key = groupKey(types, start, size, typeIds);
    const found = this.canon.get(key);
    if (found !== undefined) {
      for (let i = 0; i < size; i++) typeIds[start + i] = found + i;
      return;
    }
    const base = this.types.length;
    this.canon.set(key, base);
    for (let i = 0; i < size; i++) typeIds[start + i] = base + i;
    const mapHeap = (h: HeapType): HeapType => (typeof h === 'number' ? typeIds[h] : h);
    for (let i = 0; i < size; i++) {
      const t = types[start + i];
      const composite = mapComposite(t.composite, mapHeap);
      const supertypes = t.supertypes.map((s) => typeIds[s]);
      const sub: SubType = Object.freeze({ final: t.final, supertypes: Object.freeze(supertypes), composite });
      this.types.push(sub);
      this.kinds.push(composite.kind === 'func' ? TypeKind.Func : composite.kind === 'struct' ? TypeKind.Struct : TypeKind.Array);
      this.groupStart.push(base);
      this.groupSize.push(size);
      const sup = supertypes.length ? supertypes[0] : -1;
      this.supers.push(sup);
      // Supertypes of a valid module come earlier, so their chains exist already; guard anyway.
      const parent = sup >= 0 && sup < base + i ? this.chains[sup] : undefined;
      const chain = new Int32Array((parent ? parent.length : 0) + 1);
      if (parent) chain.set(parent);
      chain[chain.length - 1] = base + i;
      this.chains.push(chain);
    }
  }

  /** The canonical type (heap type numbers are canonical ids). */
  type(id: number): SubType {
    return this.types[id];
  }

  kind(id: number): TypeKind {
    return this.kinds[id];
  }

  /** The function type of `id`, or null when it is a struct or array type. */
  funcType(id: number): FuncType | null {
    const c = this.types[id].composite;
    return c.kind === 'func' ? c : null;
  }

  structType(id: number): StructType | null {
    const c = this.types[id].composite;
    return c.kind === 'struct' ? c : null;
  }

  arrayType(id: number): ArrayType | null {
    const c = this.types[id].composite;
    return c.kind === 'array' ? c : null;
  }

  /** Declared (canonical) supertype, or -1. */
  superType(id: number): number {
    return this.supers[id];
  }

  isFinal(id: number): boolean {
    return this.types[id].final;
  }

  /** Length of the declared supertype chain above `id` (0 for a type without supertype). */
  depth(id: number): number {
    return this.chains[id].length - 1;
  }

  /** First id of the rec group `id` belongs to, and the group's size. */
  recGroup(id: number): { start: number; size: number } {
    return { start: this.groupStart[id], size: this.groupSize[id] };
  }

  /** Declared subtyping between canonical ids (reflexive, transitive), in O(1). */
  isSubtype(a: number, b: number): boolean {
    if (a === b) return true;
    const ca = this.chains[a];
    const db = this.chains[b].length - 1;
    return db < ca.length && ca[db] === b;
  }
}

function heapKey(h: HeapType, start: number, size: number, typeIds: Int32Array): string {
  if (typeof h === 'string') return h;
  if (h >= start && h < start + size) return `r${h - start}`;
  return `c${typeIds[h]}`;
}

function storageKey(t: StorageType, start: number, size: number, typeIds: Int32Array): string {
  if (typeof t === 'string') return t;
  return `${t.nullable ? 'N' : 'R'}${heapKey(t.heap, start, size, typeIds)}`;
}

function fieldKey(f: FieldType, start: number, size: number, typeIds: Int32Array): string {
  return (f.mutable ? 'm' : 'c') + storageKey(f.storage, start, size, typeIds);
}

/** A string that is equal for two rec groups exactly when they are iso-recursively equivalent. */
function groupKey(types: readonly SubType[], start: number, size: number, typeIds: Int32Array): string {
  let key = `${size}`;
  for (let i = 0; i < size; i++) {
    const t = types[start + i];
    key += t.final ? '|F' : '|S';
    for (const s of t.supertypes) key += `<${heapKey(s, start, size, typeIds)}`;
    const c = t.composite;
    if (c.kind === 'func') {
      key += ':f';
      for (const p of c.params) key += ' ' + storageKey(p, start, size, typeIds);
      key += ' >';
      for (const r of c.results) key += ' ' + storageKey(r, start, size, typeIds);
    } else if (c.kind === 'struct') {
      key += ':s';
      for (const f of c.fields) key += ' ' + fieldKey(f, start, size, typeIds);
    } else {
      key += ':a ' + fieldKey(c.element, start, size, typeIds);
    }
  }
  return key;
}

function mapStorage<T extends StorageType>(t: T, mapHeap: (h: HeapType) => HeapType): T {
  if (typeof t === 'string' || typeof t.heap === 'string') return t;
  return refType(t.nullable, mapHeap(t.heap)) as T;
}

function mapField(f: FieldType, mapHeap: (h: HeapType) => HeapType): FieldType {
  return Object.freeze({ storage: mapStorage(f.storage, mapHeap), mutable: f.mutable });
}

function mapComposite(c: CompositeType, mapHeap: (h: HeapType) => HeapType): CompositeType {
  if (c.kind === 'func') {
    return Object.freeze({
      kind: 'func',
      params: Object.freeze(c.params.map((p) => mapStorage<ValType>(p, mapHeap))),
      results: Object.freeze(c.results.map((r) => mapStorage<ValType>(r, mapHeap))),
    });
  }
  if (c.kind === 'struct') {
    return Object.freeze({ kind: 'struct', fields: Object.freeze(c.fields.map((f) => mapField(f, mapHeap))) });
  }
  return Object.freeze({ kind: 'array', element: mapField(c.element, mapHeap) });
}
