/**
 * Decodes one instruction at a time into a reusable `Instr`, so walking a function body
 * allocates nothing except for the few instructions with list immediates (`br_table`,
 * typed `select`, `try_table`). Used by the validator and by every backend's translator.
 */
import { BinaryReader } from './binary-reader.js';
import { Imm, Op, opInfo } from './opcodes.js';
import type { HeapType, ValType } from './types.js';

/** Block type: empty (`null`), a single result value type, or a type index. */
export type BlockType = null | ValType | number;

/** One `try_table` catch clause. */
export interface CatchClause {
  /** 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref. */
  readonly kind: 0 | 1 | 2 | 3;
  /** Tag index (unused for catch_all forms). */
  readonly tag: number;
  readonly label: number;
}

/**
 * The decoded instruction. Field meaning depends on `op`'s immediate kind:
 *
 * | Imm | fields |
 * |---|---|
 * | Block | `block` (also `try`, `if`, `loop`) |
 * | Label, Local, Global, Table, Memory, Func, Type, Tag, Data, Elem | `a` = the index |
 * | Brtable | `targets` (label depths), `a` = default depth |
 * | Callindirect | `a` = type index, `b` = table index |
 * | Selectt | `types` |
 * | Trytable | `block`, `catches` |
 * | Memarg | `a` = align (log2), `b` = offset, `c` = memory index |
 * | Memlane | memarg fields plus `d` = lane |
 * | I32 | `a` = value (signed) |
 * | I64 | `i64` |
 * | F32 | `a` = raw bits (u32) |
 * | F64 | `lo`, `hi` = raw bits |
 * | V128, Shuffle | `v128` = 16 bytes (a view into the code, not a copy) |
 * | Lane | `a` = lane |
 * | Heaptype | `heap` |
 * | Field | `a` = type index, `b` = field index |
 * | Arrayfixed | `a` = type index, `b` = count |
 * | Typedata, Typeelem | `a` = type index, `b` = data/elem index |
 * | Typetype | `a` = dest type index, `b` = source type index |
 * | Brcast | `a` = label, `b` = flags (bit0: source nullable, bit1: target nullable), `heap` = source, `heap2` = target |
 * | Meminit | `a` = data index, `b` = memory index |
 * | Memcopy | `a` = dest memory, `b` = source memory |
 * | Tableinit | `a` = elem index, `b` = table index |
 * | Tablecopy | `a` = dest table, `b` = source table |
 */
export class Instr {
  op = 0;
  /** Immediate kind of `op` (from the opcode table). */
  imm: Imm = Imm.None;
  /** Offset of the opcode's first byte in the module. */
  offset = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  lo = 0;
  hi = 0;
  i64 = 0n;
  heap: HeapType = 'func';
  heap2: HeapType = 'func';
  block: BlockType = null;
  v128: Uint8Array = EMPTY;
  targets: number[] = NO_NUMBERS;
  types: ValType[] = NO_TYPES;
  catches: CatchClause[] = NO_CATCHES;
}

const EMPTY = new Uint8Array(0);
const NO_NUMBERS: number[] = [];
const NO_TYPES: ValType[] = [];
const NO_CATCHES: CatchClause[] = [];

