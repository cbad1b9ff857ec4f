/**
 * One operator with its immediates (everything that is not structured control): the opcode
 * table lookup by name, then the immediates its `Imm` kind calls for: indices resolved in the
 * module's index spaces, labels and locals through the enclosing `InstructionEncoder`, memory
 * arguments, numeric and SIMD literals.
 */
import { Imm, opByName, OpInfo } from '../../../kernel/ir/opcodes.js';
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected, unexpectedAt } from './cursor.js';
import { IndexSpace, isIndexToken, parseIndex } from './index-space.js';
import { Token, TokKind } from './lexer.js';
import { OutOfRange, parseF32Bits, parseF64Bits, parseInt, parseNat } from './literals.js';
import { ModuleContext } from './module-context.js';
import { SNode } from './sexpr.js';
import { readLaneIndex, readShuffleLanes, readV128Const } from './simd-syntax.js';
import { malformed } from './text-error.js';
import { parseHeapType, parseRefType, writeHeap, writeValType } from './type-syntax.js';

/** Table entries that are binary-level variants, not text mnemonics. */
const INTERNAL_NAMES: ReadonlySet<string> = new Set(['select_t', 'ref.test_null', 'ref.cast_null']);
/** Keywords that close or split a block; never instructions on their own. */
const STRUCTURAL: ReadonlySet<string> = new Set(['end', 'else', 'catch', 'catch_all', 'delegate', 'then', 'do']);

/** What an operator's immediates are resolved against: the module, and the enclosing function's labels and locals. */
export interface OperatorScope {
  readonly m: ModuleContext;
  /** The function's locals (null in constant expressions). */
  readonly locals: IndexSpace | null;
  /** A label reference (`$name` or depth) as a relative depth. */
  label(n: SNode): number;
}

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

function index(space: IndexSpace, c: Cursor): number {
  const n = c.peek();
  if (!isIndexToken(n)) throw unexpectedAt(c);
  c.pos++;
  return space.resolve(n);
}

function optIndex(space: IndexSpace, c: Cursor): number {
  return isIndexToken(c.peek()) ? index(space, c) : 0;
}

/** Field index of struct type `typeIndex`: a number or a field `$name`. */
function field(m: ModuleContext, typeIndex: number, c: Cursor): number {
  const n = c.peek();
  if (n instanceof Token && n.kind === TokKind.Id) {
    c.pos++;
    const f = m.fieldNames[typeIndex]?.names.get(n.text);
    if (f === undefined) throw malformed(`unknown field $${n.text}`, n);
    return f;
  }
  if (n instanceof Token && n.kind === TokKind.Number) {
    c.pos++;
    return parseIndex(n);
  }
  throw unexpectedAt(c);
}

