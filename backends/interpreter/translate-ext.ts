/**
 * Translation of the rarer instructions (bulk memory, tables, GC, SIMD) into `Ext`/`Simd`
 * instructions: `[Ext, length, wasmOp, operands...]`, executed by helpers outside the hot
 * switch. Operand layouts are listed next to each case and mirrored in `ext-ops.ts`.
 */
import type { Instr } from '../../kernel/ir/code-reader.js';
import { Op, opName } from '../../kernel/ir/opcodes.js';
import type { ArrayType, StructType, FuncType } from '../../kernel/ir/types.js';
import { IOp, VK } from './internal-ops.js';
import { kindOf } from './func-code.js';
import type { Translator } from './translator.js';
import { heapCode } from './translator.js';
import { simdKind, SimdKind } from './simd/kinds.js';

function ext(t: Translator, op: number, operands: number[], dstAt = -1): void {
  t.begin(IOp.Ext);
  t.c.push(operands.length + 3, op, ...operands);
  if (dstAt >= 0) t.lastDst = t.c.length - operands.length + dstAt;
}

export function translateExt(t: Translator, ins: Instr): void {
  const op = ins.op;
  const ir = t.ir;
  switch (op) {
    // [d, s, n, dataIdx, mem]
    case Op.MemoryInit: case Op.TableInit: {
      const n = t.popSlot(); const s = t.popSlot(); const d = t.popSlot();
      ext(t, op, [d, s, n, ins.a, ins.b]);
      return;
    }
    case Op.DataDrop: case Op.ElemDrop:
      ext(t, op, [ins.a]);
      return;
    // [d, s, n, dstIdx, srcIdx]
    case Op.MemoryCopy: case Op.TableCopy: {
      const n = t.popSlot(); const s = t.popSlot(); const d = t.popSlot();
      ext(t, op, [d, s, n, ins.a, ins.b]);
      return;
    }
    // [d, val, n, idx]
    case Op.MemoryFill: case Op.TableFill: {
      const n = t.popSlot(); const v = t.popSlot(); const d = t.popSlot();
      ext(t, op, [d, v, n, ins.a]);
      return;
    }
    // [dst, init, delta, table]
    case Op.TableGrow: {
      const n = t.popSlot(); const v = t.popSlot();
      const dst = t.pushTemp(VK.Num);
      ext(t, op, [dst, v, n, ins.a]);
      return;
    }
    // [dst, table]
    case Op.TableSize: {
      const dst = t.pushTemp(VK.Num);
      ext(t, op, [dst, ins.a]);
      return;
    }
    // [dst, argBase, type]
    case Op.StructNew: {
      const st = ir.types[ins.a].composite as StructType;
      const n = st.fields.length;
      const base = t.materializeTop(n);
      t.popN(n);
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, base, ins.a], 0);
      return;
    }
    case Op.StructNewDefault: {
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, ins.a], 0);
      return;
    }
    // [dst, ref, type, field]
    case Op.StructGet: case Op.StructGetS: case Op.StructGetU: {
      const st = ir.types[ins.a].composite as StructType;
      const ref = t.popSlot();
      const dst = t.pushTemp(kindOf(st.fields[ins.b].storage));
      ext(t, op, [dst, ref, ins.a, ins.b], 0);
      return;
    }
    // [ref, val, type, field]
    case Op.StructSet: {
      const v = t.popSlot(); const ref = t.popSlot();
      ext(t, op, [ref, v, ins.a, ins.b]);
      return;
    }
    // [dst, init, len, type]
    case Op.ArrayNew: {
      const n = t.popSlot(); const v = t.popSlot();
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, v, n, ins.a], 0);
      return;
    }
    // [dst, len, type]
    case Op.ArrayNewDefault: {
      const n = t.popSlot();
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, n, ins.a], 0);
      return;
    }
    // [dst, argBase, type, count]
    case Op.ArrayNewFixed: {
      const base = t.materializeTop(ins.b);
      t.popN(ins.b);
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, base, ins.a, ins.b], 0);
      return;
    }
    // [dst, offset, len, type, seg]
    case Op.ArrayNewData: case Op.ArrayNewElem: {
      const n = t.popSlot(); const s = t.popSlot();
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, s, n, ins.a, ins.b], 0);
      return;
    }
    // [dst, ref, idx, type]
    case Op.ArrayGet: case Op.ArrayGetS: case Op.ArrayGetU: {
      const at = ir.types[ins.a].composite as ArrayType;
      const i = t.popSlot(); const ref = t.popSlot();
      const dst = t.pushTemp(kindOf(at.element.storage));
      ext(t, op, [dst, ref, i, ins.a], 0);
      return;
    }
    // [ref, idx, val, type]
    case Op.ArraySet: {
      const v = t.popSlot(); const i = t.popSlot(); const ref = t.popSlot();
      ext(t, op, [ref, i, v, ins.a]);
      return;
    }
    // [dst, ref]
    case Op.ArrayLen: {
      const ref = t.popSlot();
      const dst = t.pushTemp(VK.Num);
      ext(t, op, [dst, ref], 0);
      return;
    }
    // [ref, off, val, n, type]
    case Op.ArrayFill: {
      const n = t.popSlot(); const v = t.popSlot(); const o = t.popSlot(); const ref = t.popSlot();
      ext(t, op, [ref, o, v, n, ins.a]);
      return;
    }
    // [dref, doff, sref, soff, n, dtype, stype]
    case Op.ArrayCopy: {
      const n = t.popSlot(); const so = t.popSlot(); const sr = t.popSlot(); const d = t.popSlot(); const dr = t.popSlot();
      ext(t, op, [dr, d, sr, so, n, ins.a, ins.b]);
      return;
    }
    // [ref, doff, soff, n, type, seg]
    case Op.ArrayInitData: case Op.ArrayInitElem: {
      const n = t.popSlot(); const s = t.popSlot(); const d = t.popSlot(); const ref = t.popSlot();
      ext(t, op, [ref, d, s, n, ins.a, ins.b]);
      return;
    }
    // [dst, ref, heapCode, nullable]
    case Op.RefTest: case Op.RefTestNull: case Op.RefCast: case Op.RefCastNull: {
      const ref = t.popSlot();
      const isTest = op === Op.RefTest || op === Op.RefTestNull;
      const dst = t.pushTemp(isTest ? VK.Num : VK.Ref);
      ext(t, op, [dst, ref, heapCode(ins.heap), op === Op.RefTestNull || op === Op.RefCastNull ? 1 : 0], 0);
      return;
    }
    case Op.BrOnCast: case Op.BrOnCastFail: {
      // Test into the scratch slot above the stack, then a conditional branch that carries the ref.
      const ct = t.ctrlAt(ins.a);
      const ref = t.slotOf(t.vtop);
      t.prepBranch(ct);
      const scratch = t.height;
      if (t.height + 1 > t.maxHeight) t.maxHeight = t.height + 1;
      ext(t, Op.RefTest, [scratch, ref, heapCode(ins.heap2), ins.b & 2 ? 1 : 0]);
      t.emitCondBranch(ct, scratch, op === Op.BrOnCast);
      t.newRun();
      return;
    }
    // [dst, src]
    case Op.AnyConvertExtern: case Op.ExternConvertAny: case Op.RefI31: {
      const s = t.popSlot();
      const dst = t.pushTemp(VK.Ref);
      ext(t, op, [dst, s], 0);
      return;
    }
    case Op.I31GetS: case Op.I31GetU: {
      const s = t.popSlot();
      const dst = t.pushTemp(VK.Num);
      ext(t, op, [dst, s], 0);
      return;
    }
  }
  if ((op >>> 16) === 0xfd) {
    simd(t, ins);
    return;
  }
  throw new Error(`interpreter: unsupported instruction ${opName(op)}`);
}

