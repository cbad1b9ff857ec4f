/**
 * The translator's superinstructions: peepholes that fold the instruction just emitted (an
 * address computation, a shift, a load, a comparison) into the one being emitted, when its
 * result is a temporary that nothing else reads. Each fusion removes the folded instruction
 * with `Translator.rewind` (its wasm offset then maps to the fused one, so traps report the
 * instruction that can trap). The run loop implements the fused ops (see `internal-ops.ts`).
 */
import { Op } from '../../kernel/ir/opcodes.js';
import { IOp, VK } from './internal-ops.js';
import { CONST, INVERSE, type Translator } from './translator.js';

/** Fused compare-and-branch → the same test fused with a preceding AddI. */
export const ADD_BR: ReadonlyMap<number, number> = new Map([
  [IOp.BrNeI, IOp.AddBrNeI], [IOp.BrLtUI, IOp.AddBrLtUI], [IOp.BrLtSI, IOp.AddBrLtSI],
  [IOp.BrNe, IOp.AddBrNe], [IOp.BrLtU, IOp.AddBrLtU], [IOp.BrLtS, IOp.AddBrLtS],
]);

/**
 * If the last two instructions are `ShlI h, x, k; AddI h, h, imm` computing entry i (home h,
 * a temporary, so the shifted value is dead), removes both and leaves x, k, imm in fA, fK, fB.
 */
export function takeShlAddI(t: Translator, i: number): boolean {
  if (!t.lastProduced(i) || t.lastOp !== IOp.AddI) return false;
  const c = t.c;
  const s = t.lastStart;
  const p = t.prevStart;
  const h = c[s + 1];
  if (p < 0 || p < t.barrier || p + 4 !== s || c[p] !== IOp.ShlI || c[s + 2] !== h || c[p + 1] !== h) return false;
  t.fA = c[p + 2];
  t.fK = c[p + 3];
  t.fB = c[s + 3];
  t.rewind(p);
  return true;
}

/**
 * If the last instruction is an AddI (or the second half of an AddI2) writing entry i,
 * removes it and leaves its operand slot and immediate in fA/fB; else false.
 */
export function takeAddI(t: Translator, i: number): boolean {
  if (!t.lastProduced(i)) return false;
  const c = t.c;
  const s = t.lastStart;
  if (t.lastOp === IOp.AddI) {
    t.fA = c[s + 2];
    t.fB = c[s + 3];
    t.rewind(s);
    return true;
  }
  if (t.lastOp === IOp.AddI2 && t.lastDst === s + 4) {
    t.fA = c[s + 5];
    t.fB = c[s + 6];
    c[s] = IOp.AddI;
    t.rewind(s + 4);
    return true;
  }
  return false;
}

/** Load superinstructions (memory 0, 32-bit addresses): the address computation folds in. */
export function fuseLoad(t: Translator, op: number, off: number): boolean {
  const c = t.c;
  const sop = op === Op.I32Load || op === Op.F32Load ? IOp.I32LoadSA : op === Op.I64Load || op === Op.F64Load ? IOp.I64LoadSA : -1;
  if (sop >= 0 && takeShlAddI(t, t.vtop)) {
    // Superinstruction: `static_array[x]`.
    t.pop();
    const dst = t.pushTemp(VK.Num);
    t.begin(sop);
    c.push(dst, t.fA, t.fK, t.fB, off);
    t.lastDst = c.length - 5;
    return true;
  }
  const fop = loadA(op);
  if (fop >= 0 && takeAddI(t, t.vtop)) {
    // Superinstruction: the address is `base + constant`.
    t.pop();
    const dst = t.pushTemp(VK.Num);
    t.begin(fop);
    c.push(dst, t.fA, t.fB, off);
    t.lastDst = c.length - 4;
    return true;
  }
  const lop = t.lastOp;
  const xop = op === Op.I32Load || op === Op.F32Load ? IOp.I32LoadX : op === Op.I64Load || op === Op.F64Load ? IOp.I64LoadX : -1;
  if (xop >= 0 && (lop === IOp.AddShl || lop === Op.I32Add) && t.lastProduced(t.vtop)) {
    // Superinstruction: the address is `a + (b << k)` (array indexing).
    const s0 = t.lastStart;
    const a = c[s0 + 2], b = c[s0 + 3], k = lop === IOp.AddShl ? c[s0 + 4] : 0;
    t.rewind(s0);
    t.pop();
    const dst = t.pushTemp(VK.Num);
    t.begin(xop);
    c.push(dst, a, b, k, off);
    t.lastDst = c.length - 5;
    return true;
  }
  return false;
}

/**
 * Store superinstructions: a `base + constant` address computed by the instruction just
 * before (the value being a local or constant), or a same-width load feeding the store.
 */
