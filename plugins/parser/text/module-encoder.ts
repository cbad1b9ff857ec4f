/**
 * The text format's module: its fields in any order, encoded in two passes into the binary
 * sections. Field kinds live in their own files: types of imports and definitions in
 * `extern-types.ts`, element and data segments in `segment-encoder.ts`, instructions in
 * `instruction-encoder.ts`, the name section in `name-section.ts`.
 */
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected } from './cursor.js';
import { readGlobalType, readMemoryType, readTableType } from './extern-types.js';
import { IndexSpace } from './index-space.js';
import { InstructionEncoder } from './instruction-encoder.js';
import { decodeUtf8, Token } from './lexer.js';
import { ModuleContext } from './module-context.js';
import { ModuleSections, Section, SectionBuf } from './module-sections.js';
import { NameSectionBuilder } from './name-section.js';
import { SegmentEncoder } from './segment-encoder.js';
import { SList, SNode, headOf, isList } from './sexpr.js';
import { malformed } from './text-error.js';
import { readTypeLists, writeTypeDef } from './type-syntax.js';

const EXTERN_KIND: Readonly<Record<string, number>> = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };
const DEF_WORD: Readonly<Record<string, string>> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

/** A string token's bytes as a name: must be valid UTF-8. */
function nameBytes(t: Token): Uint8Array {
  const b = t.bytes as Uint8Array;
  if (decodeUtf8(b) === null) throw malformed('malformed UTF-8 encoding', t);
  return b;
}

/** The spaces an `(import ...)` description or an inline import declares into. */
function spaceFor(m: ModuleContext, kind: string): IndexSpace | null {
  switch (kind) {
    case 'func': return m.funcs;
    case 'table': return m.tables;
    case 'memory': return m.memories;
    case 'global': return m.globals;
    case 'tag': return m.tags;
    default: return null;
  }
}

/** Skip the inline `(export ...)` lists of a field and return the inline `(import ...)` if any. */
function inlineImport(c: Cursor): SList | null {
  let p = c.pos;
  while (headOf(c.items[p]) === 'export') p++;
  const n = c.items[p];
  return headOf(n) === 'import' ? (n as SList) : null;
}

/**
 * Encodes one module from its fields (the items of `(module ...)` after the optional id).
 * Two passes: the first declares every name in every index space (so any field can refer to
 * any other, forward or backward); the second encodes each field into its section.
 */
export class ModuleEncoder {
  private readonly m = new ModuleContext();
  private readonly code: InstructionEncoder;
  private readonly sections = new ModuleSections();
  private readonly segments: SegmentEncoder;
  private readonly names = new NameSectionBuilder();
  private startFunc = -1;

  constructor(
    private readonly fields: readonly SNode[],
    private readonly moduleName: Token | null,
  ) {
    this.code = new InstructionEncoder(this.m);
    this.segments = new SegmentEncoder(this.m, this.code, this.sections);
  }

  private section(id: Section): SectionBuf {
    return this.sections.get(id);
  }

  encode(): Uint8Array {
    const lists: SList[] = [];
    for (const f of this.fields) {
      if (!isList(f)) throw unexpected(f);
      lists.push(f);
    }
    this.declare(lists);
    for (const f of lists) {
      const h = headOf(f);
      if (h === 'type') this.typeField(f, 1, this.section(Section.Type));
      else if (h === 'rec') this.recField(f);
    }
    for (const f of lists) this.field(f);
    return this.assemble();
  }

  // ---- pass 1: declarations -------------------------------------------------------------

  private declare(lists: SList[]): void {
    const m = this.m;
    let firstDef: string | null = null;
    const checkImport = (at: SList): void => {
      if (firstDef !== null) throw malformed(`import after ${DEF_WORD[firstDef]}`, at);
    };
    for (const f of lists) {
      const h = headOf(f);
      const c = new Cursor(f);
      switch (h) {
        case 'type':
          m.types.declare(c.takeId());
          break;
        case 'rec':
          for (const t of f.items.slice(1)) {
            if (headOf(t) !== 'type') throw unexpected(t);
            m.types.declare(new Cursor(t as SList).takeId());
          }
          break;
        case 'import': {
          c.expectString();
          c.expectString();
          const desc = c.expectList();
          const kind = headOf(desc) ?? '';
          const space = spaceFor(m, kind);
          if (space === null) throw unexpected(desc);
          checkImport(f);
          space.declare(new Cursor(desc).takeId());
          break;
        }
        case 'func':
        case 'table':
        case 'memory':
        case 'global':
        case 'tag': {
          const id = c.takeId();
          const imp = inlineImport(c);
          if (imp) checkImport(f);
          else firstDef ??= h;
          (spaceFor(m, h) as IndexSpace).declare(id);
          if (!imp && h === 'table' && f.items.some((n) => headOf(n) === 'elem')) m.elems.declare(null);
          if (!imp && h === 'memory' && f.items.some((n) => headOf(n) === 'data')) m.datas.declare(null);
          break;
        }
        case 'elem':
          m.elems.declare(c.takeId());
          break;
        case 'data':
          m.datas.declare(c.takeId());
          break;
        case 'export':
        case 'start':
          break;
        default:
          throw unexpected(f.items[0] ?? f);
      }
    }
  }

