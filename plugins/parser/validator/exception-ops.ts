/**
 * Exception handling: the legacy proposal's try/catch/catch_all/delegate/rethrow, and the 3.0
 * forms throw, throw_ref and try_table with its catch clauses.
 */
import { F } from '../binary/features.js';
import { NO_TYPES } from './module-context.js';
import { H, V, valSub } from './val-types.js';
import { C, type ValidatorState } from './validator-state.js';

const EXNREF = V.RefBase + H.Exn * 2 + 1;
const EXN_NONNULL = V.RefBase + H.Exn * 2;

/** try, catch, throw, rethrow, throw_ref, delegate, catch_all, try_table. */
export function exceptionOp(v: ValidatorState, op: number): void {
  const ins = v.ins;
  switch (op) {
    case 0x06: {
      v.m.features.add(F.legacyExceptions);
      v.blockSig(v.sig);
      const p = v.sig.p;
      v.popAll(p);
      v.pushCtrl(C.Try, p, v.sig.r);
      return;
    }
    case 0x07: case 0x19: {
      const i = v.csp - 1;
      const k = v.cKind[i];
      if (k !== C.Try && k !== C.Catch) throw v.malformed(op === 0x07 ? 'catch without try' : 'catch_all without try');
      const tagParams = op === 0x07 ? v.tag(ins.a) : NO_TYPES;
      v.popCtrl();
      v.pushCtrl(op === 0x07 ? C.Catch : C.CatchAll, tagParams, v.cResults[i]);
      return;
    }
    case 0x18: {
      const i = v.csp - 1;
      if (v.cKind[i] !== C.Try) throw v.malformed('delegate without try');
      v.popCtrl();
      if (ins.a >= v.csp) throw v.err(`unknown label ${ins.a}`);
      v.pushAll(v.cResults[i]);
      return;
    }
    case 0x09: {
      const f = v.labelFrame(ins.a);
      const k = v.cKind[f];
      if (k !== C.Catch && k !== C.CatchAll) throw v.err('invalid rethrow label');
      v.setUnreachable();
      return;
    }
    case 0x08:
      v.popAll(v.tag(ins.a));
      v.setUnreachable();
      return;
    case 0x0a:
      v.m.features.add(F.exceptions);
      v.popT(EXNREF);
      v.setUnreachable();
      return;
    case 0x1f:
      tryTable(v);
      return;
  }
}

/** try_table: every catch clause's label must accept what the clause passes to it. */
function tryTable(v: ValidatorState): void {
  const m = v.m;
  const ins = v.ins;
  m.features.add(F.exceptions);
  v.blockSig(v.sig);
  const p = v.sig.p;
  const res = v.sig.r;
  const catches = ins.catches;
  for (let k = 0; k < catches.length; k++) {
    const c = catches[k];
    const lt = v.labelTypes(v.labelFrame(c.label));
    let ok: boolean;
    if (c.kind < 2) {
      const tp = v.tag(c.tag);
      if (c.kind === 0) {
        ok = v.subtypes(tp, lt);
      } else {
        ok = lt.length === tp.length + 1 && valSub(m.reg, EXN_NONNULL, lt[tp.length]);
        for (let i = 0; ok && i < tp.length; i++) ok = valSub(m.reg, tp[i], lt[i]);
      }
    } else if (c.kind === 2) {
      ok = lt.length === 0;
    } else {
      ok = lt.length === 1 && valSub(m.reg, EXN_NONNULL, lt[0]);
    }
    if (!ok) throw v.err('type mismatch');
  }
  v.popAll(p);
  v.pushCtrl(C.TryTable, p, res);
}