export class CodeReader extends BinaryReader {
  /** Decodes the instruction at the cursor into `ins`, advancing past it. */
  read(ins: Instr): void {
    const start = this.pos;
    ins.offset = this.base + start;
    let op = this.u8();
    let sub = -1;
    if (op === 0xfb || op === 0xfc || op === 0xfd || op === 0xfe) {
      sub = this.u32();
      // A sub-opcode above 0xffff must not alias another prefix's opcode in (prefix << 16) | sub.
      op = sub > 0xffff ? -1 : (op << 16) | sub;
    }
    const info = op < 0 ? undefined : opInfo(op);
    if (info === undefined) {
      const name = sub >= 0 ? `${this.bytes[start].toString(16)} ${sub.toString(16)}` : op.toString(16);
      throw this.error(`illegal opcode ${name}`, start);
    }
    ins.op = op;
    const imm = info.imm;
    ins.imm = imm;
    switch (imm) {
      case Imm.None:
        return;
      case Imm.Block:
        ins.block = this.blockType();
        return;
      case Imm.Label: case Imm.Local: case Imm.Global: case Imm.Table: case Imm.Func:
      case Imm.Type: case Imm.Tag: case Imm.Data: case Imm.Elem: case Imm.Memory:
        ins.a = this.u32();
        return;
      case Imm.Brtable: {
        const n = this.u32();
        // Cap the preallocation: a hostile count must fail on "unexpected end", not exhaust memory.
        const targets: number[] = new Array(Math.min(n, this.end - this.pos));
        for (let i = 0; i < n; i++) targets[i] = this.u32();
        ins.targets = targets;
        ins.a = this.u32();
        return;
      }
      case Imm.Callindirect:
        ins.a = this.u32();
        ins.b = this.u32();
        return;
      case Imm.Selectt: {
        const n = this.u32();
        const types: ValType[] = [];
        for (let i = 0; i < n; i++) types.push(this.valType());
        ins.types = types;
        return;
      }
      case Imm.Trytable: {
        ins.block = this.blockType();
        const n = this.u32();
        const catches: CatchClause[] = [];
        for (let i = 0; i < n; i++) {
          const at = this.pos;
          const kind = this.u8();
          if (kind > 3) throw this.error('malformed catch clause', at);
          const tag = kind < 2 ? this.u32() : 0;
          catches.push({ kind: kind as 0 | 1 | 2 | 3, tag, label: this.u32() });
        }
        ins.catches = catches;
        return;
      }
      case Imm.Memarg:
        this.memarg(ins);
        return;
      case Imm.Memlane:
        this.memarg(ins);
        ins.d = this.u8();
        return;
      case Imm.I32:
        ins.a = this.s32();
        return;
      case Imm.I64:
        ins.i64 = this.s64();
        return;
      case Imm.F32:
        ins.a = this.f32bits();
        return;
      case Imm.F64:
        this.f64bits(ins);
        return;
      case Imm.V128: case Imm.Shuffle:
        ins.v128 = this.take(16);
        return;
      case Imm.Lane:
        ins.a = this.u8();
        return;
      case Imm.Heaptype:
        ins.heap = this.heapType();
        return;
      case Imm.Field: case Imm.Arrayfixed: case Imm.Typedata: case Imm.Typeelem: case Imm.Typetype:
      case Imm.Meminit: case Imm.Memcopy: case Imm.Tableinit: case Imm.Tablecopy:
        ins.a = this.u32();
        ins.b = this.u32();
        return;
      case Imm.Brcast: {
        const at = this.pos;
        ins.b = this.u8();
        if (ins.b > 3) throw this.error('malformed br_on_cast flags', at);
        ins.a = this.u32();
        ins.heap = this.heapType();
        ins.heap2 = this.heapType();
        return;
      }
    }
  }

  private memarg(ins: Instr): void {
    const at = this.pos;
    let align = this.u32();
    // Bit 6 of the alignment field announces an explicit memory index (multi-memory).
    if (align & 0x40) {
      align &= ~0x40;
      ins.c = this.u32();
    } else {
      ins.c = 0;
    }
    if (align >= 0x40) throw this.error('malformed memop flags', at);
    ins.a = align;
    ins.b = this.u64();
  }

  private blockType(): BlockType {
    const b = this.peek();
    if (b === 0x40) {
      this.pos++;
      return null;
    }
    if (b >= 0x63 && b <= 0x7f && b !== 0x65 && b !== 0x66 && b !== 0x67 && b !== 0x68) {
      return this.valType();
    }
    const at = this.pos;
    const idx = this.s33();
    if (idx < 0) throw this.error('malformed block type', at);
    return idx;
  }
}

export { Op, Imm };
