import { Imm, opByName, OpInfo } from '../../../kernel/ir/opcodes.js';
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected, unexpectedAt } from './cursor.js';
import { IndexSpace, isIndexToken, parseIndex } from './index-space.js';
import { Token, TokKind } from './lexer.js';
import { OutOfRange, parseF32Bits, parseF64Bits, parseInt, parseNat } from './literals.js';
import { ModuleContext } from './module-context.js';
import { headOf, SList, SNode } from './sexpr.js';
import { readLaneIndex, readShuffleLanes, readV128Const } from './simd-syntax.js';
import { malformed } from './text-error.js';
import { parseHeapType, parseRefType, writeHeap, writeValType } from './type-syntax.js';

/** Table entries that are binary-level variants, not text mnemonics. */
const INTERNAL_NAMES: ReadonlySet<string> = new Set(['select_t', 'ref.test_null', 'ref.cast_null']);
/** Keywords that close or split a block; never instructions on their own. */
const STRUCTURAL: ReadonlySet<string> = new Set(['end', 'else', 'catch', 'catch_all', 'delegate', 'then', 'do']);
/** Lists that belong to headers, not instruction positions (`(block (result i32) (param i32))`). */
const HEADER_LISTS: ReadonlySet<string> = new Set(['param', 'result', 'type', 'local']);

const NONE: ReadonlySet<string> = new Set();
const END: ReadonlySet<string> = new Set(['end']);
const ELSE_END: ReadonlySet<string> = new Set(['else', 'end']);
const TRY_STOPS: ReadonlySet<string> = new Set(['catch', 'catch_all', 'delegate', 'end']);
const CATCH_STOPS: ReadonlySet<string> = new Set(['catch', 'catch_all', 'end']);

const naturalAlignCache = new Map<string, number>();

/** Natural alignment in bytes of a load/store, derived from its name (`i64.load32_u` → 4). */
function naturalAlign(name: string): number {
  let a = naturalAlignCache.get(name);
  if (a !== undefined) return a;
  let m: RegExpExecArray | null;
  if (/\d+x\d+/.test(name)) a = 8; // v128.load8x8_s and friends read 64 bits
  else if ((m = /(?:load|store)(\d+)_(?:splat|zero|lane)/.exec(name))) a = Number(m[1]) / 8;
  else if ((m = /(?:load|store)(\d+)/.exec(name))) a = Number(m[1]) / 8;
  else a = name.startsWith('v128') ? 16 : name.startsWith('i64') || name.startsWith('f64') ? 8 : 4;
  naturalAlignCache.set(name, a);
  return a;
}

export function writeOpcode(w: ByteWriter, code: number): void {
  if (code > 0xff) {
    w.byte(code >>> 16);
    w.u32(code & 0xffff);
  } else {
    w.byte(code);
  }
}

function numberToken(c: Cursor): Token {
  const t = c.peek();
  if (t instanceof Token && (t.kind === TokKind.Number || t.kind === TokKind.Keyword)) {
    c.pos++;
    return t;
  }
  throw unexpectedAt(c);
}

/**
 * Encodes instruction sequences (function bodies and constant expressions), plain and folded,
 * resolving labels, locals and every module index space by name. One encoder per module;
 * scratch writers for folded immediates are pooled by nesting depth, so encoding allocates
 * nothing per instruction beyond the output bytes.
 */
export class InstructionEncoder {
  private labels: (string | null)[] = [];
  private locals: IndexSpace | null = null;
  private readonly scratch: ByteWriter[] = [];
  private depth = 0;

  constructor(private readonly m: ModuleContext) {}

  /** Encode the instructions from the cursor to its end (no trailing `end`). */
  encode(c: Cursor, w: ByteWriter, locals: IndexSpace | null): void {
    this.locals = locals;
    this.labels.length = 0;
    this.depth = 0;
    this.seq(c, w, NONE);
  }

  /** Encode instructions until a stop keyword (consumed and returned) or the end of the cursor. */
  private seq(c: Cursor, w: ByteWriter, stops: ReadonlySet<string>): Token | null {
    const items = c.items;
    while (c.pos < items.length) {
      const n = items[c.pos++];
      if (n instanceof SList) {
        this.folded(n, w);
        continue;
      }
      if (n.kind !== TokKind.Keyword) throw unexpected(n);
      if (stops.has(n.text)) return n;
      this.plain(n, c, w);
    }
    return null;
  }

  private seqTo(c: Cursor, w: ByteWriter, stops: ReadonlySet<string>): Token {
    const t = this.seq(c, w, stops);
    if (t === null) throw malformed('unexpected token', c.list);
    return t;
  }