function memarg(m: ModuleContext, name: string, c: Cursor, w: ByteWriter): void {
  const mem = optIndex(m.memories, c);
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
export function encodeOperator(s: OperatorScope, t: Token, c: Cursor, w: ByteWriter): void {
  const info: OpInfo | undefined = opByName(t.text);
  if (info === undefined || INTERNAL_NAMES.has(t.text) || STRUCTURAL.has(t.text)) {
    throw malformed(STRUCTURAL.has(t.text) ? 'unexpected token' : `unknown operator ${t.text}`, t);
  }
  const m = s.m;
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
      w.u32(s.label(c.next()));
      return;
    case Imm.Brtable: {
      const targets: number[] = [];
      while (isIndexToken(c.peek())) targets.push(s.label(c.next()));
      if (targets.length === 0) throw unexpectedAt(c);
      writeOpcode(w, info.code);
      w.u32(targets.length - 1);
      for (const x of targets) w.u32(x);
      return;
    }
    case Imm.Tag:
      writeOpcode(w, info.code);
      w.u32(index(m.tags, c));
      return;
    case Imm.Func:
      writeOpcode(w, info.code);
      w.u32(index(m.funcs, c));
      return;
    case Imm.Local: {
      writeOpcode(w, info.code);
      const n = c.peek();
      if (!isIndexToken(n)) throw unexpectedAt(c);
      c.pos++;
      if (n.kind === TokKind.Id) {
        const i = s.locals?.names.get(n.text);
        if (i === undefined) throw malformed(`unknown local $${n.text}`, n);
        w.u32(i);
      } else {
        w.u32(parseIndex(n));
      }
      return;
    }
    case Imm.Global:
      writeOpcode(w, info.code);
      w.u32(index(m.globals, c));
      return;
    case Imm.Table:
      writeOpcode(w, info.code);
      w.u32(optIndex(m.tables, c));
      return;
    case Imm.Memory:
      writeOpcode(w, info.code);
      w.u32(optIndex(m.memories, c));
      return;
    case Imm.Memarg:
      writeOpcode(w, info.code);
      memarg(m, t.text, c, w);
      return;
    case Imm.Memlane: {
      writeOpcode(w, info.code);
      // `v128.load8_lane 1 2`: with two numbers the first is the memory index.
      const n0 = c.peek();
      const n1 = c.peek(1);
      const laneFirst = n0 instanceof Token && n0.kind === TokKind.Number &&
        !(n1 instanceof Token && (n1.kind === TokKind.Number || n1.text.startsWith('offset=') || n1.text.startsWith('align=')));
      if (laneFirst) {
        memarg(m, t.text, new Cursor(c.list, c.items.length), w);
      } else {
        memarg(m, t.text, c, w);
      }
      w.byte(readLaneIndex(c));
      return;
    }
    case Imm.Callindirect: {
      const table = optIndex(m.tables, c);
      const use = m.typeUse(c, false);
      writeOpcode(w, info.code);
      w.u32(use.index);
      w.u32(table);
      return;
    }
    case Imm.Type:
      writeOpcode(w, info.code);
      w.u32(index(m.types, c));
      return;
    case Imm.Field: {
      writeOpcode(w, info.code);
      const ty = index(m.types, c);
      w.u32(ty);
      w.u32(field(m, ty, c));
      return;
    }
    case Imm.Arrayfixed: {
      writeOpcode(w, info.code);
      w.u32(index(m.types, c));
      const n = c.next();
      if (!(n instanceof Token)) throw unexpected(n);
      w.u32(parseIndex(n));
      return;
    }
    case Imm.Typedata:
      writeOpcode(w, info.code);
      w.u32(index(m.types, c));
      w.u32(index(m.datas, c));
      m.usesDataCount = true;
      return;
    case Imm.Typeelem:
      writeOpcode(w, info.code);
      w.u32(index(m.types, c));
      w.u32(index(m.elems, c));
      return;
    case Imm.Typetype:
      writeOpcode(w, info.code);
      w.u32(index(m.types, c));
      w.u32(index(m.types, c));
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
      const l = s.label(c.next());
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
      const mem = two ? index(m.memories, c) : 0;
      const data = index(m.datas, c);
      writeOpcode(w, info.code);
      w.u32(data);
      w.u32(mem);
      m.usesDataCount = true;
      return;
    }
    case Imm.Data:
      writeOpcode(w, info.code);
      w.u32(index(m.datas, c));
      m.usesDataCount = true;
      return;
    case Imm.Memcopy: {
      const dst = optIndex(m.memories, c);
      const src = isIndexToken(c.peek()) ? index(m.memories, c) : dst === 0 ? 0 : dst;
      writeOpcode(w, info.code);
      w.u32(dst);
      w.u32(src);
      return;
    }
    case Imm.Tableinit: {
      const two = isIndexToken(c.peek()) && isIndexToken(c.peek(1));
      const table = two ? index(m.tables, c) : 0;
      const elem = index(m.elems, c);
      writeOpcode(w, info.code);
      w.u32(elem);
      w.u32(table);
      return;
    }
    case Imm.Elem:
      writeOpcode(w, info.code);
      w.u32(index(m.elems, c));
      return;
    case Imm.Tablecopy: {
      const dst = optIndex(m.tables, c);
      const src = isIndexToken(c.peek()) ? index(m.tables, c) : dst;
      writeOpcode(w, info.code);
      w.u32(dst);
      w.u32(src);
      return;
    }
    case Imm.I32: {
      const n = numberToken(c);
      writeOpcode(w, info.code);
      w.s32(Number(intLiteral(n, 32)));
      return;
    }
    case Imm.I64: {
      const n = numberToken(c);
      writeOpcode(w, info.code);
      w.s64(intLiteral(n, 64));
      return;
    }
    case Imm.F32: {
      const n = numberToken(c);
      writeOpcode(w, info.code);
      w.u32le(floatLiteral(n, 32) as number);
      return;
    }
    case Imm.F64: {
      const n = numberToken(c);
      writeOpcode(w, info.code);
      w.u64le(floatLiteral(n, 64) as bigint);
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

function intLiteral(t: Token, bits: 32 | 64): bigint {
  try {
    const v = t.kind === TokKind.Number ? parseInt(t.text, bits) : null;
    if (v === null) throw unexpected(t);
    return v;
  } catch (e) {
    if (e instanceof OutOfRange) throw malformed('constant out of range', t);
    throw e;
  }
}

function floatLiteral(t: Token, bits: 32 | 64): number | bigint {
  try {
    const v = bits === 32 ? parseF32Bits(t.text) : parseF64Bits(t.text);
    if (v === null) throw unexpected(t);
    return v;
  } catch (e) {
    if (e instanceof OutOfRange) throw malformed('constant out of range', t);
    throw e;
  }
}
