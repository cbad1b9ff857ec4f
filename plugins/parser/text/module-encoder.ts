import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected, unexpectedAt } from './cursor.js';
import { IndexSpace, isIndexToken } from './index-space.js';
import { InstructionEncoder } from './instruction-encoder.js';
import { decodeUtf8, Token, TokKind } from './lexer.js';
import { parseNat } from './literals.js';
import { ModuleContext } from './module-context.js';
import { NameSectionBuilder } from './name-section.js';
import { SList, SNode, headOf, isList } from './sexpr.js';
import { malformed } from './text-error.js';
import { parseRefType, readTypeLists, RefTypeSyntax, tryParseRefType, writeRefType, writeTypeDef, writeValType } from './type-syntax.js';

const enum Section {
  Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6, Export = 7,
  Start = 8, Elem = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
}

const EXTERN_KIND: Readonly<Record<string, number>> = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };
const DEF_WORD: Readonly<Record<string, string>> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

/** A section under construction: its entry count and the entries' bytes. */
class SectionBuf {
  count = 0;
  readonly w = new ByteWriter(64);
}

/** A string token's bytes as a name: must be valid UTF-8. */
function nameBytes(t: Token): Uint8Array {
  const b = t.bytes as Uint8Array;
  if (decodeUtf8(b) === null) throw malformed('malformed UTF-8 encoding', t);
  return b;
}

