/**
 * The second-level dispatch of the run loop: operators that real programs execute rarely
 * (references, tables, exceptions, SIMD, bulk memory and GC helpers, float rounding and
 * min/max, i64 division and rotations, most conversions). Keeping them out of the main
 * `switch` keeps that one small and dense, which makes every common dispatch cheaper.
 * Nothing here changes the frame, the code or the memory views the run loop holds; each case
 * returns the next pc.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { Op } from '../../kernel/ir/opcodes.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import { IOp } from './internal-ops.js';
import type { InterpFunc, InterpInstance } from './instance.js';
import type { Machine } from './machine.js';
import {
  R64, f32FromBits as f32, f32ToBits as b32, nearest, fmin, fmax, ctz32, popcnt32, div64, rotl64, rotr64,
  clz64, ctz64, i64ToF64, u64ToF64, quiet, i64ToF32, u64ToF32, truncI32, truncSatI32, truncI64, truncSatI64,
} from './numeric.js';
import { execExt, execMemSlow } from './ext-ops.js';
import { execSimd } from './simd-bridge.js';
import { readSlot as readSlotV } from './values.js';

export function execRare(m: Machine, inst: InterpInstance, code: Int32Array, pc: number, fp: number, cur: InterpFunc): number {
  const I = m.I;
  const F = m.F;
  const R = m.R;
  switch (code[pc]) {
      case IOp.Unreachable:
        throw new Trap(TrapCode.UnreachableCodeReached);
      case IOp.MovR:
        R[fp + code[pc + 1]] = R[fp + code[pc + 2]];
        pc += 3;
        break;
      case IOp.MovV: {
        const d = (fp + code[pc + 1]) << 1, s = (fp + code[pc + 2]) << 1;
        I[d] = I[s]; I[d + 1] = I[s + 1]; I[d + 2] = I[s + 2]; I[d + 3] = I[s + 3];
        pc += 3;
        break;
      }
      case IOp.SelectR:
        R[fp + code[pc + 1]] = R[fp + (I[(fp + code[pc + 4]) << 1] !== 0 ? code[pc + 2] : code[pc + 3])];
        pc += 5;
        break;
      case IOp.SelectV: {
        const d = (fp + code[pc + 1]) << 1;
        const s = (fp + (I[(fp + code[pc + 4]) << 1] !== 0 ? code[pc + 2] : code[pc + 3])) << 1;
        I[d] = I[s]; I[d + 1] = I[s + 1]; I[d + 2] = I[s + 2]; I[d + 3] = I[s + 3];
        pc += 5;
        break;
      }
      case IOp.HookEnter:
        if (inst.store.events.observed) inst.store.events.emit({ type: 'call.enter', storeId: inst.store.id, funcIndex: cur.fc.funcIndex, funcName: cur.fc.name });
        pc += 1;
        break;
      case IOp.RefNull:
        R[fp + code[pc + 1]] = null;
        pc += 2;
        break;
      case IOp.RefFunc:
        R[fp + code[pc + 1]] = inst.funcs[code[pc + 2]];
        pc += 3;
        break;
      case IOp.RefIsNull:
        I[(fp + code[pc + 1]) << 1] = R[fp + code[pc + 2]] === null ? 1 : 0;
        pc += 3;
        break;
      case IOp.RefAsNonNull: {
        const v = R[fp + code[pc + 2]];
        if (v === null) throw new Trap(TrapCode.NullReference);
        R[fp + code[pc + 1]] = v;
        pc += 3;
        break;
      }
      case IOp.BrOnNull:
        pc = R[fp + code[pc + 1]] === null ? code[pc + 2] : pc + 3;
        break;
      case IOp.BrOnNonNull:
        pc = R[fp + code[pc + 1]] !== null ? code[pc + 2] : pc + 3;
        break;
      case IOp.RefEq:
        I[(fp + code[pc + 1]) << 1] = R[fp + code[pc + 2]] === R[fp + code[pc + 3]] ? 1 : 0;
        pc += 4;
        break;
      case IOp.Throw: {
        const tag = inst.tags[code[pc + 1]];
        const params = tag.type.params;
        const payload: unknown[] = [];
        let s = fp + code[pc + 2];
        for (let i = 0; i < params.length; i++) {
          payload.push(readSlotV(m, s, params[i]));
          s += params[i] === 'v128' ? 2 : 1;
        }
        throw new WasmException(tag, payload);
      }
      case IOp.ThrowRef: {
        const e = R[fp + code[pc + 1]];
        if (e === null) throw new Trap(TrapCode.NullReference);
        throw e;
      }
      case IOp.TableGet: {
        const t = inst.tables[code[pc + 2]];
        const s = (fp + code[pc + 3]) << 1;
        const i = inst.tableIs64[code[pc + 2]] !== 0 && I[s + 1] !== 0 ? 4294967296 : I[s] >>> 0;
        if (i >= t.elements.length) throw new Trap(TrapCode.TableOutOfBounds);
        R[fp + code[pc + 1]] = t.elements[i];
        pc += 4;
        break;
      }
      case IOp.TableSet: {
        const t = inst.tables[code[pc + 1]];
        const s = (fp + code[pc + 2]) << 1;
        const i = inst.tableIs64[code[pc + 1]] !== 0 && I[s + 1] !== 0 ? 4294967296 : I[s] >>> 0;
        if (i >= t.elements.length) throw new Trap(TrapCode.TableOutOfBounds);
        t.elements[i] = R[fp + code[pc + 3]];
        pc += 4;
        break;
      }
      case IOp.Ext:
        execExt(m, inst, code, pc, fp);
        pc += code[pc + 1];
        break;
      case IOp.MemSlow:
        execMemSlow(m, inst, code, pc, fp);
        pc += 7;
        break;
      case IOp.Simd:
        execSimd(m, inst, code, pc, fp);
        pc += code[pc + 1];
        break;
      case IOp.V128Const: {
        const d = (fp + code[pc + 1]) << 1;
        I[d] = code[pc + 2]; I[d + 1] = code[pc + 3]; I[d + 2] = code[pc + 4]; I[d + 3] = code[pc + 5];
        pc += 6;
        break;
      }
      case Op.MemorySize: {
        const mm = inst.memories[code[pc + 2]];
        const d = (fp + code[pc + 1]) << 1;
        I[d] = mm.pages;
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I32Clz: I[(fp + code[pc + 1]) << 1] = Math.clz32(I[(fp + code[pc + 2]) << 1]); pc += 3; break;
      case Op.I32Ctz: I[(fp + code[pc + 1]) << 1] = ctz32(I[(fp + code[pc + 2]) << 1]); pc += 3; break;
      case Op.I32Popcnt: I[(fp + code[pc + 1]) << 1] = popcnt32(I[(fp + code[pc + 2]) << 1]); pc += 3; break;
      case Op.I64Clz: case Op.I64Ctz: case Op.I64Popcnt: {
        const a = (fp + code[pc + 2]) << 1, d = (fp + code[pc + 1]) << 1;
        const op = code[pc];
        I[d] = op === Op.I64Clz ? clz64(I[a], I[a + 1]) : op === Op.I64Ctz ? ctz64(I[a], I[a + 1]) : popcnt32(I[a]) + popcnt32(I[a + 1]);
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64DivS: case Op.I64DivU: case Op.I64RemS: case Op.I64RemU: case Op.I64Rotl: case Op.I64Rotr: {
        const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
        const al = I[a], ah = I[a + 1], bl = I[b], bh = I[b + 1];
        switch (code[pc]) {
          case Op.I64DivS: div64(true, false, al, ah, bl, bh); break;
          case Op.I64DivU: div64(false, false, al, ah, bl, bh); break;
          case Op.I64RemS: div64(true, true, al, ah, bl, bh); break;
          case Op.I64RemU: div64(false, true, al, ah, bl, bh); break;
          case Op.I64Rotl: rotl64(al, ah, bl); break;
          default: rotr64(al, ah, bl); break;
        }
        I[d] = R64.lo;
        I[d + 1] = R64.hi;
        pc += 4;
        break;
      }
      case Op.F32Abs: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] & 0x7fffffff; pc += 3; break;
      case Op.F32Neg: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ -0x80000000; pc += 3; break;
      case Op.F32Ceil: I[(fp + code[pc + 1]) << 1] = b32(Math.ceil(f32(I[(fp + code[pc + 2]) << 1]))); pc += 3; break;
      case Op.F32Floor: I[(fp + code[pc + 1]) << 1] = b32(Math.floor(f32(I[(fp + code[pc + 2]) << 1]))); pc += 3; break;
      case Op.F32Trunc: I[(fp + code[pc + 1]) << 1] = b32(Math.trunc(f32(I[(fp + code[pc + 2]) << 1]))); pc += 3; break;
      case Op.F32Nearest: I[(fp + code[pc + 1]) << 1] = b32(nearest(f32(I[(fp + code[pc + 2]) << 1]))); pc += 3; break;
      case Op.F32Sqrt: I[(fp + code[pc + 1]) << 1] = b32(Math.sqrt(f32(I[(fp + code[pc + 2]) << 1]))); pc += 3; break;
      case Op.F32Min: I[(fp + code[pc + 1]) << 1] = b32(fmin(f32(I[(fp + code[pc + 2]) << 1]), f32(I[(fp + code[pc + 3]) << 1]))); pc += 4; break;
      case Op.F32Max: I[(fp + code[pc + 1]) << 1] = b32(fmax(f32(I[(fp + code[pc + 2]) << 1]), f32(I[(fp + code[pc + 3]) << 1]))); pc += 4; break;
      case Op.F32Copysign:
        I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] & 0x7fffffff) | (I[(fp + code[pc + 3]) << 1] & -0x80000000);
        pc += 4;
        break;
      case Op.F64Abs: case Op.F64Neg: {
        const d = (fp + code[pc + 1]) << 1, a = (fp + code[pc + 2]) << 1;
        I[d] = I[a];
        I[d + 1] = code[pc] === Op.F64Abs ? I[a + 1] & 0x7fffffff : I[a + 1] ^ -0x80000000;
        pc += 3;
        break;
      }
      case Op.F64Ceil: F[fp + code[pc + 1]] = quiet(Math.ceil(F[fp + code[pc + 2]])); pc += 3; break;
      case Op.F64Floor: F[fp + code[pc + 1]] = quiet(Math.floor(F[fp + code[pc + 2]])); pc += 3; break;
      case Op.F64Trunc: F[fp + code[pc + 1]] = quiet(Math.trunc(F[fp + code[pc + 2]])); pc += 3; break;
      case Op.F64Nearest: F[fp + code[pc + 1]] = quiet(nearest(F[fp + code[pc + 2]])); pc += 3; break;
      case Op.F64Min: F[fp + code[pc + 1]] = fmin(F[fp + code[pc + 2]], F[fp + code[pc + 3]]); pc += 4; break;
      case Op.F64Max: F[fp + code[pc + 1]] = fmax(F[fp + code[pc + 2]], F[fp + code[pc + 3]]); pc += 4; break;
      case Op.F64Copysign: {
        const d = (fp + code[pc + 1]) << 1, a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
        const hi = (I[a + 1] & 0x7fffffff) | (I[b + 1] & -0x80000000);
        I[d] = I[a];
        I[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I32TruncF32S: I[(fp + code[pc + 1]) << 1] = truncI32(f32(I[(fp + code[pc + 2]) << 1]), false); pc += 3; break;
      case Op.I32TruncF32U: I[(fp + code[pc + 1]) << 1] = truncI32(f32(I[(fp + code[pc + 2]) << 1]), true); pc += 3; break;
      case Op.I32TruncF64U: I[(fp + code[pc + 1]) << 1] = truncI32(F[fp + code[pc + 2]], true); pc += 3; break;
      case Op.I64TruncF32S: case Op.I64TruncF32U: case Op.I64TruncF64S: case Op.I64TruncF64U: {
        const op = code[pc];
        const x = op <= Op.I64TruncF32U ? f32(I[(fp + code[pc + 2]) << 1]) : F[fp + code[pc + 2]];
        truncI64(x, op === Op.I64TruncF32U || op === Op.I64TruncF64U);
        const d = (fp + code[pc + 1]) << 1;
        I[d] = R64.lo;
        I[d + 1] = R64.hi;
        pc += 3;
        break;
      }
      case Op.F32ConvertI32S: I[(fp + code[pc + 1]) << 1] = b32(I[(fp + code[pc + 2]) << 1]); pc += 3; break;
      case Op.F32ConvertI32U: I[(fp + code[pc + 1]) << 1] = b32(I[(fp + code[pc + 2]) << 1] >>> 0); pc += 3; break;
      case Op.F32ConvertI64S: {
        const a = (fp + code[pc + 2]) << 1;
        I[(fp + code[pc + 1]) << 1] = b32(i64ToF32(I[a], I[a + 1]));
        pc += 3;
        break;
      }
      case Op.F32ConvertI64U: {
        const a = (fp + code[pc + 2]) << 1;
        I[(fp + code[pc + 1]) << 1] = b32(u64ToF32(I[a], I[a + 1]));
        pc += 3;
        break;
      }
      case Op.F64ConvertI64S: {
        const a = (fp + code[pc + 2]) << 1;
        F[fp + code[pc + 1]] = i64ToF64(I[a], I[a + 1]);
        pc += 3;
        break;
      }
      case Op.F64ConvertI64U: {
        const a = (fp + code[pc + 2]) << 1;
        F[fp + code[pc + 1]] = u64ToF64(I[a], I[a + 1]);
        pc += 3;
        break;
      }
      case Op.I64Extend8S: case Op.I64Extend16S: case Op.I64Extend32S: {
        const op = code[pc];
        const v = I[(fp + code[pc + 2]) << 1];
        const lo = op === Op.I64Extend8S ? (v << 24) >> 24 : op === Op.I64Extend16S ? (v << 16) >> 16 : v;
        const d = (fp + code[pc + 1]) << 1;
        I[d] = lo;
        I[d + 1] = lo >> 31;
        pc += 3;
        break;
      }
      case IOp.TruncSatBase: I[(fp + code[pc + 1]) << 1] = truncSatI32(f32(I[(fp + code[pc + 2]) << 1]), false); pc += 3; break;
      case IOp.TruncSatBase + 1: I[(fp + code[pc + 1]) << 1] = truncSatI32(f32(I[(fp + code[pc + 2]) << 1]), true); pc += 3; break;
      case IOp.TruncSatBase + 2: I[(fp + code[pc + 1]) << 1] = truncSatI32(F[fp + code[pc + 2]], false); pc += 3; break;
      case IOp.TruncSatBase + 3: I[(fp + code[pc + 1]) << 1] = truncSatI32(F[fp + code[pc + 2]], true); pc += 3; break;
      case IOp.TruncSatBase + 4: case IOp.TruncSatBase + 5: case IOp.TruncSatBase + 6: case IOp.TruncSatBase + 7: {
        const k = code[pc] - IOp.TruncSatBase;
        const x = k < 6 ? f32(I[(fp + code[pc + 2]) << 1]) : F[fp + code[pc + 2]];
        truncSatI64(x, k === 5 || k === 7);
        const d = (fp + code[pc + 1]) << 1;
        I[d] = R64.lo;
        I[d + 1] = R64.hi;
        pc += 3;
        break;
      }    default:
      throw new Error(`interpreter: bad internal opcode ${code[pc]} at ${pc}`);
  }
  return pc;
}