  // ---- pass 2: fields -------------------------------------------------------------------

  private typeField(f: SList, groupSize: number, sec: SectionBuf): void {
    const m = this.m;
    const index = m.typeInfo.length;
    const fields = new IndexSpace('field', 'field');
    const info = writeTypeDef(sec.w, f, m.types, fields, groupSize);
    m.typeInfo.push(info);
    m.fieldNames[index] = fields.names.size > 0 ? fields : null;
    if (groupSize === 1 || sec !== this.sections.find(Section.Type)) sec.count++;
    this.names.typeName(index, m.types.nameOf[index], fields);
  }

  private recField(f: SList): void {
    const sec = this.section(Section.Type);
    const types = f.items.slice(1) as SList[];
    sec.w.byte(0x4e);
    sec.w.u32(types.length);
    const inner = new SectionBuf();
    for (const t of types) this.typeField(t, types.length, inner);
    sec.w.append(inner.w);
    sec.count++;
  }

  private field(f: SList): void {
    const c = new Cursor(f);
    switch (headOf(f)) {
      case 'import': return this.importField(c);
      case 'func': return this.funcField(c);
      case 'table': return this.tableField(c);
      case 'memory': return this.memoryField(c);
      case 'global': return this.globalField(c);
      case 'tag': return this.tagField(c);
      case 'export': return this.exportField(c);
      case 'start': return this.startField(c);
      case 'elem': return this.segments.elemField(c);
      case 'data': return this.segments.dataField(c);
      default: return; // types were encoded first
    }
  }

  /** Record inline `(export "name")` lists of a definition with index `index`. */
  private inlineExports(c: Cursor, kind: string, index: number): void {
    for (let e = c.takeList('export'); e; e = c.takeList('export')) {
      const ec = new Cursor(e);
      const name = nameBytes(ec.expectString());
      ec.done();
      const sec = this.section(Section.Export);
      sec.w.vecBytes(name);
      sec.w.byte(EXTERN_KIND[kind]);
      sec.w.u32(index);
      sec.count++;
    }
  }

  /** Write an import entry header from an `(import "m" "n")` list (inline) or the import field. */
  private importHeader(modName: Token, itemName: Token): ByteWriter {
    const sec = this.section(Section.Import);
    sec.w.vecBytes(nameBytes(modName));
    sec.w.vecBytes(nameBytes(itemName));
    sec.count++;
    return sec.w;
  }

  private importField(c: Cursor): void {
    const mod = c.expectString();
    const item = c.expectString();
    const desc = c.expectList();
    c.done();
    const kind = headOf(desc) as string;
    const dc = new Cursor(desc);
    dc.takeId();
    const index = this.nextIndex(kind);
    const w = this.importHeader(mod, item);
    this.importDesc(kind, dc, w, index);
  }

  /**
   * Index of the next func/table/memory/global/tag in field order. The declaration pass
   * numbered them in the same order, so a running counter reproduces its indices.
   */
  private readonly counters: Record<string, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  private nextIndex(kind: string): number {
    return this.counters[kind]++;
  }

  private importDesc(kind: string, c: Cursor, w: ByteWriter, index: number): void {
    switch (kind) {
      case 'func': {
        const use = this.m.typeUse(c, true);
        c.done();
        w.byte(0x00);
        w.u32(use.index);
        this.names.funcName(index, this.m.funcs.nameOf[index]);
        return;
      }
      case 'table':
        w.byte(0x01);
        readTableType(c, w, this.m.types);
        c.done();
        return;
      case 'memory':
        w.byte(0x02);
        readMemoryType(c, w);
        c.done();
        return;
      case 'global':
        w.byte(0x03);
        readGlobalType(c, w, this.m.types);
        c.done();
        return;
      case 'tag': {
        const use = this.m.typeUse(c, false);
        c.done();
        w.byte(0x04);
        w.byte(0x00);
        w.u32(use.index);
        return;
      }
    }
  }

  /** Common head of func/table/memory/global/tag: id, inline exports, inline import. */
  private defHead(c: Cursor, kind: string): { index: number; imported: boolean } {
    c.takeId();
    const index = this.nextIndex(kind);
    this.inlineExports(c, kind, index);
    const imp = c.takeList('import');
    if (imp) {
      const ic = new Cursor(imp);
      const mod = ic.expectString();
      const item = ic.expectString();
      ic.done();
      const w = this.importHeader(mod, item);
      this.importDesc(kind, c, w, index);
      return { index, imported: true };
    }
    return { index, imported: false };
  }

