/**
 * Binary encodings of types: value, heap and reference types, limits, table/memory/global
 * types, block types and whole recursion groups of the type section.
 */
import type { BlockType } from '../code-reader.js';
import type { ModuleIR } from '../module-ir.js';
import type {
  CompositeType, FieldType, GlobalType, HeapType, Limits, MemoryType, RefType, StorageType, SubType,
  TableType, ValType,
} from '../types.js';
import type { ByteSink } from './byte-sink.js';

const HEAP_CODE: Readonly<Record<string, number>> = {
  func: 0x70, extern: 0x6f, any: 0x6e, eq: 0x6d, i31: 0x6c, struct: 0x6b, array: 0x6a,
  exn: 0x69, none: 0x71, noextern: 0x72, nofunc: 0x73, noexn: 0x74,
};

const NUM_CODE: Readonly<Record<string, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

export function writeHeapType(s: ByteSink, h: HeapType): void {
  if (typeof h === 'number') s.s32(h);
  else s.u8(HEAP_CODE[h]);
}

export function writeRefType(s: ByteSink, t: RefType): void {
  // Nullable abstract types have a one-byte shorthand (funcref = 0x70, ...).
  if (t.nullable && typeof t.heap === 'string') {
    s.u8(HEAP_CODE[t.heap]);
    return;
  }
  s.u8(t.nullable ? 0x63 : 0x64);
  writeHeapType(s, t.heap);
}

export function writeValType(s: ByteSink, t: ValType): void {
  if (typeof t === 'string') s.u8(NUM_CODE[t]);
  else writeRefType(s, t);
}

function writeStorage(s: ByteSink, t: StorageType): void {
  if (t === 'i8') s.u8(0x78);
  else if (t === 'i16') s.u8(0x77);
  else writeValType(s, t);
}

function writeField(s: ByteSink, f: FieldType): void {
  writeStorage(s, f.storage);
  s.u8(f.mutable ? 1 : 0);
}

/** Limits with their flag byte: bit 0 max present, bit 1 shared, bit 2 64-bit addresses. */
export function writeLimits(s: ByteSink, l: Limits, shared: boolean, is64: boolean): void {
  s.u8((l.max !== null ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0));
  s.u64(l.min);
  if (l.max !== null) s.u64(l.max);
}

export function writeTableType(s: ByteSink, t: TableType): void {
  writeRefType(s, t.element);
  writeLimits(s, t.limits, false, t.address === 'i64');
}

export function writeMemoryType(s: ByteSink, t: MemoryType): void {
  writeLimits(s, t.limits, t.shared, t.address === 'i64');
}

export function writeGlobalType(s: ByteSink, t: GlobalType): void {
  writeValType(s, t.type);
  s.u8(t.mutable ? 1 : 0);
}

export function writeBlockType(s: ByteSink, b: BlockType): void {
  if (b === null) s.u8(0x40);
  else if (typeof b === 'number') s.s32(b);
  else writeValType(s, b);
}

function writeComposite(s: ByteSink, c: CompositeType): void {
  if (c.kind === 'func') {
    s.u8(0x60).u32(c.params.length);
    for (const p of c.params) writeValType(s, p);
    s.u32(c.results.length);
    for (const r of c.results) writeValType(s, r);
  } else if (c.kind === 'struct') {
    s.u8(0x5f).u32(c.fields.length);
    for (const f of c.fields) writeField(s, f);
  } else {
    s.u8(0x5e);
    writeField(s, c.element);
  }
}

export function writeSubType(s: ByteSink, t: SubType): void {
  // A final type without supertypes is the plain (MVP) form.
  if (t.final && t.supertypes.length === 0) {
    writeComposite(s, t.composite);
    return;
  }
  s.u8(t.final ? 0x4f : 0x50).u32(t.supertypes.length);
  for (const sup of t.supertypes) s.u32(sup);
  writeComposite(s, t.composite);
}

/** Contents of the type section: one entry per recursion group (singletons written plain). */
export function writeTypeSection(s: ByteSink, ir: ModuleIR, extra: readonly SubType[] = []): void {
  s.u32(ir.recGroups.length + extra.length);
  for (const g of ir.recGroups) {
    if (g.size !== 1) s.u8(0x4e).u32(g.size);
    for (let i = g.start; i < g.start + g.size; i++) writeSubType(s, ir.types[i]);
  }
  for (const t of extra) writeSubType(s, t);
}
