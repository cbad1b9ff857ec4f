/**
 * GC instructions: structs and arrays are `WasmStruct`/`WasmArray` objects (host GC reclaims
 * them), i31 references are plain numbers, casts compare canonical type ids through the
 * engine's type registry (`isSubtype` is O(1)).
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { ArrayType, StorageType, StructType, ValType } from '../../kernel/ir/types.js';
import { FuncInstance } from '../../kernel/runtime/func-instance.js';
import { WasmArray, WasmStruct, ExternAny, internalize, externalize } from '../../kernel/runtime/gc-objects.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import type { InterpInstance } from './instance.js';
import type { Machine } from './machine.js';
import { readSlot, writeSlot } from './values.js';
import { ABS } from './translator.js';

const MAX_ARRAY = 0x8000000; // elements; larger allocations trap instead of exhausting the host

function nullTrap(what: string): never {
  throw new Trap(TrapCode.NullReference, `null ${what} reference`);
}

function arrayOob(): never {
  throw new Trap(TrapCode.ArrayOutOfBounds);
}

/** Default value of a storage type (host convention). */
export function defaultValue(t: StorageType): unknown {
  switch (t) {
    case 'i64': return 0n;
    case 'v128': return new Uint8Array(16);
    case 'i32': case 'f32': case 'f64': case 'i8': case 'i16': return 0;
    default: return null;
  }
}

function readField(m: Machine, s: number, t: StorageType): unknown {
  if (t === 'i8') return m.I[s << 1] & 0xff;
  if (t === 'i16') return m.I[s << 1] & 0xffff;
  return readSlot(m, s, t as ValType);
}

function writeField(m: Machine, s: number, t: StorageType, v: unknown, signed: number): void {
  if (t === 'i8' || t === 'i16') {
    let x = v as number;
    if (signed === 1) x = t === 'i8' ? (x << 24) >> 24 : (x << 16) >> 16;
    m.I[s << 1] = x;
    return;
  }
  writeSlot(m, s, t as ValType, v);
}

function slotsOf(t: StorageType): number {
  return t === 'v128' ? 2 : 1;
}

/** Whether non-null-or-null `v` matches heap type `hc` (index >= 0 or abstract code < 0). */
export function refTest(inst: InterpInstance, v: unknown, hc: number, nullable: boolean): boolean {
  if (v === null) return nullable;
  if (hc >= 0) {
    const want = inst.typeIds[hc];
    if (v instanceof WasmStruct || v instanceof WasmArray || v instanceof FuncInstance) return inst.registry.isSubtype(v.typeId, want);
    return false;
  }
  switch (ABS[-1 - hc]) {
    case 'any': case 'extern': return true;
    case 'eq': return typeof v === 'number' || v instanceof WasmStruct || v instanceof WasmArray;
    case 'i31': return typeof v === 'number';
    case 'struct': return v instanceof WasmStruct;
    case 'array': return v instanceof WasmArray;
    case 'func': return v instanceof FuncInstance;
    case 'exn': return v instanceof WasmException;
    default: return false; // bottom types hold only null
  }
}

function elemBytes(t: StorageType): number {
  switch (t) {
    case 'i8': return 1;
    case 'i16': return 2;
    case 'i32': case 'f32': return 4;
    case 'i64': case 'f64': return 8;
    default: return 16;
  }
}

function readData(dv: DataView, at: number, t: StorageType): unknown {
  switch (t) {
    case 'i8': return dv.getUint8(at);
    case 'i16': return dv.getUint16(at, true);
    case 'i32': return dv.getInt32(at, true);
    case 'f32': return dv.getFloat32(at, true);
    case 'i64': return dv.getBigInt64(at, true);
    case 'f64': return dv.getFloat64(at, true);
    default: return new Uint8Array(dv.buffer.slice(dv.byteOffset + at, dv.byteOffset + at + 16));
  }
}

