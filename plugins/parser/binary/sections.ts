/**
 * Readers for the module sections other than type, code and custom: import, function, table,
 * memory, tag, global, export, start, element, data count and data. They only decode
 * (malformed errors); index and type checks belong to the validator.
 */
import type { CodeReader } from '../../../kernel/ir/code-reader.js';
import type { ConstExpr, ElemSegment, ImportDesc } from '../../../kernel/ir/module-ir.js';
import type { ExternKind, Limits, MemoryType, RefType, TableType, ValType } from '../../../kernel/ir/types.js';
import { funcref, refType } from '../../../kernel/ir/types.js';
import type { DecodeState } from './decode-state.js';
import { F } from './features.js';
import { noteRefType, readValType } from './type-section.js';
import { refFuncExpr, scanExpr } from './const-expr-scan.js';

const KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

function readLimits(r: CodeReader, memory: boolean): { limits: Limits; shared: boolean; is64: boolean } {
  const at = r.pos;
  const flags = r.u8();
  const valid = memory ? flags <= 7 : flags === 0 || flags === 1 || flags === 4 || flags === 5;
  if (!valid) throw r.error('malformed limits flags', at);
  const is64 = (flags & 4) !== 0;
  // Both address types read u64 in the binary format; the range is a validation rule.
  const min = r.u64();
  const max = flags & 1 ? r.u64() : null;
  return { limits: Object.freeze({ min, max }), shared: (flags & 2) !== 0, is64 };
}

export function readTableType(r: CodeReader, st: DecodeState): TableType {
  const b = r.peek();
  const element = r.refType();
  noteRefType(b, element.heap, st.features);
  const { limits, is64 } = readLimits(r, false);
  if (is64) st.features.add(F.memory64);
  return Object.freeze({ element, limits, address: is64 ? 'i64' : 'i32' });
}

export function readMemoryType(r: CodeReader, st: DecodeState): MemoryType {
  const { limits, shared, is64 } = readLimits(r, true);
  if (is64) st.features.add(F.memory64);
  if (shared) st.features.add(F.threads);
  return Object.freeze({ limits, shared, address: is64 ? 'i64' : 'i32' });
}

function readGlobalType(r: CodeReader, st: DecodeState): { type: ValType; mutable: boolean } {
  const type = readValType(r, st.features);
  const at = r.pos;
  const m = r.u8();
  if (m > 1) throw r.error('malformed mutability', at);
  return Object.freeze({ type, mutable: m === 1 });
}

function readTagType(r: CodeReader): number {
  const at = r.pos;
  const attr = r.u8();
  if (attr !== 0) throw r.error('malformed tag attribute', at);
  return r.u32();
}

export function readImportSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case 0: {
        const typeIndex = r.u32();
        st.funcTypeIndices.push(typeIndex);
        st.funcDeclOffsets.push(r.base + at);
        st.numImportedFuncs++;
        desc = { kind: 'func', typeIndex };
        break;
      }
      case 1: {
        const type = readTableType(r, st);
        st.tableTypes.push(type);
        st.tableOffsets.push(r.base + at);
        st.numImportedTables++;
        desc = { kind: 'table', type };
        break;
      }
      case 2: {
        const type = readMemoryType(r, st);
        st.memoryTypes.push(type);
        st.memoryOffsets.push(r.base + at);
        st.numImportedMemories++;
        desc = { kind: 'memory', type };
        break;
      }
      case 3: {
        const type = readGlobalType(r, st);
        if (type.mutable) st.features.add(F.mutableGlobals);
        st.globalTypes.push(type);
        st.globalOffsets.push(r.base + at);
        st.numImportedGlobals++;
        desc = { kind: 'global', type };
        break;
      }
      case 4: {
        const typeIndex = readTagType(r);
        st.features.add(F.exceptions);
        st.tagTypeIndices.push(typeIndex);
        st.tagOffsets.push(r.base + at);
        st.numImportedTags++;
        desc = { kind: 'tag', typeIndex };
        break;
      }
      default:
        throw r.error('malformed import kind', at);
    }
    st.imports.push(Object.freeze({ module, name, desc: Object.freeze(desc) }));
  }
}

export function readFunctionSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  st.funcSectionCount = n;
  for (let i = 0; i < n; i++) {
    st.funcDeclOffsets.push(r.offset);
    st.funcTypeIndices.push(r.u32());
  }
}