  private funcField(c: Cursor): void {
    const { index, imported } = this.defHead(c, 'func');
    if (imported) return;
    const m = this.m;
    const use = m.typeUse(c, true);
    const fsec = this.section(Section.Function);
    fsec.w.u32(use.index);
    fsec.count++;
    const locals = new IndexSpace('local', 'local');
    for (let i = 0; i < use.paramCount; i++) locals.declare(use.paramIds[i] ?? null);
    const declared: { types: Uint8Array[]; ids: (Token | null)[] } = { types: [], ids: [] };
    readTypeLists(c, 'local', m.types, true, declared);
    for (const id of declared.ids) locals.declare(id);
    const body = new ByteWriter(64);
    // Locals as runs of equal types.
    const runs: [number, Uint8Array][] = [];
    for (const t of declared.types) {
      const last = runs[runs.length - 1];
      if (last && bytesEqual(last[1], t)) last[0]++;
      else runs.push([1, t]);
    }
    body.u32(runs.length);
    for (const [n, t] of runs) {
      body.u32(n);
      body.bytes(t);
    }
    this.code.encode(c, body, locals);
    body.byte(0x0b);
    const csec = this.section(Section.Code);
    csec.w.sized(body);
    csec.count++;
    this.names.funcName(index, m.funcs.nameOf[index]);
    this.names.localNames(index, locals);
  }

  private tableField(c: Cursor): void {
    const { index, imported } = this.defHead(c, 'table');
    if (imported) return;
    if (c.items.some((n, i) => i >= c.pos && headOf(n) === 'elem')) {
      this.segments.inlineElemTable(c, index);
      return;
    }
    const sec = this.section(Section.Table);
    const tt = new ByteWriter(16);
    readTableType(c, tt, this.m.types);
    if (c.atEnd()) {
      sec.w.append(tt);
    } else {
      // A table with an initialiser expression.
      sec.w.byte(0x40);
      sec.w.byte(0x00);
      sec.w.append(tt);
      this.code.constExpr(c, sec.w);
    }
    sec.count++;
  }

  private memoryField(c: Cursor): void {
    const { index, imported } = this.defHead(c, 'memory');
    if (imported) return;
    if (c.items.some((n, i) => i >= c.pos && headOf(n) === 'data')) {
      this.segments.inlineDataMemory(c, index);
      return;
    }
    const sec = this.section(Section.Memory);
    readMemoryType(c, sec.w);
    c.done();
    sec.count++;
  }

  private globalField(c: Cursor): void {
    const { imported } = this.defHead(c, 'global');
    if (imported) return;
    const sec = this.section(Section.Global);
    readGlobalType(c, sec.w, this.m.types);
    this.code.constExpr(c, sec.w);
    sec.count++;
  }

  private tagField(c: Cursor): void {
    const { imported } = this.defHead(c, 'tag');
    if (imported) return;
    const use = this.m.typeUse(c, false);
    c.done();
    const sec = this.section(Section.Tag);
    sec.w.byte(0x00);
    sec.w.u32(use.index);
    sec.count++;
  }

  private exportField(c: Cursor): void {
    const name = nameBytes(c.expectString());
    const desc = c.expectList();
    c.done();
    const kind = headOf(desc) ?? '';
    const space = spaceFor(this.m, kind);
    if (space === null) throw unexpected(desc);
    const dc = new Cursor(desc);
    const index = space.resolve(dc.next());
    dc.done();
    const sec = this.section(Section.Export);
    sec.w.vecBytes(name);
    sec.w.byte(EXTERN_KIND[kind]);
    sec.w.u32(index);
    sec.count++;
  }

  private startField(c: Cursor): void {
    if (this.startFunc >= 0) throw malformed('multiple start sections', c.list);
    this.startFunc = this.m.funcs.resolve(c.next());
    c.done();
  }

  // ---- assembly -------------------------------------------------------------------------

  private assemble(): Uint8Array {
    const out = new ByteWriter(256);
    out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const m = this.m;
    if (m.implicitTypes.length > 0) {
      const sec = this.section(Section.Type);
      for (const t of m.implicitTypes) {
        sec.w.bytes(t);
        sec.count++;
      }
    }
    const emit = (id: Section): void => this.sections.emit(out, id);
    emit(Section.Type);
    emit(Section.Import);
    emit(Section.Function);
    emit(Section.Table);
    emit(Section.Memory);
    emit(Section.Tag);
    emit(Section.Global);
    emit(Section.Export);
    if (this.startFunc >= 0) {
      const body = new ByteWriter(8);
      body.u32(this.startFunc);
      out.byte(Section.Start);
      out.sized(body);
    }
    emit(Section.Elem);
    if (m.usesDataCount) {
      const body = new ByteWriter(8);
      body.u32(m.datas.count);
      out.byte(Section.DataCount);
      out.sized(body);
    }
    emit(Section.Code);
    emit(Section.Data);
    this.names.moduleName(this.moduleName?.text ?? null);
    const names = this.names.finish();
    if (names !== null) {
      out.byte(0);
      out.sized(names);
    }
    return out.finish();
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Encode the fields of `(module $id? field*)` given as a list. */
export function encodeModuleList(l: SList): Uint8Array {
  const c = new Cursor(l);
  const id = c.takeId();
  return new ModuleEncoder(l.items.slice(c.pos), id).encode();
}

/** Encode a bare sequence of module fields (a `.wat` file without the `(module ...)` wrapper). */
export function encodeFields(fields: readonly SNode[]): Uint8Array {
  return new ModuleEncoder(fields, null).encode();
}

