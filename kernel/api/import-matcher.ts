/**
 * Import type matching per the spec (external subtyping): functions and tags by canonical type
 * id (declared subtyping through the engine's type registry), tables and memories by limits
 * subsumption and equal element/address types, globals by mutability and value type.
 * Returns null when `value` fits `desc`, else the text form of what was found.
 */
import type { ImportDesc, ModuleIR } from '../ir/module-ir.js';
import type { TypeRegistry } from '../ir/type-registry.js';
import type { AbsHeapType, HeapType, Limits, ValType } from '../ir/types.js';
import type { ExternValue } from '../runtime/extern.js';
import { FuncInstance } from '../runtime/func-instance.js';
import { GlobalInstance } from '../runtime/global-instance.js';
import { MemoryInstance } from '../runtime/memory-instance.js';
import { TableInstance } from '../runtime/table-instance.js';
import { TagInstance } from '../runtime/tag-instance.js';
import { funcTypeToString, globalTypeToString, memoryTypeToString, tableTypeToString, tagTypeToString } from './type-text.js';

export function describeExtern(v: ExternValue): string {
  if (v instanceof FuncInstance) return funcTypeToString(v.type);
  if (v instanceof MemoryInstance) return memoryTypeToString({ ...v.type, limits: { min: v.pages, max: v.type.limits.max } });
  if (v instanceof TableInstance) return tableTypeToString({ ...v.type, limits: { min: v.size, max: v.type.limits.max } });
  if (v instanceof GlobalInstance) return globalTypeToString(v.type);
  return tagTypeToString(v.type);
}

/** Null when `value` matches the import, else a description of the mismatch's actual side. */
export function matchImport(value: ExternValue, desc: ImportDesc, ir: ModuleIR, registry: TypeRegistry): string | null {
  switch (desc.kind) {
    case 'func': {
      if (!(value instanceof FuncInstance)) return kindOf(value);
      const expected = ir.typeIds[desc.typeIndex];
      return registry.isSubtype(value.typeId, expected) ? null : describeExtern(value);
    }
    case 'tag': {
      if (!(value instanceof TagInstance)) return kindOf(value);
      return value.typeId === ir.typeIds[desc.typeIndex] ? null : describeExtern(value);
    }
    case 'memory': {
      if (!(value instanceof MemoryInstance)) return kindOf(value);
      const t = desc.type;
      const ok = value.type.shared === t.shared && value.type.address === t.address
        && limitsMatch({ min: value.pages, max: value.type.limits.max }, t.limits);
      return ok ? null : describeExtern(value);
    }
    case 'table': {
      if (!(value instanceof TableInstance)) return kindOf(value);
      const t = desc.type;
      const ok = value.type.address === t.address && refEqual(value.type.element, t.element)
        && limitsMatch({ min: value.size, max: value.type.limits.max }, t.limits);
      return ok ? null : describeExtern(value);
    }
    case 'global': {
      if (!(value instanceof GlobalInstance)) return kindOf(value);
      const t = desc.type;
      if (value.type.mutable !== t.mutable) return describeExtern(value);
      const ok = t.mutable ? valEqual(value.type.type, t.type) : valSub(value.type.type, t.type);
      return ok ? null : describeExtern(value);
    }
  }
}

function kindOf(v: ExternValue): string {
  const kind = v instanceof FuncInstance ? 'func' : v instanceof MemoryInstance ? 'memory'
    : v instanceof TableInstance ? 'table' : v instanceof GlobalInstance ? 'global' : 'tag';
  return `a ${kind} ${describeExtern(v)}`;
}

/** `actual` limits fit within `expected`: at least its min, and a max at most its max (when it has one). */
export function limitsMatch(actual: Limits, expected: Limits): boolean {
  if (actual.min < expected.min) return false;
  if (expected.max === null) return true;
  return actual.max !== null && actual.max <= expected.max;
}

// Concrete heap types carry module-relative indices here; across modules only the
// abstract part can be compared (funcs and tags compare exactly through canonical ids above).
function heapKind(h: HeapType): AbsHeapType | 'concrete' {
  return typeof h === 'number' ? 'concrete' : h;
}

function refEqual(a: ValType, b: ValType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.nullable === b.nullable && heapKind(a.heap) === heapKind(b.heap);
}

function valEqual(a: ValType, b: ValType): boolean {
  return refEqual(a, b);
}

const ABS_SUPER: Partial<Record<AbsHeapType, AbsHeapType>> = {
  none: 'i31', i31: 'eq', struct: 'eq', array: 'eq', eq: 'any', nofunc: 'func', noextern: 'extern', noexn: 'exn',
};

function heapSub(a: AbsHeapType | 'concrete', b: AbsHeapType | 'concrete'): boolean {
  if (a === b) return true;
  if (a === 'concrete') return b === 'func' || b === 'any' || b === 'eq' || b === 'struct' || b === 'array';
  if (a === 'none') return b === 'any' || b === 'eq' || b === 'i31' || b === 'struct' || b === 'array' || b === 'concrete';
  if (a === 'nofunc') return b === 'func' || b === 'concrete';
  let cur: AbsHeapType | undefined = a;
  while (cur !== undefined) {
    if (cur === b) return true;
    cur = ABS_SUPER[cur];
  }
  return false;
}

function valSub(a: ValType, b: ValType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.nullable && !b.nullable) return false;
  return heapSub(heapKind(a.heap), heapKind(b.heap));
}