function arrayFromData(inst: InterpInstance, at: ArrayType, seg: number, off: number, n: number): unknown[] {
  const data = inst.datas[seg];
  const sz = elemBytes(at.element.storage);
  const len = data === null ? 0 : data.length;
  if (off + n * sz > len) throw new Trap(TrapCode.MemoryOutOfBounds);
  const out: unknown[] = new Array(n);
  if (n === 0) return out;
  const dv = new DataView(data!.buffer, data!.byteOffset, data!.byteLength);
  for (let i = 0; i < n; i++) out[i] = readData(dv, off + i * sz, at.element.storage);
  return out;
}

export function execGc(m: Machine, inst: InterpInstance, code: Int32Array, op: number, o: number, fp: number): void {
  const I = m.I;
  const R = m.R;
  const types = inst.ir.types;
  const u32 = (k: number): number => I[(fp + code[o + k]) << 1] >>> 0;
  switch (op) {
    case Op.StructNew: {
      const st = types[code[o + 2]].composite as StructType;
      const fields: unknown[] = [];
      let s = fp + code[o + 1];
      for (const f of st.fields) {
        fields.push(readField(m, s, f.storage));
        s += slotsOf(f.storage);
      }
      R[fp + code[o]] = new WasmStruct(inst.typeIds[code[o + 2]], fields);
      return;
    }
    case Op.StructNewDefault: {
      const st = types[code[o + 1]].composite as StructType;
      R[fp + code[o]] = new WasmStruct(inst.typeIds[code[o + 1]], st.fields.map((f) => defaultValue(f.storage)));
      return;
    }
    case Op.StructGet: case Op.StructGetS: case Op.StructGetU: {
      const st = types[code[o + 2]].composite as StructType;
      const obj = R[fp + code[o + 1]] as WasmStruct | null;
      if (obj === null) nullTrap('structure');
      const f = st.fields[code[o + 3]];
      writeField(m, fp + code[o], f.storage, obj.fields[code[o + 3]], op === Op.StructGetS ? 1 : 0);
      return;
    }
    case Op.StructSet: {
      const st = types[code[o + 2]].composite as StructType;
      const obj = R[fp + code[o]] as WasmStruct | null;
      if (obj === null) nullTrap('structure');
      obj.fields[code[o + 3]] = readField(m, fp + code[o + 1], st.fields[code[o + 3]].storage);
      return;
    }
    case Op.ArrayNew: case Op.ArrayNewDefault: {
      const ti = op === Op.ArrayNew ? code[o + 3] : code[o + 2];
      const at = types[ti].composite as ArrayType;
      const n = op === Op.ArrayNew ? u32(2) : u32(1);
      if (n > MAX_ARRAY) throw new Trap(TrapCode.AllocationTooLarge);
      const v = op === Op.ArrayNew ? readField(m, fp + code[o + 1], at.element.storage) : defaultValue(at.element.storage);
      R[fp + code[o]] = new WasmArray(inst.typeIds[ti], new Array(n).fill(v));
      return;
    }
    case Op.ArrayNewFixed: {
      const at = types[code[o + 2]].composite as ArrayType;
      const n = code[o + 3];
      const els: unknown[] = [];
      let s = fp + code[o + 1];
      for (let i = 0; i < n; i++) {
        els.push(readField(m, s, at.element.storage));
        s += slotsOf(at.element.storage);
      }
      R[fp + code[o]] = new WasmArray(inst.typeIds[code[o + 2]], els);
      return;
    }
    case Op.ArrayNewData: {
      const at = types[code[o + 3]].composite as ArrayType;
      const n = u32(2);
      R[fp + code[o]] = new WasmArray(inst.typeIds[code[o + 3]], arrayFromData(inst, at, code[o + 4], u32(1), n));
      return;
    }
    case Op.ArrayNewElem: {
      const seg = inst.elems[code[o + 4]];
      const off = u32(1), n = u32(2);
      if (off + n > (seg === null ? 0 : seg.length)) throw new Trap(TrapCode.TableOutOfBounds);
      R[fp + code[o]] = new WasmArray(inst.typeIds[code[o + 3]], n === 0 ? [] : seg!.slice(off, off + n));
      return;
    }
    case Op.ArrayGet: case Op.ArrayGetS: case Op.ArrayGetU: {
      const at = types[code[o + 3]].composite as ArrayType;
      const arr = R[fp + code[o + 1]] as WasmArray | null;
      if (arr === null) nullTrap('array');
      const i = u32(2);
      if (i >= arr.elements.length) arrayOob();
      writeField(m, fp + code[o], at.element.storage, arr.elements[i], op === Op.ArrayGetS ? 1 : 0);
      return;
    }
    case Op.ArraySet: {
      const at = types[code[o + 3]].composite as ArrayType;
      const arr = R[fp + code[o]] as WasmArray | null;
      if (arr === null) nullTrap('array');
      const i = u32(1);
      if (i >= arr.elements.length) arrayOob();
      arr.elements[i] = readField(m, fp + code[o + 2], at.element.storage);
      return;
    }
    case Op.ArrayLen: {
      const arr = R[fp + code[o + 1]] as WasmArray | null;
      if (arr === null) nullTrap('array');
      I[(fp + code[o]) << 1] = arr.elements.length;
      return;
    }
    case Op.ArrayFill: {
      const at = types[code[o + 4]].composite as ArrayType;
      const arr = R[fp + code[o]] as WasmArray | null;
      if (arr === null) nullTrap('array');
      const off = u32(1), n = u32(3);
      if (off + n > arr.elements.length) arrayOob();
      const v = readField(m, fp + code[o + 2], at.element.storage);
      arr.elements.fill(v, off, off + n);
      return;
    }
    case Op.ArrayCopy: {
      const d = R[fp + code[o]] as WasmArray | null, s = R[fp + code[o + 2]] as WasmArray | null;
      if (d === null || s === null) nullTrap('array');
      const doff = u32(1), soff = u32(3), n = u32(4);
      if (doff + n > d.elements.length || soff + n > s.elements.length) arrayOob();
      if (n > 0) d.elements.splice(doff, n, ...s.elements.slice(soff, soff + n));
      return;
    }
    case Op.ArrayInitData: case Op.ArrayInitElem: {
      const arr = R[fp + code[o]] as WasmArray | null;
      if (arr === null) nullTrap('array');
      const doff = u32(1), soff = u32(2), n = u32(3);
      if (doff + n > arr.elements.length) arrayOob();
      let src: unknown[];
      if (op === Op.ArrayInitData) {
        src = arrayFromData(inst, types[code[o + 4]].composite as ArrayType, code[o + 5], soff, n);
      } else {
        const seg = inst.elems[code[o + 5]];
        if (soff + n > (seg === null ? 0 : seg.length)) throw new Trap(TrapCode.TableOutOfBounds);
        src = n === 0 ? [] : seg!.slice(soff, soff + n);
      }
      for (let i = 0; i < n; i++) arr.elements[doff + i] = src[i];
      return;
    }
    case Op.RefTest: case Op.RefTestNull:
      I[(fp + code[o]) << 1] = refTest(inst, R[fp + code[o + 1]], code[o + 2], code[o + 3] === 1) ? 1 : 0;
      return;
    case Op.RefCast: case Op.RefCastNull: {
      const v = R[fp + code[o + 1]];
      if (!refTest(inst, v, code[o + 2], code[o + 3] === 1)) throw new Trap(TrapCode.CastFailure);
      R[fp + code[o]] = v;
      return;
    }
    case Op.AnyConvertExtern:
      R[fp + code[o]] = internalize(R[fp + code[o + 1]]);
      return;
    case Op.ExternConvertAny:
      R[fp + code[o]] = externalize(R[fp + code[o + 1]]);
      return;
    case Op.RefI31:
      R[fp + code[o]] = (I[(fp + code[o + 1]) << 1] << 1) >> 1;
      return;
    case Op.I31GetS: case Op.I31GetU: {
      const v = R[fp + code[o + 1]];
      if (v === null) nullTrap('i31');
      I[(fp + code[o]) << 1] = op === Op.I31GetS ? v as number : (v as number) & 0x7fffffff;
      return;
    }
    default:
      throw new Error(`interpreter: unsupported extended opcode ${op.toString(16)}`);
  }
}

export { ExternAny };
