/**
 * Helpers for the instructions kept out of the hot switch: memory accesses on memory64 or a
 * memory other than 0, memory.grow, bulk memory, table operations, globals of non-i32 types.
 * Operand layouts match `translate-ext.ts` (`[Ext, length, wasmOp, operands...]`).
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { GlobalInstance } from '../../kernel/runtime/global-instance.js';
import type { MemoryInstance } from '../../kernel/runtime/memory-instance.js';
import { GK } from './internal-ops.js';
import type { InterpInstance } from './instance.js';
import type { Machine } from './machine.js';
import { f32FromBits, f32ToBits } from './numeric.js';
import { execGc } from './gc-ops.js';

const TWO32 = 4294967296;

/** Reads an address/length operand: i32 (unsigned) or i64 (exact up to 2^53, larger values stay > 2^53). */
export function addr(I: Int32Array, slot: number, is64: boolean): number {
  const lo = I[slot << 1] >>> 0;
  return is64 ? (I[(slot << 1) + 1] >>> 0) * TWO32 + lo : lo;
}

function oob(): never {
  throw new Trap(TrapCode.MemoryOutOfBounds);
}

function tableOob(): never {
  throw new Trap(TrapCode.TableOutOfBounds);
}

function mem64(m: MemoryInstance): boolean {
  return m.type.address === 'i64';
}

function view(mem: MemoryInstance): DataView {
  return new DataView(mem.buffer, 0, mem.byteLength);
}

function bytes(mem: MemoryInstance): Uint8Array {
  return new Uint8Array(mem.buffer, 0, mem.byteLength);
}

/** `[MemSlow, wasmOp, a, b, offLo, offHi, mem]`: load (a = dst, b = addr) or store (a = addr, b = value). */
export function execMemSlow(m: Machine, inst: InterpInstance, code: Int32Array, pc: number, fp: number): void {
  const op = code[pc + 1];
  const mem = inst.memories[code[pc + 6]];
  const off = (code[pc + 5] >>> 0) * TWO32 + (code[pc + 4] >>> 0);
  const I = m.I;
  const isLoad = op <= Op.I64Load32U;
  const base = addr(I, fp + (isLoad ? code[pc + 3] : code[pc + 2]), mem64(mem));
  const size = accessSize(op);
  const ea = base + off;
  if (ea + size > mem.byteLength) oob();
  const dv = view(mem);
  if (isLoad) {
    const d = (fp + code[pc + 2]) << 1;
    let lo = 0;
    let hi = 0;
    switch (op) {
      case Op.I32Load: case Op.F32Load: lo = dv.getInt32(ea, true); break;
      case Op.I64Load: case Op.F64Load: lo = dv.getInt32(ea, true); hi = dv.getInt32(ea + 4, true); break;
      case Op.I32Load8S: lo = dv.getInt8(ea); break;
      case Op.I32Load8U: lo = dv.getUint8(ea); break;
      case Op.I32Load16S: lo = dv.getInt16(ea, true); break;
      case Op.I32Load16U: lo = dv.getUint16(ea, true); break;
      case Op.I64Load8S: lo = dv.getInt8(ea); hi = lo >> 31; break;
      case Op.I64Load8U: lo = dv.getUint8(ea); break;
      case Op.I64Load16S: lo = dv.getInt16(ea, true); hi = lo >> 31; break;
      case Op.I64Load16U: lo = dv.getUint16(ea, true); break;
      case Op.I64Load32S: lo = dv.getInt32(ea, true); hi = lo >> 31; break;
      case Op.I64Load32U: lo = dv.getInt32(ea, true); break;
    }
    I[d] = lo;
    I[d + 1] = hi;
    return;
  }
  const s = (fp + code[pc + 3]) << 1;
  switch (op) {
    case Op.I32Store: case Op.F32Store: case Op.I64Store32: dv.setInt32(ea, I[s], true); break;
    case Op.I64Store: case Op.F64Store: dv.setInt32(ea, I[s], true); dv.setInt32(ea + 4, I[s + 1], true); break;
    case Op.I32Store8: case Op.I64Store8: dv.setInt8(ea, I[s]); break;
    case Op.I32Store16: case Op.I64Store16: dv.setInt16(ea, I[s], true); break;
  }
}

