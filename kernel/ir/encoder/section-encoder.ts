/**
 * Contents (without id and size) of each known section, encoded from a `ModuleIR`. Used when
 * a pass changes a section, and by the full re-encode that the round-trip tests exercise.
 */
import type {
  ConstExpr, DataSegment, ElemSegment, Export, FuncBody, GlobalDef, Import, ModuleIR, TableDef,
} from '../module-ir.js';
import type { MemoryType, ValType } from '../types.js';
import { ByteSink } from './byte-sink.js';
import {
  writeGlobalType, writeMemoryType, writeRefType, writeTableType, writeTypeSection, writeValType,
} from './type-encoder.js';

export const enum SectionId {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6, Export = 7,
  Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
}

const KIND_CODE: Readonly<Record<string, number>> = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };

export function writeImport(s: ByteSink, imp: Import): void {
  s.name(imp.module).name(imp.name);
  const d = imp.desc;
  s.u8(KIND_CODE[d.kind]);
  switch (d.kind) {
    case 'func': s.u32(d.typeIndex); return;
    case 'table': writeTableType(s, d.type); return;
    case 'memory': writeMemoryType(s, d.type); return;
    case 'global': writeGlobalType(s, d.type); return;
    case 'tag': s.u8(0).u32(d.typeIndex); return;
  }
}

export function writeExport(s: ByteSink, e: Export): void {
  s.name(e.name).u8(KIND_CODE[e.kind]).u32(e.index);
}

export function writeConstExpr(s: ByteSink, e: ConstExpr): void {
  s.bytes(e.code);
}

export function writeTableDef(s: ByteSink, t: TableDef): void {
  if (t.init === null) {
    writeTableType(s, t.type);
    return;
  }
  s.u8(0x40).u8(0x00);
  writeTableType(s, t.type);
  writeConstExpr(s, t.init);
}

export function writeGlobalDef(s: ByteSink, g: GlobalDef): void {
  writeGlobalType(s, g.type);
  writeConstExpr(s, g.init);
}

/** The function index of `ref.func i; end`, or -1 for any other expression. */
function refFuncIndex(e: ConstExpr): number {
  const c = e.code;
  if (c[0] !== 0xd2) return -1;
  let i = 1;
  let v = 0;
  let mul = 1;
  for (;;) {
    const b = c[i++];
    v += (b & 0x7f) * mul;
    mul *= 128;
    if (!(b & 0x80)) break;
  }
  return i === c.length - 1 && c[i] === 0x0b ? v : -1;
}

function isFuncHeap(seg: ElemSegment): boolean {
  return seg.type.heap === 'func';
}

/**
 * Element segment in the encoding that decodes back to the same segment. In 3.0 the
 * function-index forms (flags 0-3) have type `(ref func)` and the expression forms with an
 * implicit type (flag 4) `funcref`, so the index form is used exactly for `(ref func)`
 * segments of plain `ref.func` entries, which is also what older engines understand.
 */
export function writeElem(s: ByteSink, seg: ElemSegment): void {
  const indices = isFuncHeap(seg) && !seg.type.nullable ? seg.init.map(refFuncIndex) : null;
  const asIndices = indices !== null && indices.every((i) => i >= 0);
  const exprBit = asIndices ? 0 : 4;
  if (seg.mode === 'active') {
    // Flags 0/4 imply table 0 and the type above; anything else names both.
    const implicit = seg.table === 0 && (asIndices || (isFuncHeap(seg) && seg.type.nullable));
    s.u32((implicit ? 0 : 2) | exprBit);
    if (!implicit) s.u32(seg.table);
    writeConstExpr(s, seg.offset!);
    if (!implicit) {
      if (asIndices) s.u8(0x00);
      else writeRefType(s, seg.type);
    }
  } else {
    s.u32((seg.mode === 'passive' ? 1 : 3) | exprBit);
    if (asIndices) s.u8(0x00);
    else writeRefType(s, seg.type);
  }
  s.u32(seg.init.length);
  if (asIndices) for (const i of indices!) s.u32(i);
  else for (const e of seg.init) writeConstExpr(s, e);
}

export function writeData(s: ByteSink, d: DataSegment): void {
  if (d.mode === 'passive') s.u32(1);
  else if (d.memory === 0) s.u32(0);
  else s.u32(2).u32(d.memory);
  if (d.mode === 'active') writeConstExpr(s, d.offset!);
  s.u32(d.bytes.length).bytes(d.bytes);
}

/** Declared locals, run-length compressed as the binary format wants. */
export function writeLocals(s: ByteSink, locals: readonly ValType[]): void {
  const runs: Array<[number, ValType]> = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && sameValType(last[1], t)) last[0]++;
    else runs.push([1, t]);
  }
  s.u32(runs.length);
  for (const [n, t] of runs) {
    s.u32(n);
    writeValType(s, t);
  }
}

function sameValType(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  return a.nullable === b.nullable && a.heap === b.heap;
}

/** One code-section entry: size, locals, instruction bytes (`code` ends with `end`). */
export function writeBody(s: ByteSink, locals: readonly ValType[], code: Uint8Array): void {
  s.sized((b) => {
    writeLocals(b, locals);
    b.bytes(code);
  });
}

function vec<T>(s: ByteSink, items: readonly T[], write: (s: ByteSink, item: T) => void): void {
  s.u32(items.length);
  for (const it of items) write(s, it);
}

/** Contents of section `id` encoded from `ir`, or null when the module has nothing for it. */
export function encodeSection(ir: ModuleIR, id: number): Uint8Array | null {
  const s = new ByteSink();
  switch (id) {
    case SectionId.Type:
      if (ir.types.length === 0) return null;
      writeTypeSection(s, ir);
      break;
    case SectionId.Import:
      if (ir.imports.length === 0) return null;
      vec(s, ir.imports, writeImport);
      break;
    case SectionId.Function:
      if (ir.funcs.length === 0) return null;
      vec(s, ir.funcs, (b, f: FuncBody) => b.u32(f.typeIndex));
      break;
    case SectionId.Table:
      if (ir.tables.length === 0) return null;
      vec(s, ir.tables, writeTableDef);
      break;
    case SectionId.Memory: {
      const defined: MemoryType[] = ir.memoryTypes.slice(ir.numImportedMemories);
      if (defined.length === 0) return null;
      vec(s, defined, writeMemoryType);
      break;
    }
    case SectionId.Global:
      if (ir.globals.length === 0) return null;
      vec(s, ir.globals, writeGlobalDef);
      break;
    case SectionId.Export:
      if (ir.exports.length === 0) return null;
      vec(s, ir.exports, writeExport);
      break;
    case SectionId.Start:
      if (ir.start === null) return null;
      s.u32(ir.start);
      break;
    case SectionId.Element:
      if (ir.elems.length === 0) return null;
      vec(s, ir.elems, writeElem);
      break;
    case SectionId.Code:
      if (ir.funcs.length === 0) return null;
      vec(s, ir.funcs, (b, f: FuncBody) => writeBody(b, f.locals, f.code));
      break;
    case SectionId.Data:
      if (ir.datas.length === 0) return null;
      vec(s, ir.datas, writeData);
      break;
    case SectionId.DataCount:
      if (ir.dataCount === null) return null;
      s.u32(ir.dataCount);
      break;
    case SectionId.Tag: {
      const defined = ir.tagTypeIndices.slice(ir.numImportedTags);
      if (defined.length === 0) return null;
      vec(s, defined, (b, t: number) => b.u8(0).u32(t));
      break;
    }
    default:
      return null;
  }
  return s.finish();
}
