/**
 * Element and data segments: the `(elem ...)` and `(data ...)` fields in all their forms
 * (active with a table/memory use and offset, passive, declarative; function-index lists and
 * expression lists), and the segments given inline in `(table ... (elem ...))` and
 * `(memory (data ...))`, which also define the table's or memory's limits.
 */
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpectedAt } from './cursor.js';
import { isIndexToken } from './index-space.js';
import { InstructionEncoder } from './instruction-encoder.js';
import { ModuleContext } from './module-context.js';
import { addressFlag } from './extern-types.js';
import { ModuleSections, Section } from './module-sections.js';
import { headOf, isList, SList } from './sexpr.js';
import { parseRefType, RefTypeSyntax, tryParseRefType, writeRefType } from './type-syntax.js';

/** Concatenate the bytes of consecutive string tokens (data strings). */
export function readStrings(c: Cursor): Uint8Array {
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

/** A one-item list around `n`, so a single folded instruction reads like an instruction list. */
function wrapList(n: SList): SList {
  return new SList([n], n.line, n.col, n.start, n.end);
}

/** True for `funcref`, i.e. `(ref null func)`. */
function isFuncref(rt: RefTypeSyntax): boolean {
  return rt.nullable && rt.index < 0 && rt.absCode === 0x70;
}

/** Writes element and data segments (and inline-segment tables and memories) into the module's sections. */
export class SegmentEncoder {
  constructor(
    private readonly m: ModuleContext,
    private readonly code: InstructionEncoder,
    private readonly sections: ModuleSections,
  ) {}

  /** `(offset instr*)` or one folded instruction. */
  private offsetExpr(n: SList, w: ByteWriter): void {
    if (headOf(n) === 'offset') {
      this.code.constExpr(new Cursor(n), w);
      return;
    }
    this.code.constExpr(new Cursor(wrapList(n), 0), w);
  }

  /** Element expressions: `(item instr*)` or one folded instruction each. Returns the count. */
  private elemExprs(c: Cursor, w: ByteWriter): number {
    let n = 0;
    while (!c.atEnd()) {
      const e = c.expectList();
      if (headOf(e) === 'item') this.code.constExpr(new Cursor(e), w);
      else this.code.constExpr(new Cursor(wrapList(e), 0), w);
      n++;
    }
    return n;
  }

  /**
   * `(table id? addrtype? reftype (elem ...))` with the cursor after the id, exports and
   * import: the table entry, with limits from the element count, plus an active segment at 0.
   */
  inlineElemTable(c: Cursor, index: number): void {
    const flag = addressFlag(c);
    const rt = parseRefType(c.peek(), this.m.types, c.list);
    c.pos++;
    const el = c.expectList();
    c.done();
    const ec = new Cursor(el);
    const seg = new ByteWriter(32);
    const offset = flag ? [0x42, 0x00, 0x0b] : [0x41, 0x00, 0x0b];
    const funcref = isFuncref(rt);
    const indices = isIndexToken(ec.peek()) || ec.atEnd();
    let n: number;
    if (indices && !rt.nullable && rt.index < 0 && rt.absCode === 0x70) {
      // Function indices into a `(ref func)` table: the compact elemkind form.
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
      const plain = index === 0 && funcref;
      seg.u32(plain ? 4 : 6);
      if (!plain) seg.u32(index);
      for (const b of offset) seg.byte(b);
      if (!plain) writeRefType(seg, rt);
      seg.u32(n);
      seg.append(items);
    }
    const esec = this.sections.get(Section.Elem);
    esec.w.append(seg);
    esec.count++;
    const sec = this.sections.get(Section.Table);
    writeRefType(sec.w, rt);
    sec.w.byte(flag | 1);
    sec.w.u64(BigInt(n));
    sec.w.u64(BigInt(n));
    sec.count++;
  }

  /**
   * `(memory id? addrtype? (data ...))` with the cursor after the id, exports and import: the
   * memory entry, with limits from the data length in pages, plus an active segment at 0.
   */
  inlineDataMemory(c: Cursor, index: number): void {
    const sec = this.sections.get(Section.Memory);
    const flag = addressFlag(c);
    const dl = c.expectList();
    c.done();
    const dc = new Cursor(dl);
    const bytes = readStrings(dc);
    dc.done();
    const pages = BigInt(Math.ceil(bytes.length / 65536));
    sec.w.byte(flag | 1);
    sec.w.u64(pages);
    sec.w.u64(pages);
    sec.count++;
    const dsec = this.sections.get(Section.Data);
    if (index === 0) {
      dsec.w.byte(0);
    } else {
      dsec.w.byte(2);
      dsec.w.u32(index);
    }
    dsec.w.bytes(new Uint8Array(flag ? [0x42, 0x00, 0x0b] : [0x41, 0x00, 0x0b]));
    dsec.w.vecBytes(bytes);
    dsec.count++;
  }

  /** An `(elem ...)` field, the cursor after its head. */
  elemField(c: Cursor): void {
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
    const sec = this.sections.get(Section.Elem);
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
    if (mode === 'active' && table === 0 && !explicitTable && isFuncref(ref)) {
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

  /** A `(data ...)` field, the cursor after its head. */
  dataField(c: Cursor): void {
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
    const sec = this.sections.get(Section.Data);
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
}