export function accessSize(op: number): number {
  switch (op) {
    case Op.I64Load: case Op.F64Load: case Op.I64Store: case Op.F64Store: return 8;
    case Op.I32Load8S: case Op.I32Load8U: case Op.I64Load8S: case Op.I64Load8U: case Op.I32Store8: case Op.I64Store8: return 1;
    case Op.I32Load16S: case Op.I32Load16U: case Op.I64Load16S: case Op.I64Load16U: case Op.I32Store16: case Op.I64Store16: return 2;
    default: return 4;
  }
}

export function memoryGrow(m: Machine, inst: InterpInstance, dst: number, deltaSlot: number, memIdx: number): void {
  const mem = inst.memories[memIdx];
  const is64 = mem64(mem);
  const delta = addr(m.I, deltaSlot, is64);
  const old = mem.pages;
  const r = delta > mem.maxPages ? -1 : mem.grow(delta);
  if (r < 0 && inst.store.trapOnGrowFailure && delta > 0) throw new Trap(TrapCode.AllocationTooLarge, 'memory.grow refused by store limits');
  const I = m.I;
  I[dst << 1] = r;
  I[(dst << 1) + 1] = is64 && r < 0 ? -1 : 0;
  const ev = inst.store.events;
  if (r >= 0 && delta > 0 && ev.observed) ev.emit({ type: 'memory.grown', storeId: inst.store.id, oldPages: old, newPages: old + delta });
}

export function globalGet(m: Machine, s: number, g: GlobalInstance, kind: number): void {
  const I = m.I;
  const v = g.value;
  switch (kind) {
    case GK.I32: I[s << 1] = v as number; return;
    case GK.I64: {
      const b = v as bigint;
      I[s << 1] = Number(BigInt.asIntN(32, b));
      I[(s << 1) + 1] = Number(BigInt.asIntN(32, b >> 32n));
      return;
    }
    case GK.F32: I[s << 1] = f32ToBits(v as number); return;
    case GK.F64: m.F[s] = v as number; return;
    case GK.V128: new Uint8Array(I.buffer, s * 8, 16).set(v as Uint8Array); return;
    default: m.R[s] = v;
  }
}

export function globalSet(m: Machine, s: number, g: GlobalInstance, kind: number): void {
  const I = m.I;
  switch (kind) {
    case GK.I32: g.value = I[s << 1]; return;
    case GK.I64: g.value = (BigInt(I[(s << 1) + 1]) << 32n) | BigInt(I[s << 1] >>> 0); return;
    case GK.F32: g.value = f32FromBits(I[s << 1]); return;
    case GK.F64: g.value = m.F[s]; return;
    case GK.V128: g.value = new Uint8Array(I.buffer.slice(s * 8, s * 8 + 16)); return;
    default: g.value = m.R[s];
  }
}