  private endLabel(c: Cursor, label: Token | null): void {
    const id = c.takeId();
    if (id && (label === null || id.text !== label.text)) throw malformed('mismatching label', id);
  }

  private label(n: SNode): number {
    if (n instanceof Token && n.kind === TokKind.Id) {
      for (let i = this.labels.length - 1; i >= 0; i--) {
        if (this.labels[i] === n.text) return this.labels.length - 1 - i;
      }
      throw malformed(`unknown label $${n.text}`, n);
    }
    if (n instanceof Token) return parseIndex(n);
    throw unexpected(n);
  }

  private takeScratch(): ByteWriter {
    let s = this.scratch[this.depth];
    if (s === undefined) {
      s = new ByteWriter(32);
      this.scratch[this.depth] = s;
    }
    s.reset();
    this.depth++;
    return s;
  }

  /** A plain instruction whose keyword `t` was just consumed from `c`. */
  private plain(t: Token, c: Cursor, w: ByteWriter): void {
    switch (t.text) {
      case 'block':
      case 'loop': {
        const label = c.takeId();
        w.byte(t.text === 'block' ? 0x02 : 0x03);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        this.seqTo(c, w, END);
        this.endLabel(c, label);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'if': {
        const label = c.takeId();
        w.byte(0x04);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        if (this.seqTo(c, w, ELSE_END).text === 'else') {
          this.endLabel(c, label);
          w.byte(0x05);
          this.seqTo(c, w, END);
        }
        this.endLabel(c, label);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try_table': {
        const label = c.takeId();
        w.byte(0x1f);
        this.m.blockType(c, w);
        this.catchClauses(c, w);
        this.labels.push(label?.text ?? null);
        this.seqTo(c, w, END);
        this.endLabel(c, label);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try': {
        const label = c.takeId();
        w.byte(0x06);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        let term = this.seqTo(c, w, TRY_STOPS);
        for (;;) {
          if (term.text === 'catch') {
            // `catch $label? tag`: an id is the block label only when a tag index follows it.
            if (isIndexToken(c.peek(1))) this.endLabel(c, label);
            w.byte(0x07);
            w.u32(this.m.tags.resolve(c.next()));
            term = this.seqTo(c, w, CATCH_STOPS);
          } else if (term.text === 'catch_all') {
            this.endLabel(c, label);
            w.byte(0x19);
            term = this.seqTo(c, w, END);
          } else if (term.text === 'delegate') {
            // The delegate target is counted from outside the try block.
            this.labels.pop();
            w.byte(0x18);
            w.u32(this.label(c.next()));
            return;
          } else {
            this.endLabel(c, label);
            this.labels.pop();
            w.byte(0x0b);
            return;
          }
        }
      }
      default:
        this.op(t, c, w);
    }
  }

  /** A folded instruction `(op ...)`: operands first, then the operator. */
  private folded(l: SList, w: ByteWriter): void {
    const head = l.items[0];
    if (!(head instanceof Token) || head.kind !== TokKind.Keyword) throw unexpected(head ?? l);
    const c = new Cursor(l);
    switch (head.text) {
      case 'block':
      case 'loop': {
        const label = c.takeId();
        w.byte(head.text === 'block' ? 0x02 : 0x03);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        this.seq(c, w, NONE);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'if': {
        const label = c.takeId();
        const bt = this.takeScratch();
        this.m.blockType(c, bt);
        // Condition operands come before `(then ...)` in text but before `if` in binary.
        while (!c.atEnd() && !c.peekList('then')) {
          const n = c.next();
          if (!(n instanceof SList)) throw unexpected(n);
          this.folded(n, w);
        }
        w.byte(0x04);
        w.append(bt);
        this.depth--;
        this.labels.push(label?.text ?? null);
        const then = c.takeList('then');
        if (!then) throw unexpectedAt(c);
        this.seq(new Cursor(then), w, NONE);
        const els = c.takeList('else');
        if (els) {
          w.byte(0x05);
          this.seq(new Cursor(els), w, NONE);
        }
        c.done();
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try_table': {
        const label = c.takeId();
        w.byte(0x1f);
        this.m.blockType(c, w);
        this.catchClauses(c, w);
        this.labels.push(label?.text ?? null);
        this.seq(c, w, NONE);
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      case 'try': {
        const label = c.takeId();
        w.byte(0x06);
        this.m.blockType(c, w);
        this.labels.push(label?.text ?? null);
        const body = c.takeList('do');
        if (body) this.seq(new Cursor(body), w, NONE);
        for (let k = c.takeList('catch'); k; k = c.takeList('catch')) {
          const kc = new Cursor(k);
          w.byte(0x07);
          w.u32(this.m.tags.resolve(kc.next()));
          this.seq(kc, w, NONE);
        }
        const all = c.takeList('catch_all');
        if (all) {
          w.byte(0x19);
          this.seq(new Cursor(all), w, NONE);
        }
        const del = all || c.pos > 0 && headOf(c.items[c.pos - 1]) === 'catch' ? null : c.takeList('delegate');
        if (del) {
          this.labels.pop();
          const dc = new Cursor(del);
          w.byte(0x18);
          w.u32(this.label(dc.next()));
          dc.done();
          c.done();
          return;
        }
        c.done();
        this.labels.pop();
        w.byte(0x0b);
        return;
      }
      default: {
        if (HEADER_LISTS.has(head.text)) throw malformed('unexpected token', l);
        const imm = this.takeScratch();
        this.op(head, c, imm);
        while (!c.atEnd()) {
          const n = c.next();
          if (!(n instanceof SList)) throw unexpected(n);
          this.folded(n, w);
        }
        w.append(imm);
        this.depth--;
      }
    }
  }

  /** `(catch x l)`, `(catch_ref x l)`, `(catch_all l)`, `(catch_all_ref l)` of `try_table`. */
  private catchClauses(c: Cursor, w: ByteWriter): void {
    let n = 0;
    const body = this.takeScratch();
    for (;;) {
      const h = c.peekHead();
      if (h !== 'catch' && h !== 'catch_ref' && h !== 'catch_all' && h !== 'catch_all_ref') break;
      const k = new Cursor(c.expectList());
      if (h === 'catch' || h === 'catch_ref') {
        body.byte(h === 'catch' ? 0x00 : 0x01);
        body.u32(this.m.tags.resolve(k.next()));
      } else {
        body.byte(h === 'catch_all' ? 0x02 : 0x03);
      }
      body.u32(this.label(k.next()));
      k.done();
      n++;
    }
    w.u32(n);
    w.append(body);
    this.depth--;
  }

  private index(space: IndexSpace, c: Cursor): number {
    const n = c.peek();
    if (!isIndexToken(n)) throw unexpectedAt(c);
    c.pos++;
    return space.resolve(n);
  }

  private optIndex(space: IndexSpace, c: Cursor): number {
    return isIndexToken(c.peek()) ? this.index(space, c) : 0;
  }

  /** Field index of struct type `typeIndex`: a number or a field `$name`. */
  private field(typeIndex: number, c: Cursor): number {
    const n = c.peek();
    if (n instanceof Token && n.kind === TokKind.Id) {
      c.pos++;
      const f = this.m.fieldNames[typeIndex]?.names.get(n.text);
      if (f === undefined) throw malformed(`unknown field $${n.text}`, n);
      return f;
    }
    if (n instanceof Token && n.kind === TokKind.Number) {
      c.pos++;
      return parseIndex(n);
    }
    throw unexpectedAt(c);
  }

  private memarg(name: string, c: Cursor, w: ByteWriter): void {
    const mem = this.optIndex(this.m.memories, c);
    let offset = 0n;
    let align = 31 - Math.clz32(naturalAlign(name)); // log2
    let t = c.peekToken(TokKind.Keyword);
    if (t && t.text.startsWith('offset=')) {
      const v = parseNat(t.text.slice(7));
      if (v === null) throw malformed('unknown operator', t);
      if (v >= 1n << 64n) throw malformed('constant out of range', t);
      offset = v;
      c.pos++;
      t = c.peekToken(TokKind.Keyword);
    }
    if (t && t.text.startsWith('align=')) {
      const v = parseNat(t.text.slice(6));
      if (v === null) throw malformed('unknown operator', t);
      if (v === 0n || (v & (v - 1n)) !== 0n || v >= 1n << 64n) throw malformed('alignment must be a power of two', t);
      align = v.toString(2).length - 1;
      c.pos++;
    }
    const log = align;
    if (mem !== 0) {
      w.u32(log | 0x40);
      w.u32(mem);
    } else {
      w.u32(log);
    }
    w.u64(offset);
  }

  /** An operator with its immediates, read from `c` into `w`. */
  private op(t: Token, c: Cursor, w: ByteWriter): void {
    const info: OpInfo | undefined = opByName(t.text);
    if (info === undefined || INTERNAL_NAMES.has(t.text) || STRUCTURAL.has(t.text)) {
      throw malformed(STRUCTURAL.has(t.text) ? 'unexpected token' : `unknown operator ${t.text}`, t);
    }
    const m = this.m;
    switch (info.imm) {
      case Imm.None:
        if (info.code === 0x1b && c.peekList('result')) {
          // `select (result t*)` is the typed select.
          const types: Uint8Array[] = [];
          for (let l = c.takeList('result'); l; l = c.takeList('result')) {
            const lc = new Cursor(l);
            while (!lc.atEnd()) {
              const tw = new ByteWriter(4);
              writeValType(tw, lc.next(), m.types, l);
              types.push(tw.finish());
            }
          }
          w.byte(0x1c);
          w.u32(types.length);
          for (const ty of types) w.bytes(ty);
          return;
        }
        writeOpcode(w, info.code);
        return;
      case Imm.Label:
        writeOpcode(w, info.code);
        w.u32(this.label(c.next()));
        return;
      case Imm.Brtable: {
        const targets: number[] = [];
        while (isIndexToken(c.peek())) targets.push(this.label(c.next()));
        if (targets.length === 0) throw unexpectedAt(c);
        writeOpcode(w, info.code);
        w.u32(targets.length - 1);
        for (const x of targets) w.u32(x);
        return;
      }
      case Imm.Tag:
        writeOpcode(w, info.code);
        w.u32(this.index(m.tags, c));
        return;
      case Imm.Func:
        writeOpcode(w, info.code);
        w.u32(this.index(m.funcs, c));
        return;
      case Imm.Local: {
        writeOpcode(w, info.code);
        const n = c.peek();
        if (!isIndexToken(n)) throw unexpectedAt(c);
        c.pos++;
        if (n.kind === TokKind.Id) {
          const i = this.locals?.names.get(n.text);
          if (i === undefined) throw malformed(`unknown local $${n.text}`, n);
          w.u32(i);
        } else {
          w.u32(parseIndex(n));
        }
        return;
      }
      case Imm.Global:
        writeOpcode(w, info.code);
        w.u32(this.index(m.globals, c));
        return;
      case Imm.Table:
        writeOpcode(w, info.code);
        w.u32(this.optIndex(m.tables, c));
        return;
      case Imm.Memory:
        writeOpcode(w, info.code);
        w.u32(this.optIndex(m.memories, c));
        return;
      case Imm.Memarg:
        writeOpcode(w, info.code);
        this.memarg(t.text, c, w);
        return;
      case Imm.Memlane: {
        writeOpcode(w, info.code);
        // `v128.load8_lane 1 2`: with two numbers the first is the memory index.
        const n0 = c.peek();
        const n1 = c.peek(1);
        const laneFirst = n0 instanceof Token && n0.kind === TokKind.Number &&
          !(n1 instanceof Token && (n1.kind === TokKind.Number || n1.text.startsWith('offset=') || n1.text.startsWith('align=')));
        if (laneFirst) {
          this.memarg(t.text, new Cursor(c.list, c.items.length), w);
        } else {
          this.memarg(t.text, c, w);
        }
        w.byte(readLaneIndex(c));
        return;
      }
      case Imm.Callindirect: {
        const table = this.optIndex(m.tables, c);
        const use = m.typeUse(c, false);
        writeOpcode(w, info.code);
        w.u32(use.index);
        w.u32(table);
        return;
      }
      case Imm.Type:
        writeOpcode(w, info.code);
        w.u32(this.index(m.types, c));
        return;
      case Imm.Field: {
        writeOpcode(w, info.code);
        const ty = this.index(m.types, c);
        w.u32(ty);
        w.u32(this.field(ty, c));
        return;
      }
      case Imm.Arrayfixed: {
        writeOpcode(w, info.code);
        w.u32(this.index(m.types, c));
        const n = c.next();
        if (!(n instanceof Token)) throw unexpected(n);
        w.u32(parseIndex(n));
        return;
      }
      case Imm.Typedata:
        writeOpcode(w, info.code);
        w.u32(this.index(m.types, c));
        w.u32(this.index(m.datas, c));
        m.usesDataCount = true;
        return;
      case Imm.Typeelem:
        writeOpcode(w, info.code);
        w.u32(this.index(m.types, c));
        w.u32(this.index(m.elems, c));
        return;
      case Imm.Typetype:
        writeOpcode(w, info.code);
        w.u32(this.index(m.types, c));
        w.u32(this.index(m.types, c));
        return;
      case Imm.Heaptype: {
        if (info.code === 0xd0) {
          writeOpcode(w, info.code);
          const h = parseHeapType(c.next(), m.types);
          writeHeap(w, { nullable: true, absCode: h.absCode, index: h.index });
          return;
        }
        // ref.test / ref.cast take a reference type; `null` selects the nullable opcode.
        const r = parseRefType(c.peek(), m.types, c.list);
        c.pos++;
        writeOpcode(w, r.nullable ? info.code + 1 : info.code);
        writeHeap(w, r);
        return;
      }
      case Imm.Brcast: {
        const l = this.label(c.next());
        const r1 = parseRefType(c.peek(), m.types, c.list);
        c.pos++;
        const r2 = parseRefType(c.peek(), m.types, c.list);
        c.pos++;
        writeOpcode(w, info.code);
        w.byte((r1.nullable ? 1 : 0) | (r2.nullable ? 2 : 0));
        w.u32(l);
        writeHeap(w, r1);
        writeHeap(w, r2);
        return;
      }
      case Imm.Meminit: {
        // `memory.init mem? data`: with two indices the first is the memory.
        const two = isIndexToken(c.peek()) && isIndexToken(c.peek(1));
        const mem = two ? this.index(m.memories, c) : 0;
        const data = this.index(m.datas, c);
        writeOpcode(w, info.code);
        w.u32(data);
        w.u32(mem);
        m.usesDataCount = true;
        return;
      }
      case Imm.Data:
        writeOpcode(w, info.code);
        w.u32(this.index(m.datas, c));
        m.usesDataCount = true;
        return;
      case Imm.Memcopy: {
        const dst = this.optIndex(m.memories, c);
        const src = isIndexToken(c.peek()) ? this.index(m.memories, c) : dst === 0 ? 0 : dst;
        writeOpcode(w, info.code);
        w.u32(dst);
        w.u32(src);
        return;
      }
      case Imm.Tableinit: {
        const two = isIndexToken(c.peek()) && isIndexToken(c.peek(1));
        const table = two ? this.index(m.tables, c) : 0;
        const elem = this.index(m.elems, c);
        writeOpcode(w, info.code);
        w.u32(elem);
        w.u32(table);
        return;
      }
      case Imm.Elem:
        writeOpcode(w, info.code);
        w.u32(this.index(m.elems, c));
        return;
      case Imm.Tablecopy: {
        const dst = this.optIndex(m.tables, c);
        const src = isIndexToken(c.peek()) ? this.index(m.tables, c) : dst;
        writeOpcode(w, info.code);
        w.u32(dst);
        w.u32(src);
        return;
      }
      case Imm.I32: {
        const n = numberToken(c);
        writeOpcode(w, info.code);
        w.s32(Number(this.intLiteral(n, 32)));
        return;
      }
      case Imm.I64: {
        const n = numberToken(c);
        writeOpcode(w, info.code);
        w.s64(this.intLiteral(n, 64));
        return;
      }
      case Imm.F32: {
        const n = numberToken(c);
        writeOpcode(w, info.code);
        w.u32le(this.floatLiteral(n, 32) as number);
        return;
      }
      case Imm.F64: {
        const n = numberToken(c);
        writeOpcode(w, info.code);
        w.u64le(this.floatLiteral(n, 64) as bigint);
        return;
      }
      case Imm.V128:
        writeOpcode(w, info.code);
        w.bytes(readV128Const(c));
        return;
      case Imm.Shuffle:
        writeOpcode(w, info.code);
        w.bytes(readShuffleLanes(c));
        return;
      case Imm.Lane:
        writeOpcode(w, info.code);
        w.byte(readLaneIndex(c));
        return;
      case Imm.Block:
      case Imm.Trytable:
      case Imm.Selectt:
        break;
    }
    throw malformed(`unknown operator ${t.text}`, t);
  }

  private intLiteral(t: Token, bits: 32 | 64): bigint {
    try {
      const v = t.kind === TokKind.Number ? parseInt(t.text, bits) : null;
      if (v === null) throw unexpected(t);
      return v;
    } catch (e) {
      if (e instanceof OutOfRange) throw malformed('constant out of range', t);
      throw e;
    }
  }

  private floatLiteral(t: Token, bits: 32 | 64): number | bigint {
    try {
      const v = bits === 32 ? parseF32Bits(t.text) : parseF64Bits(t.text);
      if (v === null) throw unexpected(t);
      return v;
    } catch (e) {
      if (e instanceof OutOfRange) throw malformed('constant out of range', t);
      throw e;
    }
  }
}