export function readTableSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.offset;
    let init: ConstExpr | null = null;
    let type: TableType;
    if (r.peek() === 0x40) {
      r.pos++;
      const z = r.pos;
      if (r.u8() !== 0) throw r.error('malformed table', z);
      type = readTableType(r, st);
      init = scanExpr(r);
      st.features.add(F.functionReferences);
    } else {
      type = readTableType(r, st);
    }
    st.tableTypes.push(type);
    st.tableOffsets.push(at);
    st.tables.push(Object.freeze({ type, init }));
  }
}

export function readMemorySection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    st.memoryOffsets.push(r.offset);
    st.memoryTypes.push(readMemoryType(r, st));
  }
}

export function readTagSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  st.features.add(F.exceptions);
  for (let i = 0; i < n; i++) {
    st.tagOffsets.push(r.offset);
    st.tagTypeIndices.push(readTagType(r));
  }
}

export function readGlobalSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    st.globalOffsets.push(r.offset);
    const type = readGlobalType(r, st);
    const init = scanExpr(r);
    st.globalTypes.push(type);
    st.globals.push(Object.freeze({ type, init }));
  }
}

export function readExportSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.offset;
    const name = r.name();
    const kat = r.pos;
    const k = r.u8();
    if (k > 4) throw r.error('malformed export kind', kat);
    const index = r.u32();
    st.exports.push(Object.freeze({ name, kind: KINDS[k], index }));
    st.exportOffsets.push(at);
  }
}

export function readStartSection(r: CodeReader, st: DecodeState): void {
  st.startOffset = r.offset;
  st.start = r.u32();
}

/** In 3.0 the function-index forms have type `(ref func)` (non-nullable). */
const REF_FUNC: RefType = refType(false, 'func');

function readElemKind(r: CodeReader): RefType {
  const at = r.pos;
  if (r.u8() !== 0) throw r.error('malformed element kind', at);
  return REF_FUNC;
}

function readFuncIndices(r: CodeReader): ConstExpr[] {
  const n = r.u32();
  const out: ConstExpr[] = [];
  for (let i = 0; i < n; i++) out.push(refFuncExpr(r.u32()));
  return out;
}

function readExprs(r: CodeReader): ConstExpr[] {
  const n = r.u32();
  const out: ConstExpr[] = [];
  for (let i = 0; i < n; i++) out.push(scanExpr(r));
  return out;
}

export function readElementSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.offset;
    const fat = r.pos;
    const flags = r.u32();
    let seg: ElemSegment;
    if (flags > 7) throw r.error('malformed elements segment kind', fat);
    if (flags !== 0) st.features.add(F.bulkMemory);
    const passiveOrDecl = (flags & 1) !== 0;
    const explicitTable = (flags & 2) !== 0;
    const exprs = (flags & 4) !== 0;
    let table = 0;
    let offset: ConstExpr | null = null;
    if (!passiveOrDecl) {
      if (explicitTable) table = r.u32();
      offset = scanExpr(r);
    }
    let type: RefType = exprs ? funcref : REF_FUNC;
    if (passiveOrDecl || explicitTable) {
      if (exprs) {
        const b = r.peek();
        type = r.refType();
        noteRefType(b, type.heap, st.features);
      } else {
        type = readElemKind(r);
      }
    }
    if (exprs) st.features.add(F.referenceTypes);
    const init = exprs ? readExprs(r) : readFuncIndices(r);
    const mode = !passiveOrDecl ? 'active' : explicitTable ? 'declarative' : 'passive';
    seg = Object.freeze({ mode, table, offset, type, init: Object.freeze(init) });
    st.elems.push(seg);
    st.elemOffsets.push(at);
  }
}

export function readDataCountSection(r: CodeReader, st: DecodeState): void {
  st.dataCount = r.u32();
  st.features.add(F.bulkMemory);
}

export function readDataSection(r: CodeReader, st: DecodeState): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const at = r.offset;
    const fat = r.pos;
    const flags = r.u32();
    let memory = 0;
    let offset: ConstExpr | null = null;
    if (flags === 1) {
      st.features.add(F.bulkMemory);
    } else if (flags === 0 || flags === 2) {
      if (flags === 2) memory = r.u32();
      offset = scanExpr(r);
    } else {
      throw r.error('malformed data segment kind', fat);
    }
    const len = r.u32();
    const bytes = r.take(len);
    st.datas.push(Object.freeze({ mode: flags === 1 ? 'passive' : 'active', memory, offset, bytes }));
    st.dataOffsets.push(at);
  }
}