/** `[Ext, length, wasmOp, operands...]` */
export function execExt(m: Machine, inst: InterpInstance, code: Int32Array, pc: number, fp: number): void {
  const op = code[pc + 2];
  const o = pc + 3;
  const I = m.I;
  switch (op) {
    case Op.MemoryInit: {
      const mem = inst.memories[code[o + 4]];
      const is64 = mem64(mem);
      const d = addr(I, fp + code[o], is64), s = addr(I, fp + code[o + 1], false), n = addr(I, fp + code[o + 2], false);
      const seg = inst.datas[code[o + 3]];
      const segLen = seg === null ? 0 : seg.length;
      if (s + n > segLen || d + n > mem.byteLength) oob();
      if (n > 0) bytes(mem).set(seg!.subarray(s, s + n), d);
      return;
    }
    case Op.DataDrop:
      inst.datas[code[o]] = null;
      return;
    case Op.MemoryCopy: {
      const dm = inst.memories[code[o + 3]], sm = inst.memories[code[o + 4]];
      const d64 = mem64(dm), s64 = mem64(sm);
      const d = addr(I, fp + code[o], d64), s = addr(I, fp + code[o + 1], s64), n = addr(I, fp + code[o + 2], d64 && s64);
      if (s + n > sm.byteLength || d + n > dm.byteLength) oob();
      if (n > 0) {
        if (dm === sm) bytes(dm).copyWithin(d, s, s + n);
        else bytes(dm).set(bytes(sm).subarray(s, s + n), d);
      }
      return;
    }
    case Op.MemoryFill: {
      const mem = inst.memories[code[o + 3]];
      const is64 = mem64(mem);
      const d = addr(I, fp + code[o], is64), v = I[(fp + code[o + 1]) << 1] & 0xff, n = addr(I, fp + code[o + 2], is64);
      if (d + n > mem.byteLength) oob();
      if (n > 0) bytes(mem).fill(v, d, d + n);
      return;
    }
    case Op.TableInit: {
      const t = inst.tables[code[o + 4]];
      const is64 = inst.tableIs64[code[o + 4]] !== 0;
      const d = addr(I, fp + code[o], is64), s = addr(I, fp + code[o + 1], false), n = addr(I, fp + code[o + 2], false);
      const seg = inst.elems[code[o + 3]];
      const segLen = seg === null ? 0 : seg.length;
      if (s + n > segLen || d + n > t.elements.length) tableOob();
      for (let i = 0; i < n; i++) t.elements[d + i] = seg![s + i];
      return;
    }
    case Op.ElemDrop:
      inst.elems[code[o]] = null;
      return;
    case Op.TableCopy: {
      const dt = inst.tables[code[o + 3]], st = inst.tables[code[o + 4]];
      const d64 = inst.tableIs64[code[o + 3]] !== 0, s64 = inst.tableIs64[code[o + 4]] !== 0;
      const d = addr(I, fp + code[o], d64), s = addr(I, fp + code[o + 1], s64), n = addr(I, fp + code[o + 2], d64 && s64);
      if (s + n > st.elements.length || d + n > dt.elements.length) tableOob();
      if (n > 0) dt.elements.splice(d, n, ...st.elements.slice(s, s + n));
      return;
    }
    case Op.TableFill: {
      const t = inst.tables[code[o + 3]];
      const is64 = inst.tableIs64[code[o + 3]] !== 0;
      const d = addr(I, fp + code[o], is64), v = m.R[fp + code[o + 1]], n = addr(I, fp + code[o + 2], is64);
      if (d + n > t.elements.length) tableOob();
      for (let i = 0; i < n; i++) t.elements[d + i] = v;
      return;
    }
    case Op.TableGrow: {
      const t = inst.tables[code[o + 3]];
      const is64 = inst.tableIs64[code[o + 3]] !== 0;
      const n = addr(I, fp + code[o + 2], is64);
      const r = n > t.maxSize ? -1 : t.grow(n, m.R[fp + code[o + 1]]);
      if (r < 0 && inst.store.trapOnGrowFailure && n > 0) throw new Trap(TrapCode.AllocationTooLarge, 'table.grow refused by store limits');
      const dst = (fp + code[o]) << 1;
      I[dst] = r;
      I[dst + 1] = is64 && r < 0 ? -1 : 0;
      return;
    }
    case Op.TableSize: {
      const dst = (fp + code[o]) << 1;
      I[dst] = inst.tables[code[o + 1]].elements.length;
      I[dst + 1] = 0;
      return;
    }
    default:
      execGc(m, inst, code, op, o, fp);
  }
}
