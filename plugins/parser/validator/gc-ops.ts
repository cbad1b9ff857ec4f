/**
 * GC instructions (`0xfb` prefix): struct and array allocation and access, the array bulk
 * ops, ref.test/ref.cast, br_on_cast(_fail), any/extern conversion and i31.
 */
import { F } from '../binary/features.js';
import { H, isDefaultable, isNullable, isRef, ref, topHeap, unpacked, V, valSub } from './val-types.js';
import type { ValidatorState } from './validator-state.js';

/** Validates `0xfb sub`. */
export function gcOp(v: ValidatorState, sub: number): void {
  const m = v.m;
  const ins = v.ins;
  const reg = m.reg;
  m.features.add(F.gc);
  switch (sub) {
    case 0x00: { // struct.new
      const fields = v.structType(ins.a);
      for (let i = fields.length - 1; i >= 0; i--) v.popT(unpacked(fields[i]));
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x01: {
      const fields = v.structType(ins.a);
      for (let i = 0; i < fields.length; i++) if (!isDefaultable(fields[i])) throw v.err('type mismatch');
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x02: case 0x03: case 0x04: { // struct.get(_s/_u)
      const fields = v.structType(ins.a);
      if (ins.b >= fields.length) throw v.err(`unknown field ${ins.b}`);
      const ft = fields[ins.b];
      const packed = ft === V.I8 || ft === V.I16;
      if (packed !== (sub !== 0x02)) throw v.err('type mismatch');
      v.popT(v.concrete(ins.a, true));
      v.push(unpacked(ft));
      return;
    }
    case 0x05: {
      const fields = v.structType(ins.a);
      if (ins.b >= fields.length) throw v.err(`unknown field ${ins.b}`);
      if (!m.fieldMut[ins.a][ins.b]) throw v.err('immutable field');
      v.popT(unpacked(fields[ins.b]));
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x06: {
      const et = v.arrayType(ins.a);
      v.popT(V.I32);
      v.popT(unpacked(et));
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x07: {
      const et = v.arrayType(ins.a);
      if (!isDefaultable(et)) throw v.err('type mismatch');
      v.popT(V.I32);
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x08: {
      const et = unpacked(v.arrayType(ins.a));
      // The count is a u32 immediate: pop at most what the stack holds (on a polymorphic
      // stack the rest are bot), so a huge count cannot spin for billions of iterations.
      const avail = v.vsp - v.floor;
      if (ins.b > avail && !v.cUnreach[v.csp - 1]) throw v.err('type mismatch');
      for (let i = Math.min(ins.b, avail); i > 0; i--) v.popT(et);
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x09: { // array.new_data
      const et = v.arrayType(ins.a);
      if (isRef(et)) throw v.err('array type is not numeric or vector');
      v.data(ins.b);
      v.popT(V.I32);
      v.popT(V.I32);
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x0a: { // array.new_elem
      const et = v.arrayType(ins.a);
      const st = v.elem(ins.b);
      if (!valSub(reg, st, et)) throw v.err('type mismatch');
      v.popT(V.I32);
      v.popT(V.I32);
      v.push(v.concrete(ins.a, false));
      return;
    }
    case 0x0b: case 0x0c: case 0x0d: {
      const et = v.arrayType(ins.a);
      const packed = et === V.I8 || et === V.I16;
      if (packed !== (sub !== 0x0b)) throw v.err('type mismatch');
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      v.push(unpacked(et));
      return;
    }
    case 0x0e: {
      const et = v.arrayType(ins.a);
      if (!m.fieldMut[ins.a][0]) throw v.err('immutable array');
      v.popT(unpacked(et));
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x0f:
      v.popT(ref(H.Array, true));
      v.push(V.I32);
      return;
    case 0x10: { // array.fill
      const et = v.arrayType(ins.a);
      if (!m.fieldMut[ins.a][0]) throw v.err('immutable array');
      v.popT(V.I32);
      v.popT(unpacked(et));
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x11: { // array.copy dst src
      const dt = v.arrayType(ins.a);
      const st = v.arrayType(ins.b);
      if (!m.fieldMut[ins.a][0]) throw v.err('immutable array');
      if (!(st === dt || (isRef(st) && valSub(reg, st, dt)))) throw v.err('array types do not match');
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(v.concrete(ins.b, true));
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x12: { // array.init_data
      const et = v.arrayType(ins.a);
      if (!m.fieldMut[ins.a][0]) throw v.err('immutable array');
      if (isRef(et)) throw v.err('array type is not numeric or vector');
      v.data(ins.b);
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x13: { // array.init_elem
      const et = v.arrayType(ins.a);
      if (!m.fieldMut[ins.a][0]) throw v.err('immutable array');
      const st = v.elem(ins.b);
      if (!valSub(reg, st, et)) throw v.err('type mismatch');
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(v.concrete(ins.a, true));
      return;
    }
    case 0x14: case 0x15: case 0x16: case 0x17: { // ref.test / ref.cast (null)
      const h = v.heap(ins.heap);
      const top = topHeap(reg, h);
      v.popT(ref(top, true));
      v.push(sub <= 0x15 ? V.I32 : ref(h, sub === 0x17));
      return;
    }
    case 0x18: case 0x19: { // br_on_cast(_fail) label flags ht1 ht2
      const h1 = v.heap(ins.heap);
      const h2 = v.heap(ins.heap2);
      const rt1 = ref(h1, (ins.b & 1) !== 0);
      const rt2 = ref(h2, (ins.b & 2) !== 0);
      if (!valSub(reg, rt2, rt1)) throw v.err('type mismatch');
      const lt = v.labelTypes(v.labelFrame(ins.a));
      v.popT(rt1);
      // rt1 minus rt2: nullable only if rt1 is and rt2 is not.
      const diff = ref(h1, isNullable(rt1) && !isNullable(rt2));
      if (sub === 0x18) {
        v.push(rt2);
        v.branchKeepingPrefix(lt);
        v.push(diff);
      } else {
        v.push(diff);
        v.branchKeepingPrefix(lt);
        v.push(rt2);
      }
      return;
    }
    case 0x1a: { // any.convert_extern
      const t = v.popT(ref(H.Extern, true));
      v.push(ref(H.Any, t !== V.Bot && isNullable(t)));
      return;
    }
    case 0x1b: { // extern.convert_any
      const t = v.popT(ref(H.Any, true));
      v.push(ref(H.Extern, t !== V.Bot && isNullable(t)));
      return;
    }
    case 0x1c:
      v.popT(V.I32);
      v.push(ref(H.I31, false));
      return;
    case 0x1d: case 0x1e:
      v.popT(ref(H.I31, true));
      v.push(V.I32);
      return;
    default:
      throw v.err(`unsupported instruction fb ${sub}`);
  }
}
