/**
 * The type section: recursion groups of sub types over func/struct/array composite types.
 * Each group is canonicalised in the engine's `TypeRegistry` as soon as it is read, because
 * later groups (and everything after the type section) compare types by canonical id.
 */
import type { BinaryReader } from '../../../kernel/ir/binary-reader.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type {
  CompositeType, FieldType, HeapType, RecGroup, StorageType, SubType, ValType,
} from '../../../kernel/ir/types.js';
import { CompileError } from '../../../kernel/errors/compile-error.js';
import type { FeatureSet } from './features.js';
import { F } from './features.js';

export interface TypeSection {
  types: SubType[];
  recGroups: RecGroup[];
  typeIds: Int32Array;
}

const EMPTY_SUPERS: readonly number[] = Object.freeze([]);

export function readTypeSection(
  r: BinaryReader, registry: TypeRegistry, features: FeatureSet,
): TypeSection {
  const groups = r.u32();
  const types: SubType[] = [];
  const recGroups: RecGroup[] = [];
  // Offsets of each type's start, for error positions of the index checks.
  const offsets: number[] = [];
  for (let g = 0; g < groups; g++) {
    const start = types.length;
    const at = r.pos;
    if (r.peek() === 0x4e) {
      r.pos++;
      features.add(F.gc);
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        offsets.push(r.offset);
        types.push(readSubType(r, features));
      }
    } else {
      offsets.push(r.offset);
      types.push(readSubType(r, features));
    }
    recGroups.push(Object.freeze({ start, size: types.length - start }));
    void at;
  }
  const typeIds = new Int32Array(types.length);
  for (const g of recGroups) {
    checkGroupIndices(types, g, offsets);
    registry.internRecGroup(types, g.start, g.size, typeIds);
  }
  return { types, recGroups, typeIds };
}

/** Every type index used inside a group must name an earlier type or one of the group. */
function checkGroupIndices(types: readonly SubType[], g: RecGroup, offsets: readonly number[]): void {
  const limit = g.start + g.size;
  const bad = (h: HeapType): boolean => typeof h === 'number' && h >= limit;
  const badStorage = (s: StorageType): boolean => typeof s === 'object' && bad(s.heap);
  for (let i = g.start; i < limit; i++) {
    const t = types[i];
    const err = (): CompileError => new CompileError('unknown type', { offset: offsets[i], kind: 'invalid' });
    for (const s of t.supertypes) if (s >= limit) throw err();
    const c = t.composite;
    if (c.kind === 'func') {
      for (const p of c.params) if (badStorage(p)) throw err();
      for (const p of c.results) if (badStorage(p)) throw err();
    } else if (c.kind === 'struct') {
      for (const f of c.fields) if (badStorage(f.storage)) throw err();
    } else if (badStorage(c.element.storage)) {
      throw err();
    }
  }
}

function readSubType(r: BinaryReader, features: FeatureSet): SubType {
  const b = r.peek();
  if (b === 0x50 || b === 0x4f) {
    r.pos++;
    features.add(F.gc);
    const n = r.u32();
    const supers: number[] = [];
    for (let i = 0; i < n; i++) supers.push(r.u32());
    // 3.0 allows at most one supertype; more is a validation error ("sub type").
    const composite = readComposite(r, features);
    return Object.freeze({ final: b === 0x4f, supertypes: Object.freeze(supers), composite });
  }
  return Object.freeze({ final: true, supertypes: EMPTY_SUPERS, composite: readComposite(r, features) });
}

function readComposite(r: BinaryReader, features: FeatureSet): CompositeType {
  const at = r.pos;
  const b = r.u8();
  if (b === 0x60) {
    const params = readValTypes(r, features);
    const results = readValTypes(r, features);
    if (results.length > 1) features.add(F.multiValue);
    return Object.freeze({ kind: 'func', params: Object.freeze(params), results: Object.freeze(results) });
  }
  if (b === 0x5f) {
    features.add(F.gc);
    const n = r.u32();
    const fields: FieldType[] = [];
    for (let i = 0; i < n; i++) fields.push(readField(r, features));
    return Object.freeze({ kind: 'struct', fields: Object.freeze(fields) });
  }
  if (b === 0x5e) {
    features.add(F.gc);
    return Object.freeze({ kind: 'array', element: readField(r, features) });
  }
  // A multi-byte encoding where a one-byte type code belongs reads as an over-long integer.
  throw r.error(b & 0x80 ? 'integer representation too long' : 'malformed type', at);
}

function readField(r: BinaryReader, features: FeatureSet): FieldType {
  let storage: StorageType;
  const b = r.peek();
  if (b === 0x78) {
    r.pos++;
    storage = 'i8';
  } else if (b === 0x77) {
    r.pos++;
    storage = 'i16';
  } else {
    storage = readValType(r, features);
  }
  const at = r.pos;
  const m = r.u8();
  if (m > 1) throw r.error('malformed mutability', at);
  return Object.freeze({ storage, mutable: m === 1 });
}

export function readValTypes(r: BinaryReader, features: FeatureSet): ValType[] {
  const n = r.u32();
  // A count larger than the remaining bytes can only end in "unexpected end"; do not preallocate.
  const out: ValType[] = [];
  for (let i = 0; i < n; i++) out.push(readValType(r, features));
  return out;
}

/** A value type, noting which proposal its encoding belongs to. */
export function readValType(r: BinaryReader, features: FeatureSet): ValType {
  const b = r.peek();
  const t = r.valType();
  noteValType(b, t, features);
  return t;
}

export function noteValType(firstByte: number, t: ValType, features: FeatureSet): void {
  if (t === 'v128') features.add(F.simd);
  else if (typeof t === 'object') noteRefType(firstByte, t.heap, features);
}

export function noteRefType(firstByte: number, heap: HeapType, features: FeatureSet): void {
  if (firstByte === 0x63 || firstByte === 0x64) features.add(F.functionReferences);
  if (typeof heap === 'number') {
    features.add(F.functionReferences);
    return;
  }
  switch (heap) {
    case 'func': case 'extern':
      features.add(F.referenceTypes);
      return;
    case 'exn': case 'noexn':
      features.add(F.exceptions);
      return;
    default:
      features.add(F.gc);
  }
}