export function fuseStore(t: Translator, op: number, off: number): boolean {
  const c = t.c;
  const top = t.vtop;
  const sop = storeA(op);
  if (sop >= 0 && t.vSlot[top] !== t.vHome[top] && takeAddI(t, top - 1)) {
    const v = t.popSlot();
    t.pop();
    t.begin(sop);
    c.push(t.fA, v, t.fB, off);
    return true;
  }
  const width = op === Op.I32Store || op === Op.F32Store ? 4 : op === Op.I64Store || op === Op.F64Store ? 8 : 0;
  const lop = t.lastOp;
  const v0 = t.vSlot[top];
  if (width !== 0 && v0 !== CONST && v0 !== t.vHome[top] && (lop === IOp.AddShl || lop === Op.I32Add) && t.lastProduced(top - 1)) {
    // Superinstruction: `a + (b << k)` address, a local as value (nothing to materialise).
    const s0 = t.lastStart;
    const a = c[s0 + 2], b = c[s0 + 3], k = lop === IOp.AddShl ? c[s0 + 4] : 0;
    t.rewind(s0);
    t.pop();
    t.pop();
    t.begin(width === 4 ? IOp.I32StoreX : IOp.I64StoreX);
    c.push(a, b, k, v0, off);
    return true;
  }
  if (width !== 0 && t.lastProduced(top) && t.vSlot[top - 1] !== CONST &&
    (width === 4 ? lop === Op.I32Load || lop === Op.F32Load : lop === Op.I64Load || lop === Op.F64Load)) {
    // Superinstruction: a load feeding a store of the same width (memory copies).
    const s0 = t.lastStart;
    const src = c[s0 + 2], srcOff = c[s0 + 3];
    t.rewind(s0);
    t.pop();
    const addr = t.popSlot();
    t.begin(width === 4 ? IOp.Copy32 : IOp.Copy64);
    c.push(addr, src, srcOff, off);
    return true;
  }
  return false;
}

/** `i32.eqz` of a comparison just emitted: inverts the comparison in place (so if/br_if fuse). */
export function fuseEqz(t: Translator): boolean {
  const c = t.c;
  if (!t.lastProduced(t.vtop)) return false;
  const lo = t.lastOp;
  const s0 = t.lastStart;
  if (lo >= Op.I32Eq && lo <= Op.I32GeU && c.length === s0 + 4) {
    c[s0] = t.lastOp = Op.I32Eq + INVERSE[lo - Op.I32Eq];
    return true;
  }
  if (lo >= IOp.EqI && lo <= IOp.GeUI && c.length === s0 + 4) {
    c[s0] = t.lastOp = IOp.EqI + INVERSE[lo - IOp.EqI];
    return true;
  }
  return false;
}

/**
 * Binary superinstructions: `a + (b << k)`, `other ^ (x rot/shift n)`, a load feeding a
 * commutative add/mul. `ai`/`bi` are the operand entries (not yet popped).
 */
export function fuseBinary(t: Translator, op: number, ai: number, bi: number): boolean {
  const lop = t.lastOp;
  // `a + (b << k)` (scaled array indexing).
  if (op === Op.I32Add && lop === IOp.ShlI) return foldLastOperand(t, ai, bi, IOp.AddShl);
  // `other ^ (x rot/shift n)` (hash and checksum mixing).
  if (op === Op.I32Xor && (lop === IOp.RotlI || lop === IOp.ShrUI || lop === IOp.ShlI)) {
    if (foldLastOperand(t, ai, bi, lop === IOp.RotlI ? IOp.XorRotlI : lop === IOp.ShrUI ? IOp.XorShrUI : IOp.XorShlI)) return true;
  }
  // A load feeding a commutative add/mul (`x += a[i]`, `s * b[j]`).
  if ((op === Op.I32Add && lop === Op.I32Load) || ((op === Op.F64Add || op === Op.F64Mul) && lop === Op.F64Load)) {
    return foldLastOperand(t, ai, bi, op === Op.I32Add ? IOp.I32AddLoad : op === Op.F64Add ? IOp.F64AddLoad : IOp.F64MulLoad);
  }
  return false;
}

/**
 * Folds the instruction just emitted (two immediates after its destination) into `fused`, when
 * it produced one operand of a commutative binary op and the other operand is not a constant:
 * emits `fused dst, other, imm1, imm2` in its place.
 */
function foldLastOperand(t: Translator, ai: number, bi: number, fused: IOp): boolean {
  const c = t.c;
  const produced = t.lastProduced(bi) ? bi : t.lastProduced(ai) && t.vSlot[bi] !== t.vHome[bi] ? ai : -1;
  if (produced < 0) return false;
  const other = produced === bi ? t.vSlot[ai] : t.vSlot[bi];
  if (other === CONST) return false;
  const s0 = t.lastStart;
  const imm1 = c[s0 + 2], imm2 = c[s0 + 3];
  t.rewind(s0);
  t.pop();
  t.pop();
  const dst = t.pushTemp(VK.Num);
  t.begin(fused);
  c.push(dst, other, imm1, imm2);
  t.lastDst = c.length - 4;
  return true;
}

function loadA(op: number): number {
  switch (op) {
    case Op.I32Load: case Op.F32Load: return IOp.I32LoadA;
    case Op.I64Load: case Op.F64Load: return IOp.I64LoadA;
    case Op.I32Load8U: return IOp.I32Load8UA;
    case Op.I32Load8S: return IOp.I32Load8SA;
    case Op.I32Load16U: return IOp.I32Load16UA;
    case Op.I32Load16S: return IOp.I32Load16SA;
    default: return -1;
  }
}

function storeA(op: number): number {
  switch (op) {
    case Op.I32Store: case Op.F32Store: return IOp.I32StoreA;
    case Op.I64Store: case Op.F64Store: return IOp.I64StoreA;
    case Op.I32Store8: return IOp.I32Store8A;
    case Op.I32Store16: return IOp.I32Store16A;
    default: return -1;
  }
}
