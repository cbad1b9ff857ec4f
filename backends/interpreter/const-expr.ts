/**
 * Evaluates constant expressions (global initialisers, table initialisers, element items,
 * segment offsets) at instantiation, on a small JS-value stack in the host convention (i64 as
 * bigint). Allowed: constants, `global.get`, `ref.null`, `ref.func`, extended-const i32/i64
 * add/sub/mul, and the GC allocations (`struct.new*`, `array.new*`, `ref.i31`, conversions).
 */
import type { ConstExpr } from '../../kernel/ir/module-ir.js';
import { CodeReader, Instr } from '../../kernel/ir/code-reader.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { ArrayType, StorageType, StructType } from '../../kernel/ir/types.js';
import { WasmArray, WasmStruct, internalize, externalize } from '../../kernel/runtime/gc-objects.js';
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { InterpInstance } from './instance.js';
import { defaultValue } from './gc-ops.js';
import { f32FromBits, f64FromBits } from './numeric.js';

function pack(t: StorageType, v: unknown): unknown {
  if (t === 'i8') return (v as number) & 0xff;
  if (t === 'i16') return (v as number) & 0xffff;
  return v;
}

export function evalConst(inst: InterpInstance, e: ConstExpr): unknown {
  const r = new CodeReader(e.code, 0, e.code.length, Math.max(e.offset, 0));
  const ins = new Instr();
  const st: unknown[] = [];
  const types = inst.ir.types;
  while (!r.atEnd()) {
    r.read(ins);
    switch (ins.op) {
      case Op.End: return st.pop();
      case Op.I32Const: st.push(ins.a | 0); break;
      case Op.I64Const: st.push(ins.i64); break;
      case Op.F32Const: st.push(f32FromBits(ins.a)); break;
      case Op.F64Const: st.push(f64FromBits(ins.lo, ins.hi)); break;
      case Op.V128Const: st.push(new Uint8Array(ins.v128)); break;
      case Op.RefNull: st.push(null); break;
      case Op.RefFunc: st.push(inst.funcs[ins.a]); break;
      case Op.GlobalGet: st.push(inst.globals[ins.a].value); break;
      case Op.I32Add: case Op.I32Sub: case Op.I32Mul: {
        const b = st.pop() as number, a = st.pop() as number;
        st.push(ins.op === Op.I32Add ? (a + b) | 0 : ins.op === Op.I32Sub ? (a - b) | 0 : Math.imul(a, b));
        break;
      }
      case Op.I64Add: case Op.I64Sub: case Op.I64Mul: {
        const b = st.pop() as bigint, a = st.pop() as bigint;
        st.push(BigInt.asIntN(64, ins.op === Op.I64Add ? a + b : ins.op === Op.I64Sub ? a - b : a * b));
        break;
      }
      case Op.RefI31: st.push(((st.pop() as number) << 1) >> 1); break;
      case Op.AnyConvertExtern: st.push(internalize(st.pop())); break;
      case Op.ExternConvertAny: st.push(externalize(st.pop())); break;
      case Op.StructNew: {
        const s = types[ins.a].composite as StructType;
        const fields = st.splice(st.length - s.fields.length, s.fields.length).map((v, i) => pack(s.fields[i].storage, v));
        st.push(new WasmStruct(inst.typeIds[ins.a], fields));
        break;
      }
      case Op.StructNewDefault: {
        const s = types[ins.a].composite as StructType;
        st.push(new WasmStruct(inst.typeIds[ins.a], s.fields.map((f) => defaultValue(f.storage))));
        break;
      }
      case Op.ArrayNew: case Op.ArrayNewDefault: {
        const at = types[ins.a].composite as ArrayType;
        const n = (st.pop() as number) >>> 0;
        if (n > 0x8000000) throw new Trap(TrapCode.AllocationTooLarge);
        const v = ins.op === Op.ArrayNew ? pack(at.element.storage, st.pop()) : defaultValue(at.element.storage);
        st.push(new WasmArray(inst.typeIds[ins.a], new Array(n).fill(v)));
        break;
      }
      case Op.ArrayNewFixed: {
        const at = types[ins.a].composite as ArrayType;
        const els = st.splice(st.length - ins.b, ins.b).map((v) => pack(at.element.storage, v));
        st.push(new WasmArray(inst.typeIds[ins.a], els));
        break;
      }
      default:
        throw new Error(`interpreter: unsupported constant instruction 0x${ins.op.toString(16)}`);
    }
  }
  return st.pop();
}

/** Offsets of active segments: i32 or i64 (as a number; > 2^53 only matters as out of range). */
export function evalOffset(inst: InterpInstance, e: ConstExpr): number {
  const v = evalConst(inst, e);
  if (typeof v === 'bigint') return Number(BigInt.asUintN(64, v));
  return (v as number) >>> 0;
}
