/**
 * Tables and references: table.get/set, the bulk table ops (table.init, elem.drop,
 * table.copy, table.grow, table.size, table.fill), and ref.null, ref.is_null, ref.func and
 * ref.eq. Table indices are i32 or i64 per table (table64).
 */
import { F } from '../binary/features.js';
import { H, ref, V, valSub } from './val-types.js';
import type { ValidatorState } from './validator-state.js';

/** table.get (0x25) and table.set (0x26). */
export function tableOp(v: ValidatorState, op: number): void {
  const idx = v.ins.a;
  const t = v.table(idx);
  v.noteRef();
  if (op === 0x25) {
    v.popT(v.m.tableAddr[idx]);
    v.push(t);
  } else {
    v.popT(t);
    v.popT(v.m.tableAddr[idx]);
  }
}

/** `0xfc` 12-17: table.init, elem.drop, table.copy, table.grow, table.size, table.fill. */
export function bulkTableOp(v: ValidatorState, sub: number): void {
  const m = v.m;
  const ins = v.ins;
  switch (sub) {
    case 12: { // table.init elem table
      const tt = v.table(ins.b);
      const et = v.elem(ins.a);
      if (!valSub(m.reg, et, tt)) throw v.err('type mismatch');
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(m.tableAddr[ins.b]);
      return;
    }
    case 13: v.elem(ins.a); return;
    case 14: { // table.copy dst src
      const dt = v.table(ins.a);
      const stt = v.table(ins.b);
      if (!valSub(m.reg, stt, dt)) throw v.err('type mismatch');
      const da = m.tableAddr[ins.a];
      const sa = m.tableAddr[ins.b];
      v.popT(da === V.I64 && sa === V.I64 ? V.I64 : V.I32);
      v.popT(sa);
      v.popT(da);
      return;
    }
    case 15: { // table.grow
      const t = v.table(ins.a);
      const at = m.tableAddr[ins.a];
      v.noteRef();
      v.popT(at);
      v.popT(t);
      v.push(at);
      return;
    }
    case 16: // table.size
      v.table(ins.a);
      v.noteRef();
      v.push(m.tableAddr[ins.a]);
      return;
    case 17: { // table.fill
      const t = v.table(ins.a);
      const at = m.tableAddr[ins.a];
      v.noteRef();
      v.popT(at);
      v.popT(t);
      v.popT(at);
      return;
    }
    default:
      throw v.err(`unsupported instruction fc ${sub}`);
  }
}

/** ref.null (0xd0), ref.is_null (0xd1), ref.func (0xd2), ref.eq (0xd3). */
export function referenceOp(v: ValidatorState, op: number): void {
  const m = v.m;
  switch (op) {
    case 0xd0: {
      const h = v.heap(v.ins.heap);
      v.noteRef();
      v.push(ref(h, true));
      return;
    }
    case 0xd1:
      v.popRef();
      v.noteRef();
      v.push(V.I32);
      return;
    case 0xd2: {
      const f = v.ins.a;
      v.noteRef();
      if (f >= m.numFuncs) throw v.err(`unknown function ${f}`);
      if (v.constRefs !== null) v.constRefs.push(f);
      else if (!v.constMode && m.declared[f] === 0) throw v.err('undeclared function reference');
      v.push(v.concrete(m.funcTypes[f], false));
      return;
    }
    case 0xd3:
      m.features.add(F.gc);
      v.popT(ref(H.Eq, true));
      v.popT(ref(H.Eq, true));
      v.push(V.I32);
      return;
  }
}
