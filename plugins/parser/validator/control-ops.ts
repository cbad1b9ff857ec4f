/**
 * Structured control, branches and calls: block, loop, if/else, br, br_if, br_table, return,
 * br_on_null/br_on_non_null, ref.as_non_null, and the call family (direct, indirect, by
 * reference, tail). The fast path of `FuncValidator` handles the plain one-byte forms of
 * block/loop/if, br, br_if and call itself; these are the general forms.
 */
import { F } from '../binary/features.js';
import { H, heapOf, ref, V, valSub } from './val-types.js';
import { C, type ValidatorState } from './validator-state.js';

/** block, loop, if, else, br, br_if, br_table, return and the null-branching ops (0xd4-0xd6). */
export function controlOp(v: ValidatorState, op: number): void {
  const ins = v.ins;
  switch (op) {
    case 0x02: case 0x03: {
      v.blockSig(v.sig);
      const p = v.sig.p;
      v.popAll(p);
      v.pushCtrl(op === 0x02 ? C.Block : C.Loop, p, v.sig.r);
      return;
    }
    case 0x04: {
      v.blockSig(v.sig);
      v.popT(V.I32);
      const p = v.sig.p;
      v.popAll(p);
      v.pushCtrl(C.If, p, v.sig.r);
      return;
    }
    case 0x05: {
      const i = v.csp - 1;
      if (v.cKind[i] !== C.If) throw v.malformed('END opcode expected');
      v.popCtrl();
      v.pushCtrl(C.Else, v.cParams[i], v.cResults[i]);
      return;
    }
    case 0x0c:
      v.popAll(v.labelTypes(v.labelFrame(ins.a)));
      v.setUnreachable();
      return;
    case 0x0d: {
      const lt = v.labelTypes(v.labelFrame(ins.a));
      v.popT(V.I32);
      v.popAll(lt);
      v.pushAll(lt);
      return;
    }
    case 0x0e: {
      v.popT(V.I32);
      const def = v.labelTypes(v.labelFrame(ins.a));
      const arity = def.length;
      const targets = ins.targets;
      for (let k = 0; k < targets.length; k++) {
        const lt = v.labelTypes(v.labelFrame(targets[k]));
        if (lt.length !== arity) throw v.err('type mismatch');
        v.checkLabelOperands(lt);
      }
      v.popAll(def);
      v.setUnreachable();
      return;
    }
    case 0x0f:
      v.popAll(v.returnTypes);
      v.setUnreachable();
      return;
    case 0xd4: {
      v.m.features.add(F.functionReferences);
      const t = v.popRef();
      v.push(ref(heapOf(t), false));
      return;
    }
    case 0xd5: {
      v.m.features.add(F.functionReferences);
      const lt = v.labelTypes(v.labelFrame(ins.a));
      const t = v.popRef();
      v.popAll(lt);
      v.pushAll(lt);
      v.push(ref(heapOf(t), false));
      return;
    }
    case 0xd6: {
      v.m.features.add(F.functionReferences);
      const lt = v.labelTypes(v.labelFrame(ins.a));
      const t = v.popRef();
      v.push(ref(heapOf(t), false));
      v.branchKeepingPrefix(lt);
      return;
    }
  }
}

/** call, return_call, call_indirect, return_call_indirect, call_ref, return_call_ref (0x10-0x15). */
export function callOp(v: ValidatorState, op: number): void {
  const m = v.m;
  const ins = v.ins;
  switch (op) {
    case 0x10: case 0x12:
      if (ins.a >= m.numFuncs) throw v.err(`unknown function ${ins.a}`);
      v.call(m.funcTypes[ins.a], op === 0x12);
      return;
    case 0x11: case 0x13: {
      const elemT = v.table(ins.b);
      v.funcSig(ins.a);
      if (!valSub(m.reg, elemT, ref(H.Func, true))) throw v.err('type mismatch');
      if (ins.b > 0) m.features.add(F.referenceTypes);
      v.popT(m.tableAddr[ins.b]);
      v.call(ins.a, op === 0x13);
      return;
    }
    case 0x14: case 0x15:
      m.features.add(F.functionReferences);
      v.funcSig(ins.a);
      v.popT(v.concrete(ins.a, true));
      v.call(ins.a, op === 0x15);
      return;
  }
}