/** Concatenate the bytes of consecutive string tokens (data strings). */
function readStrings(c: Cursor): Uint8Array {
  const parts: Uint8Array[] = [];
  let len = 0;
  for (let s = c.takeString(); s; s = c.takeString()) {
    parts.push(s.bytes as Uint8Array);
    len += (s.bytes as Uint8Array).length;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(len);
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
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
  private readonly sections = new Map<Section, SectionBuf>();
  private readonly names = new NameSectionBuilder();
  private startFunc = -1;

  constructor(
    private readonly fields: readonly SNode[],
    private readonly moduleName: Token | null,
  ) {
    this.code = new InstructionEncoder(this.m);
  }

  private section(id: Section): SectionBuf {
    let s = this.sections.get(id);
    if (s === undefined) {
      s = new SectionBuf();
      this.sections.set(id, s);
    }
    return s;
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
    if (groupSize === 1 || sec !== this.sections.get(Section.Type)) sec.count++;
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
      case 'elem': return this.elemField(c);
      case 'data': return this.dataField(c);
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
        this.tableType(c, w);
        c.done();
        return;
      case 'memory':
        w.byte(0x02);
        this.memoryType(c, w);
        c.done();
        return;
      case 'global':
        w.byte(0x03);
        this.globalType(c, w);
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

  private limits(c: Cursor, w: ByteWriter, flags: number): void {
    const min = this.nat(c);
    const maxTok = c.peekToken(TokKind.Number);
    const max = maxTok ? this.nat(c) : null;
    const shared = c.takeKeyword('shared');
    w.byte(flags | (max !== null ? 1 : 0) | (shared ? 2 : 0));
    w.u64(min);
    if (max !== null) w.u64(max);
  }

  private nat(c: Cursor): bigint {
    const t = c.peekToken(TokKind.Number);
    if (!t) throw unexpectedAt(c);
    const v = parseNat(t.text);
    if (v === null) throw unexpected(t);
    if (v >= 1n << 64n) throw malformed('constant out of range', t);
    c.pos++;
    return v;
  }

  private addressFlag(c: Cursor): number {
    if (c.takeKeyword('i64')) return 0x04;
    c.takeKeyword('i32');
    return 0;
  }

  /** `addrtype? min max? reftype` → binary `reftype limits`. */
  private tableType(c: Cursor, w: ByteWriter): RefTypeSyntax {
    const flag = this.addressFlag(c);
    const lim = new ByteWriter(12);
    this.limits(c, lim, flag);
    const rt = parseRefType(c.peek(), this.m.types, c.list);
    c.pos++;
    writeRefType(w, rt);
    w.append(lim);
    return rt;
  }

  private memoryType(c: Cursor, w: ByteWriter): void {
    const flag = this.addressFlag(c);
    this.limits(c, w, flag);
  }

  private globalType(c: Cursor, w: ByteWriter): void {
    const n = c.next();
    if (isList(n) && headOf(n) === 'mut') {
      const mc = new Cursor(n);
      writeValType(w, mc.next(), this.m.types, n);
      mc.done();
      w.byte(1);
    } else {
      writeValType(w, n, this.m.types, c.list);
      w.byte(0);
    }
  }

  /** A constant expression: the rest of the cursor, then `end`. */
  private constExpr(c: Cursor, w: ByteWriter): void {
    this.code.encode(c, w, null);
    w.byte(0x0b);
  }

  /** `(offset instr*)` or one folded instruction. */
  private offsetExpr(n: SList, w: ByteWriter): void {
    if (headOf(n) === 'offset') {
      this.constExpr(new Cursor(n), w);
      return;
    }
    this.constExpr(new Cursor(wrapList(n), 0), w);
  }

  private tableField(c: Cursor): void {
    const { index, imported } = this.defHead(c, 'table');
    if (imported) return;
    const sec = this.section(Section.Table);
    const elemList = c.items.findIndex((n, i) => i >= c.pos && headOf(n) === 'elem');
    if (elemList >= 0) {
      // `(table addrtype? reftype (elem ...))`: limits from the element count plus a segment.
      const flag = this.addressFlag(c);
      const rt = parseRefType(c.peek(), this.m.types, c.list);
      c.pos++;
      const el = c.expectList();
      c.done();
      const ec = new Cursor(el);
      const seg = new ByteWriter(32);
      const offset = flag ? [0x42, 0x00, 0x0b] : [0x41, 0x00, 0x0b];
      const isFuncref = rt.nullable && rt.index < 0 && rt.absCode === 0x70;
      const indices = isIndexToken(ec.peek()) || ec.atEnd();
      let n: number;
      if (indices && isFuncref) {
        // Function indices into a funcref table: the compact elemkind form.
        const funcs: number[] = [];
        while (!ec.atEnd()) funcs.push(this.m.funcs.resolve(ec.next()));
        n = funcs.length;
        seg.u32(index === 0 ? 0 : 2);
        if (index !== 0) seg.u32(index);
        for (const b of offset) seg.byte(b);
        if (index !== 0) seg.byte(0x00);
        seg.u32(n);
        for (const f of funcs) seg.u32(f);
      } else {
        // The segment must have the table's own type, so write `ref.func` expressions.
        const items = new ByteWriter(32);
        if (indices) {
          n = 0;
          while (!ec.atEnd()) {
            items.byte(0xd2);
            items.u32(this.m.funcs.resolve(ec.next()));
            items.byte(0x0b);
            n++;
          }
        } else {
          n = this.elemExprs(ec, items);
        }
        const plain = index === 0 && isFuncref;
        seg.u32(plain ? 4 : 6);
        if (!plain) seg.u32(index);
        for (const b of offset) seg.byte(b);
        if (!plain) writeRefType(seg, rt);
        seg.u32(n);
        seg.append(items);
      }
      const esec = this.section(Section.Elem);
      esec.w.append(seg);
      esec.count++;
      writeRefType(sec.w, rt);
      sec.w.byte(flag | 1);
      sec.w.u64(BigInt(n));
      sec.w.u64(BigInt(n));
      sec.count++;
      return;
    }
    const tt = new ByteWriter(16);
    this.tableType(c, tt);
    if (c.atEnd()) {
      sec.w.append(tt);
    } else {
      // A table with an initialiser expression.
      sec.w.byte(0x40);
      sec.w.byte(0x00);
      sec.w.append(tt);
      this.constExpr(c, sec.w);
    }
    sec.count++;
  }

  private memoryField(c: Cursor): void {
    const { index, imported } = this.defHead(c, 'memory');
    if (imported) return;
    const sec = this.section(Section.Memory);
    const dataPos = c.items.findIndex((n, i) => i >= c.pos && headOf(n) === 'data');
    if (dataPos >= 0) {
      const flag = this.addressFlag(c);
      const dl = c.expectList();
      c.done();
      const bytes = readStringsAll(new Cursor(dl));
      const pages = BigInt(Math.ceil(bytes.length / 65536));
      sec.w.byte(flag | 1);
      sec.w.u64(pages);
      sec.w.u64(pages);
      sec.count++;
      const dsec = this.section(Section.Data);
      if (index === 0) {
        dsec.w.byte(0);
      } else {
        dsec.w.byte(2);
        dsec.w.u32(index);
      }
      dsec.w.bytes(new Uint8Array(flag ? [0x42, 0x00, 0x0b] : [0x41, 0x00, 0x0b]));
      dsec.w.vecBytes(bytes);
      dsec.count++;
      return;
    }
    this.memoryType(c, sec.w);
    c.done();
    sec.count++;
  }

  private globalField(c: Cursor): void {
    const { imported } = this.defHead(c, 'global');
    if (imported) return;
    const sec = this.section(Section.Global);
    this.globalType(c, sec.w);
    this.constExpr(c, sec.w);
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

  /** Element expressions: `(item instr*)` or one folded instruction each. Returns the count. */
  private elemExprs(c: Cursor, w: ByteWriter): number {
    let n = 0;
    while (!c.atEnd()) {
      const e = c.expectList();
      if (headOf(e) === 'item') this.constExpr(new Cursor(e), w);
      else this.constExpr(new Cursor(wrapList(e), 0), w);
      n++;
    }
    return n;
  }

  private elemField(c: Cursor): void {
    c.takeId();
    let mode: 'passive' | 'active' | 'declare' = 'passive';
    let table = 0;
    let explicitTable = false;
    let offset: SList | null = null;
    if (c.takeKeyword('declare')) {
      mode = 'declare';
    } else {
      const tl = c.takeList('table');
      if (tl) {
        const tc = new Cursor(tl);
        table = this.m.tables.resolve(tc.next());
        tc.done();
        explicitTable = true;
      } else if (isIndexToken(c.peek()) && isList(c.peek(1))) {
        table = this.m.tables.resolve(c.next());
        explicitTable = true;
      }
      const n = c.peek();
      if (isList(n) && headOf(n) !== 'ref' && headOf(n) !== 'item') {
        offset = n;
        c.pos++;
        mode = 'active';
      } else if (explicitTable) {
        throw unexpectedAt(c);
      }
    }
    const sec = this.section(Section.Elem);
    const w = sec.w;
    sec.count++;
    // Element list: `func x*`, bare `x*` (active only), or `reftype expr*`.
    let funcs: number[] | null = null;
    let rt: RefTypeSyntax | null = null;
    if (c.takeKeyword('func')) {
      funcs = [];
    } else {
      rt = tryParseRefType(c.peek(), this.m.types);
      if (rt) c.pos++;
      else if (mode === 'active' && (c.atEnd() || isIndexToken(c.peek()))) funcs = [];
      else throw unexpectedAt(c);
    }
    if (funcs) {
      while (!c.atEnd()) funcs.push(this.m.funcs.resolve(c.next()));
      if (mode === 'active' && table === 0 && !explicitTable) {
        w.u32(0);
        this.offsetExpr(offset as SList, w);
      } else if (mode === 'active') {
        w.u32(2);
        w.u32(table);
        this.offsetExpr(offset as SList, w);
        w.byte(0x00);
      } else {
        w.u32(mode === 'passive' ? 1 : 3);
        w.byte(0x00);
      }
      w.u32(funcs.length);
      for (const f of funcs) w.u32(f);
      return;
    }
    const ref = rt as RefTypeSyntax;
    const items = new ByteWriter(32);
    const n = this.elemExprs(c, items);
    const isFuncref = ref.nullable && ref.index < 0 && ref.absCode === 0x70;
    if (mode === 'active' && table === 0 && !explicitTable && isFuncref) {
      w.u32(4);
      this.offsetExpr(offset as SList, w);
    } else if (mode === 'active') {
      w.u32(6);
      w.u32(table);
      this.offsetExpr(offset as SList, w);
      writeRefType(w, ref);
    } else {
      w.u32(mode === 'passive' ? 5 : 7);
      writeRefType(w, ref);
    }
    w.u32(n);
    w.append(items);
  }

  private dataField(c: Cursor): void {
    c.takeId();
    let mem = 0;
    let explicitMem = false;
    const ml = c.takeList('memory');
    if (ml) {
      const mc = new Cursor(ml);
      mem = this.m.memories.resolve(mc.next());
      mc.done();
      explicitMem = true;
    } else if (isIndexToken(c.peek()) && isList(c.peek(1))) {
      mem = this.m.memories.resolve(c.next());
      explicitMem = true;
    }
    const sec = this.section(Section.Data);
    const w = sec.w;
    sec.count++;
    const n = c.peek();
    if (isList(n)) {
      c.pos++;
      if (mem === 0) {
        w.u32(0);
      } else {
        w.u32(2);
        w.u32(mem);
      }
      this.offsetExpr(n, w);
    } else {
      if (explicitMem) throw unexpectedAt(c);
      w.u32(1);
    }
    const bytes = readStrings(c);
    c.done();
    w.vecBytes(bytes);
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
    const emit = (id: Section): void => {
      const s = this.sections.get(id);
      if (s === undefined) return;
      const body = new ByteWriter(s.w.length + 5);
      body.u32(s.count);
      body.append(s.w);
      out.byte(id);
      out.sized(body);
    };
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

/** All strings of a `(data ...)` list inside `(memory (data ...))`. */
function readStringsAll(c: Cursor): Uint8Array {
  const b = readStrings(c);
  c.done();
  return b;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A one-item list around `n`, so a single folded instruction reads like an instruction list. */
function wrapList(n: SList): SList {
  return new SList([n], n.line, n.col, n.start, n.end);
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