/**
 * SIMD: `[Simd, length, wasmOp, dst, a, b, c, imm, offLo, offHi, mem]` — slots unused by an
 * instruction are -1; `imm` is the lane (or the byte offset of the 16 immediate bytes of
 * `i8x16.shuffle`/`v128.const` in the function's constant words that follow).
 */
function simd(t: Translator, ins: Instr): void {
  const op = ins.op;
  const sub = op & 0xffff;
  const c = t.c;
  if (op === Op.V128Const) {
    const dst = t.pushTemp(VK.V128);
    const v = ins.v128;
    const w = (i: number): number => v[i] | (v[i + 1] << 8) | (v[i + 2] << 16) | (v[i + 3] << 24);
    t.begin(IOp.V128Const);
    c.push(dst, w(0), w(4), w(8), w(12));
    t.lastDst = c.length - 5;
    return;
  }
  let dst = -1, a = -1, b = -1, cc = -1, imm = 0;
  const mem = ins.c;
  const offLo = ins.b % 4294967296 | 0;
  const offHi = Math.floor(ins.b / 4294967296) | 0;
  switch (simdKind(op)) {
    case SimdKind.Load:
      a = t.popSlot();
      dst = t.pushTemp(VK.V128);
      break;
    case SimdKind.Store: case SimdKind.StoreLane:
      b = t.popSlot(); a = t.popSlot();
      imm = ins.d;
      break;
    case SimdKind.LoadLane:
      b = t.popSlot(); a = t.popSlot();
      imm = ins.d;
      dst = t.pushTemp(VK.V128);
      break;
    case SimdKind.Splat: case SimdKind.Unary:
      a = t.popSlot();
      dst = t.pushTemp(VK.V128);
      break;
    case SimdKind.ExtractLane:
      imm = ins.a;
      a = t.popSlot();
      dst = t.pushTemp(VK.Num);
      break;
    case SimdKind.ReplaceLane:
      imm = ins.a;
      b = t.popSlot(); a = t.popSlot();
      dst = t.pushTemp(VK.V128);
      break;
    case SimdKind.Bitmask: case SimdKind.AllTrue: case SimdKind.AnyTrue:
      a = t.popSlot();
      dst = t.pushTemp(VK.Num);
      break;
    case SimdKind.Ternary:
      cc = t.popSlot(); b = t.popSlot(); a = t.popSlot();
      dst = t.pushTemp(VK.V128);
      break;
    default: // Binary, Shift, Shuffle
      b = t.popSlot(); a = t.popSlot();
      dst = t.pushTemp(VK.V128);
  }
  t.begin(IOp.Simd);
  const start = c.length;
  c.push(0, op, dst, a, b, cc, imm, offLo, offHi, mem);
  if (sub === 0x0d) for (let i = 0; i < 16; i += 4) c.push(ins.v128[i] | (ins.v128[i + 1] << 8) | (ins.v128[i + 2] << 16) | (ins.v128[i + 3] << 24));
  c[start] = c.length - start + 1;
}


export type { FuncType };
