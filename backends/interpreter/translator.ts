/**
 * Translates one validated function body into the interpreter's register-style code (see
 * `internal-ops.ts`). The translator simulates the operand stack: every stack entry has a
 * "home" slot (its position if it were materialised) but may instead name a local directly
 * (`local.get` emits nothing) or hold an i32 constant (folded into `*I` immediate forms).
 * Producers write straight into their home; a following `local.set` retargets the
 * producer's destination to the local, so `local.get a; local.get b; i32.add; local.set c`
 * becomes a single instruction. Values are moved to their homes only where control flow
 * merges (block entry/exit, branches) and for calls (arguments are passed in place: the
 * callee's frame starts at the first argument's home).
 *
 * The module is validated, so nothing here checks types; unreachable code is skipped.
 */
import type { ModuleIR, FuncBody } from '../../kernel/ir/module-ir.js';
import { CodeReader, Instr, type BlockType } from '../../kernel/ir/code-reader.js';
import { Op, opName } from '../../kernel/ir/opcodes.js';
import type { FuncType, HeapType, ValType, StorageType } from '../../kernel/ir/types.js';
import { IOp, VK, GK } from './internal-ops.js';
import { FuncCode, Handler, kindOf, slotSize } from './func-code.js';
import { fuelCost } from './fuel-costs.js';
import { translateExt } from './translate-ext.js';
import { ADD_BR, fuseBinary, fuseEqz, fuseLoad, fuseStore } from './translate-fuse.js';

export interface TranslateOptions {
  readonly fuel: boolean;
  readonly epoch: boolean;
  readonly callHooks: boolean;
  readonly sampling?: boolean;
}

const enum CK { Func, Block, Loop, If, Else, TryTable, Try, Catch }

export const CONST = -1;

class Ctrl {
  kind: CK;
  dead: boolean;
  unreachable = false;
  height: number;
  vbase: number;
  params: readonly ValType[];
  results: readonly ValType[];
  labelPc = -1;
  /** Code positions holding a forward branch target to this label's end. */
  patches: number[] = [];
  /** Handler clause arrays and indices holding a target pc to this label's end. */
  hpatchArr: number[][] = [];
  hpatchIdx: number[] = [];
  elsePatch = -1;
  saveSlot = -1;
  handler = -1;
  activeHandler: number;

  constructor(kind: CK, dead: boolean, height: number, vbase: number, params: readonly ValType[], results: readonly ValType[], activeHandler: number) {
    this.kind = kind;
    this.dead = dead;
    this.height = height;
    this.vbase = vbase;
    this.params = params;
    this.results = results;
    this.activeHandler = activeHandler;
  }
}

export function gkOf(t: ValType): GK {
  switch (t) {
    case 'i32': return GK.I32;
    case 'i64': return GK.I64;
    case 'f32': return GK.F32;
    case 'f64': return GK.F64;
    case 'v128': return GK.V128;
    default: return GK.Ref;
  }
}

/** Heap type as an immediate: type index >= 0, abstract types negative. */
export function heapCode(h: HeapType): number {
  if (typeof h === 'number') return h;
  return -1 - ABS.indexOf(h);
}

export const ABS: readonly string[] = ['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn'];

export class Translator {
  readonly ir: ModuleIR;
  readonly fc: FuncCode;
  readonly opts: TranslateOptions;
  c: number[] = [];
  offs: number[] = [];
  handlers: Handler[] = [];
  // virtual operand stack
  vKind: number[] = [];
  vSlot: number[] = [];
  vHome: number[] = [];
  vConst: number[] = [];
  height = 0;
  maxHeight = 0;
  ctrls: Ctrl[] = [];
  // peephole state
  lastStart = -1;
  lastDst = -1;
  lastOp = -1;
  /** Start of the instruction before the last one (-1 after a rewind). */
  prevStart = -1;
  barrier = 0;
  fuelPos = -1;
  hiddenNext = 0;
  /** i64/f64 constants used in loops → index of their constant slot (after the locals). */
  readonly consts = new Map<string, number>();
  returnStubs: number[][] = [];
  returnStubIdx: number[] = [];
  readonly ins = new Instr();

  constructor(ir: ModuleIR, fc: FuncCode, opts: TranslateOptions) {
    this.ir = ir;
    this.fc = fc;
    this.opts = opts;
  }

  // ---- emission helpers ----------------------------------------------------------------

  begin(op: number): void {
    const c = this.c;
    this.prevStart = this.lastStart;
    this.lastStart = c.length;
    this.lastDst = -1;
    this.lastOp = op;
    c.push(op);
  }

  /** Marks the wasm offset of the instruction about to be emitted. */
  mark(offset: number): void {
    const o = this.offs;
    if (o.length && o[o.length - 2] === this.c.length) o[o.length - 1] = offset;
    else o.push(this.c.length, offset);
  }

  /**
   * Drops the code from `start` (an instruction being fused into the next one); the wasm
   * offset of the instruction being translated now maps to `start`, so a trap in the fused
   * instruction reports that instruction.
   */
  rewind(start: number): void {
    const o = this.offs;
    let last = -1;
    while (o.length && o[o.length - 2] >= start) {
      if (last < 0) last = o[o.length - 1];
      o.length -= 2;
    }
    this.c.length = start;
    if (last >= 0) o.push(start, last);
    this.lastDst = -1;
    this.lastOp = -1;
    this.prevStart = -1;
  }

  /**
   * Whether the instruction at `s` is a lone AddI writing slot `d` that ends the code, in the
   * current straight-line run (so it can be fused with the branch that tests `d`).
   */
  addIBefore(s: number, d: number): boolean {
    const c = this.c;
    return s >= 0 && s >= this.barrier && c.length === s + 4 && c[s] === IOp.AddI && c[s + 1] === d;
  }

  /** Replaces the AddI at `s` by `op` with the AddI's operands first: [op, d, a, imm, ...]. */
  fuseAddI(s: number, op: number): void {
    const c = this.c;
    const d = c[s + 1], a = c[s + 2], imm = c[s + 3];
    this.rewind(s);
    this.begin(op);
    c.push(d, a, imm);
  }

  /** Whether entry i is a temporary in its home written by the last emitted instruction. */
  lastProduced(i: number): boolean {
    return this.lastDst >= 0 && this.lastStart >= this.barrier && this.vSlot[i] === this.vHome[i] && this.c[this.lastDst] === this.vHome[i];
  }

  label(): number {
    this.barrier = this.c.length;
    return this.c.length;
  }

  newRun(): void {
    if (!this.opts.fuel) return;
    const c = this.c;
    if (this.fuelPos === c.length - 1 && c[this.fuelPos] === 0 && this.fuelPos - 1 >= this.barrier) return;
    c.push(IOp.Fuel, 0);
    this.fuelPos = c.length - 1;
    this.barrier = c.length;
  }

  charge(n: number): void {
    if (this.opts.fuel && n) this.c[this.fuelPos] += n;
  }

  // ---- virtual stack -----------------------------------------------------------------------

  get vtop(): number {
    return this.vKind.length - 1;
  }

  push(kind: VK, slot: number, cval = 0): number {
    const home = this.height;
    this.vKind.push(kind);
    this.vSlot.push(slot === -2 ? home : slot);
    this.vHome.push(home);
    this.vConst.push(cval);
    this.height += slotSize(kind);
    if (this.height > this.maxHeight) this.maxHeight = this.height;
    return home;
  }

  /** Pushes a temporary produced by the instruction being emitted; returns its slot. */
  pushTemp(kind: VK): number {
    return this.push(kind, -2);
  }

  pop(): void {
    const k = this.vKind.pop()!;
    this.vSlot.pop();
    this.vHome.pop();
    this.vConst.pop();
    this.height -= slotSize(k);
  }

  emitMov(kind: number, dst: number, src: number): void {
    const c = this.c;
    if (kind === VK.Num && this.lastOp === IOp.Mov && this.lastStart >= this.barrier && c.length === this.lastStart + 3) {
      // Superinstruction: two moves in a row (register shuffles of a loop body).
      c[this.lastStart] = IOp.Mov2;
      c.push(dst, src);
      this.lastOp = IOp.Mov2;
      this.lastDst = -1;
      return;
    }
    this.begin(kind === VK.Num ? IOp.Mov : kind === VK.Ref ? IOp.MovR : IOp.MovV);
    c.push(dst, src);
  }

  /** Makes entry i live in its home slot. */
  materialize(i: number): void {
    const s = this.vSlot[i];
    const h = this.vHome[i];
    if (s === h) return;
    if (s === CONST) {
      this.begin(Op.I32Const);
      this.c.push(h, this.vConst[i]);
    } else {
      this.emitMov(this.vKind[i], h, s);
    }
    this.vSlot[i] = h;
  }

  /** Slot of entry i, materialising a constant. */
  slotOf(i: number): number {
    if (this.vSlot[i] === CONST) this.materialize(i);
    return this.vSlot[i];
  }

  popSlot(): number {
    const s = this.slotOf(this.vtop);
    this.pop();
    return s;
  }

  /** Materialises every entry that aliases local slot `slot` (before that local changes). */
  spillLocal(slot: number): void {
    for (let i = 0; i < this.vSlot.length; i++) if (this.vSlot[i] === slot && this.vHome[i] !== slot) this.materialize(i);
  }

  spillAllLocals(): void {
    const nl = this.fc.localSlots;
    for (let i = 0; i < this.vSlot.length; i++) if (this.vSlot[i] >= 0 && this.vSlot[i] < nl) this.materialize(i);
  }

  /** Materialises the top n entries (arguments, block params). Returns the first one's home. */
  materializeTop(n: number): number {
    const top = this.vKind.length;
    for (let i = top - n; i < top; i++) this.materialize(i);
    return n ? this.vHome[top - n] : this.height;
  }

  popN(n: number): void {
    for (let i = 0; i < n; i++) this.pop();
  }

  pushTypes(ts: readonly ValType[]): void {
    for (const t of ts) this.pushTemp(kindOf(t));
  }

  // ---- control helpers -----------------------------------------------------------------

  blockSig(bt: BlockType): [readonly ValType[], readonly ValType[]] {
    if (bt === null) return [NONE, NONE];
    if (typeof bt === 'number') {
      const ft = this.ir.types[bt].composite as FuncType;
      return [ft.params, ft.results];
    }
    return [NONE, [bt]];
  }

  ctrlAt(depth: number): Ctrl {
    return this.ctrls[this.ctrls.length - 1 - depth];
  }

  labelTypes(ct: Ctrl): readonly ValType[] {
    return ct.kind === CK.Loop ? ct.params : ct.results;
  }

  /** Whether branching to `ct` needs no value moves. */
  movesTrivial(ct: Ctrl, extra = 0): boolean {
    if (ct.kind === CK.Func) return false;
    const ts = this.labelTypes(ct);
    const top = this.vKind.length - extra;
    let home = ct.height;
    for (let i = 0; i < ts.length; i++) {
      const e = top - ts.length + i;
      if (this.vSlot[e] !== home) return false;
      home += slotSize(this.vKind[e]);
    }
    return true;
  }

  /** Emits the moves of the carried values into the label's slots (top `extra` entries skipped). */
  emitMoves(ct: Ctrl, extra = 0): void {
    const ts = this.labelTypes(ct);
    const top = this.vKind.length - extra;
    if (ct.kind === CK.Func) {
      // Results go to slots 0..: materialise first so ascending copies never clobber a source.
      if (ts.length > 1) for (let i = top - ts.length; i < top; i++) this.materialize(i);
      let dst = 0;
      for (let i = 0; i < ts.length; i++) {
        const e = top - ts.length + i;
        this.moveEntryTo(e, dst);
        dst += slotSize(this.vKind[e]);
      }
      return;
    }
    let home = ct.height;
    for (let i = 0; i < ts.length; i++) {
      const e = top - ts.length + i;
      this.moveEntryTo(e, home);
      home += slotSize(this.vKind[e]);
    }
  }

  moveEntryTo(e: number, dst: number): void {
    const s = this.vSlot[e];
    if (s === dst) return;
    if (s === CONST) {
      this.begin(Op.I32Const);
      this.c.push(dst, this.vConst[e]);
    } else {
      this.emitMov(this.vKind[e], dst, s);
    }
  }

  /**
   * Before a conditional branch to the function label carrying several values: materialise
   * them on the unconditional path (emitMoves would otherwise materialise inside the branch
   * only, leaving the translator's view of the stack wrong on the fall-through path).
   */
  prepBranch(ct: Ctrl, extra = 0): void {
    const n = this.labelTypes(ct).length;
    if (ct.kind !== CK.Func || n < 2) return;
    const top = this.vKind.length - extra;
    for (let i = top - n; i < top; i++) this.materialize(i);
  }

  /** Emits a jump to `ct` (after moves); for the function label a return. */
  emitJump(ct: Ctrl): void {
    if (ct.kind === CK.Func) {
      this.begin(IOp.Return);
      return;
    }
    if (ct.kind === CK.Loop && this.rotateLoop(ct)) return;
    this.begin(IOp.Br);
    this.target(ct);
  }

  /**
   * Loop rotation for the common `loop (br_if $exit (cmp ...)) ... (br $loop)` shape: the
   * back-edge re-tests the head condition itself (inverted, jumping into the body) instead of
   * jumping to the head, saving one dispatch per iteration.
   */
  rotateLoop(ct: Ctrl): boolean {
    const c = this.c;
    const h = ct.labelPc;
    const op = c[h];
    let len: number;
    let inv: number;
    if (op >= IOp.BrEq && op <= IOp.BrGeU) { len = 4; inv = IOp.BrEq + INVERSE[op - IOp.BrEq]; }
    else if (op >= IOp.BrEqI && op <= IOp.BrGeUI) { len = 4; inv = IOp.BrEqI + INVERSE[op - IOp.BrEqI]; }
    else if (op === IOp.BrIf || op === IOp.BrUnless) { len = 3; inv = op === IOp.BrIf ? IOp.BrUnless : IOp.BrIf; }
    else return false;
    // The head's exit target: known, or pending in some enclosing label's patch list.
    const tpos = h + len - 1;
    let owner: Ctrl | null = null;
    if (c[tpos] < 0) {
      for (const x of this.ctrls) if (x.patches.includes(tpos)) owner = x;
      if (owner === null) return false;
    }
    this.begin(inv);
    for (let i = 1; i < len - 1; i++) c.push(c[h + i]);
    c.push(h + len);
    this.begin(IOp.Br);
    if (owner !== null) {
      owner.patches.push(c.length);
      c.push(-1);
    } else {
      c.push(c[tpos]);
    }
    return true;
  }

  /** Pushes the branch target of `ct` into the code (patched later for forward labels). */
  target(ct: Ctrl): void {
    if (ct.kind === CK.Loop) {
      this.c.push(ct.labelPc);
    } else {
      ct.patches.push(this.c.length);
      this.c.push(-1);
    }
  }

  /** Conditional branch on `cond` (slot) to depth; handles value moves. `ifTrue`: branch when != 0. */
  emitCondBranch(ct: Ctrl, cond: number, ifTrue: boolean): void {
    if (this.movesTrivial(ct)) {
      if (ifTrue && this.lastOp === IOp.AddI && this.addIBefore(this.lastStart, cond)) {
        this.fuseAddI(this.lastStart, IOp.AddBrIf);
      } else {
        this.begin(ifTrue ? IOp.BrIf : IOp.BrUnless);
        this.c.push(cond);
      }
      this.target(ct);
      return;
    }
    this.begin(ifTrue ? IOp.BrUnless : IOp.BrIf);
    this.c.push(cond, -1);
    const skip = this.c.length - 1;
    this.emitMoves(ct);
    this.emitJump(ct);
    this.c[skip] = this.label();
  }

  markUnreachable(): void {
    const ct = this.ctrls[this.ctrls.length - 1];
    ct.unreachable = true;
  }

  // ---- main loop ------------------------------------------------------------------------

  run(body: FuncBody): void {
    const fc = this.fc;
    const consts = this.consts;
    const hidden = prescan(this.ir, body, consts);
    this.hiddenNext = fc.localSlots + consts.size;
    const base = fc.localSlots + hidden;
    this.height = base;
    this.maxHeight = Math.max(base, fc.resultSlots);
    const fctrl = new Ctrl(CK.Func, false, 0, 0, NONE, fc.type.results, -1);
    this.ctrls.push(fctrl);
    if (this.opts.callHooks) this.begin(IOp.HookEnter);
    if (this.opts.epoch) this.begin(IOp.Epoch);
    if (this.opts.sampling) this.begin(IOp.Sample);
    this.newRun();
    // Constant slots (see prescan): filled once here, read-only afterwards.
    for (const [k, i] of consts) {
      const [lo, hi] = k.split(':');
      this.begin(Op.I64Const);
      this.c.push(fc.localSlots + i, Number(lo), Number(hi));
    }
    const r = new CodeReader(body.code, 0, body.code.length, body.codeOffset);
    const ins = this.ins;
    while (!r.atEnd()) {
      r.read(ins);
      const top = this.ctrls[this.ctrls.length - 1];
      if (top.unreachable) {
        this.skipDead(ins, top);
        continue;
      }
      this.charge(fuelCost(ins.op));
      this.mark(ins.offset);
      this.step(ins);
    }
    // Stubs for try_table catches that target the function label.
    for (let i = 0; i < this.returnStubs.length; i++) {
      this.returnStubs[i][this.returnStubIdx[i]] = this.c.length;
    }
    if (this.returnStubs.length) this.begin(IOp.Return);
    fc.code = Int32Array.from(this.c);
    fc.offsets = Int32Array.from(this.offs);
    fc.handlers = this.handlers;
    fc.frameSlots = this.maxHeight + 2;
    fc.ready = true;
  }

  skipDead(ins: Instr, top: Ctrl): void {
    switch (ins.op) {
      case Op.Block: case Op.Loop: case Op.If: case Op.Try: case Op.TryTable:
        this.ctrls.push(new Ctrl(CK.Block, true, this.height, this.vKind.length, NONE, NONE, top.activeHandler));
        this.ctrls[this.ctrls.length - 1].unreachable = true;
        return;
      case Op.End:
        if (top.dead) {
          this.ctrls.pop();
          return;
        }
        this.mark(ins.offset);
        this.endBlock(top);
        return;
      case Op.Delegate:
        if (top.dead) {
          this.ctrls.pop();
          return;
        }
        this.delegate(top, ins.a);
        return;
      case Op.Else: case Op.Catch: case Op.CatchAll:
        if (top.dead) return;
        this.mark(ins.offset);
        this.step(ins);
        return;
    }
  }

  step(ins: Instr): void {
    const op = ins.op;
    const c = this.c;
    if (op >= Op.I32Eqz && op <= Op.I64Extend32S) {
      this.numeric(op);
      return;
    }
    if (op >= Op.I32Load && op <= Op.I64Store32) {
      this.memop(ins);
      return;
    }
    switch (op) {
      case Op.Unreachable:
        this.begin(IOp.Unreachable);
        this.markUnreachable();
        return;
      case Op.Nop:
        return;
      case Op.Block: case Op.Loop: case Op.If: case Op.Try: case Op.TryTable:
        this.enterBlock(ins);
        return;
      case Op.Else: {
        const ct = this.ctrls[this.ctrls.length - 1];
        if (!ct.unreachable) {
          this.materializeTop(ct.results.length);
          this.begin(IOp.Br);
          ct.patches.push(c.length);
          c.push(-1);
        }
        c[ct.elsePatch] = this.label();
        ct.elsePatch = -1;
        ct.kind = CK.Else;
        ct.unreachable = false;
        this.truncate(ct.vbase);
        // Restore the if's parameters (the then-branch may have overwritten their slots).
        let h = ct.height;
        let save = ct.saveSlot;
        for (const p of ct.params) {
          const k = kindOf(p);
          this.push(k, -2);
          if (save >= 0) {
            this.emitMov(k, h, save);
            save += slotSize(k);
          }
          h += slotSize(k);
        }
        this.newRun();
        return;
      }
      case Op.End:
        this.endBlock(this.ctrls[this.ctrls.length - 1]);
        return;
      case Op.Br: {
        const ct = this.ctrlAt(ins.a);
        this.emitMoves(ct);
        this.emitJump(ct);
        this.markUnreachable();
        return;
      }
      case Op.BrIf:
        this.brIf(this.ctrlAt(ins.a));
        this.newRun();
        return;
      case Op.BrTable:
        this.brTable(ins);
        this.markUnreachable();
        return;
      case Op.Return: {
        const ct = this.ctrls[0];
        this.emitMoves(ct);
        this.begin(IOp.Return);
        this.markUnreachable();
        return;
      }
      case Op.Call: case Op.ReturnCall: {
        const ft = this.ir.types[this.ir.funcTypeIndices[ins.a]].composite as FuncType;
        const argBase = this.materializeTop(ft.params.length);
        this.popN(ft.params.length);
        if (op === Op.Call) {
          this.begin(IOp.Call);
          c.push(ins.a, argBase);
          this.pushTypes(ft.results);
          this.newRun();
        } else {
          this.begin(IOp.ReturnCall);
          c.push(ins.a, argBase);
          this.markUnreachable();
        }
        return;
      }
      case Op.CallIndirect: case Op.ReturnCallIndirect: {
        const ft = this.ir.types[ins.a].composite as FuncType;
        const idx = this.popSlot();
        const argBase = this.materializeTop(ft.params.length);
        this.popN(ft.params.length);
        this.begin(op === Op.CallIndirect ? IOp.CallIndirect : IOp.ReturnCallIndirect);
        c.push(ins.a, ins.b, idx, argBase);
        if (op === Op.CallIndirect) {
          this.pushTypes(ft.results);
          this.newRun();
        } else {
          this.markUnreachable();
        }
        return;
      }
      case Op.CallRef: case Op.ReturnCallRef: {
        const ft = this.ir.types[ins.a].composite as FuncType;
        const ref = this.popSlot();
        const argBase = this.materializeTop(ft.params.length);
        this.popN(ft.params.length);
        this.begin(op === Op.CallRef ? IOp.CallRef : IOp.ReturnCallRef);
        c.push(ins.a, ref, argBase);
        if (op === Op.CallRef) {
          this.pushTypes(ft.results);
          this.newRun();
        } else {
          this.markUnreachable();
        }
        return;
      }
      case Op.Drop:
        this.pop();
        return;
      case Op.Select: case Op.SelectT: {
        const cond = this.popSlot();
        const b = this.popSlot();
        const k = this.vKind[this.vtop];
        const a = this.popSlot();
        const dst = this.pushTemp(k);
        this.begin(k === VK.Num ? IOp.Select : k === VK.Ref ? IOp.SelectR : IOp.SelectV);
        c.push(dst, a, b, cond);
        this.lastDst = c.length - 4;
        return;
      }
      case Op.LocalGet: {
        const fc = this.fc;
        this.push(fc.localKind[ins.a], fc.localSlot[ins.a]);
        return;
      }
      case Op.LocalSet: case Op.LocalTee:
        this.localSet(ins.a);
        if (op === Op.LocalTee) this.push(this.fc.localKind[ins.a], this.fc.localSlot[ins.a]);
        return;
      case Op.GlobalGet: {
        const t = this.ir.globalTypes[ins.a].type;
        const dst = this.pushTemp(kindOf(t));
        this.begin(IOp.GlobalGet);
        c.push(dst, ins.a, gkOf(t));
        this.lastDst = c.length - 3;
        return;
      }
      case Op.GlobalSet: {
        const t = this.ir.globalTypes[ins.a].type;
        const s = this.popSlot();
        this.begin(IOp.GlobalSet);
        c.push(ins.a, s, gkOf(t));
        return;
      }
      case Op.TableGet: {
        const idx = this.popSlot();
        const dst = this.pushTemp(VK.Ref);
        this.begin(IOp.TableGet);
        c.push(dst, ins.a, idx);
        this.lastDst = c.length - 3;
        return;
      }
      case Op.TableSet: {
        const v = this.popSlot();
        const idx = this.popSlot();
        this.begin(IOp.TableSet);
        c.push(ins.a, idx, v);
        return;
      }
      case Op.MemorySize: {
        const dst = this.pushTemp(VK.Num);
        this.begin(Op.MemorySize);
        c.push(dst, ins.a);
        return;
      }
      case Op.MemoryGrow: {
        const d = this.popSlot();
        const dst = this.pushTemp(VK.Num);
        this.begin(Op.MemoryGrow);
        c.push(dst, d, ins.a);
        return;
      }
      case Op.I32Const:
        this.push(VK.Num, CONST, ins.a);
        return;
      case Op.I64Const: case Op.F64Const: {
        const ci = this.consts.get(constKey(ins));
        if (ci !== undefined) {
          this.push(VK.Num, this.fc.localSlots + ci);
          return;
        }
        if (op === Op.F64Const) {
          const dst = this.pushTemp(VK.Num);
          this.begin(Op.I64Const);
          c.push(dst, ins.lo | 0, ins.hi | 0);
          this.lastDst = c.length - 3;
          return;
        }
        const dst = this.pushTemp(VK.Num);
        this.begin(Op.I64Const);
        c.push(dst, Number(BigInt.asIntN(32, ins.i64)), Number(BigInt.asIntN(32, ins.i64 >> 32n)));
        this.lastDst = c.length - 3;
        return;
      }
      case Op.F32Const: {
        const dst = this.pushTemp(VK.Num);
        this.begin(Op.I32Const);
        c.push(dst, ins.a | 0);
        this.lastDst = c.length - 2;
        return;
      }
      case Op.RefNull: {
        const dst = this.pushTemp(VK.Ref);
        this.begin(IOp.RefNull);
        c.push(dst);
        this.lastDst = c.length - 1;
        return;
      }
      case Op.RefIsNull: {
        const s = this.popSlot();
        const dst = this.pushTemp(VK.Num);
        this.begin(IOp.RefIsNull);
        c.push(dst, s);
        this.lastDst = c.length - 2;
        return;
      }
      case Op.RefFunc: {
        const dst = this.pushTemp(VK.Ref);
        this.begin(IOp.RefFunc);
        c.push(dst, ins.a);
        this.lastDst = c.length - 2;
        return;
      }
      case Op.RefEq: {
        const b = this.popSlot();
        const a = this.popSlot();
        const dst = this.pushTemp(VK.Num);
        this.begin(IOp.RefEq);
        c.push(dst, a, b);
        this.lastDst = c.length - 3;
        return;
      }
      case Op.RefAsNonNull: {
        const s = this.popSlot();
        const dst = this.pushTemp(VK.Ref);
        this.begin(IOp.RefAsNonNull);
        c.push(dst, s);
        this.lastDst = c.length - 2;
        return;
      }
      case Op.BrOnNull: {
        const ct = this.ctrlAt(ins.a);
        const s = this.slotOf(this.vtop);
        this.prepBranch(ct, 1);
        if (this.movesTrivial(ct, 1)) {
          this.begin(IOp.BrOnNull);
          c.push(s);
          this.target(ct);
        } else {
          this.begin(IOp.BrOnNonNull);
          c.push(s, -1);
          const skip = c.length - 1;
          this.emitMoves(ct, 1);
          this.emitJump(ct);
          c[skip] = this.label();
        }
        this.newRun();
        return;
      }
      case Op.BrOnNonNull: {
        const ct = this.ctrlAt(ins.a);
        const s = this.slotOf(this.vtop);
        this.prepBranch(ct);
        if (this.movesTrivial(ct)) {
          this.begin(IOp.BrOnNonNull);
          c.push(s);
          this.target(ct);
        } else {
          this.begin(IOp.BrOnNull);
          c.push(s, -1);
          const skip = c.length - 1;
          this.emitMoves(ct);
          this.emitJump(ct);
          c[skip] = this.label();
        }
        this.pop();
        this.newRun();
        return;
      }
      case Op.Throw: {
        const ft = this.ir.types[this.ir.tagTypeIndices[ins.a]].composite as FuncType;
        const argBase = this.materializeTop(ft.params.length);
        this.popN(ft.params.length);
        this.begin(IOp.Throw);
        c.push(ins.a, argBase);
        this.markUnreachable();
        return;
      }
      case Op.ThrowRef: {
        const s = this.popSlot();
        this.begin(IOp.ThrowRef);
        c.push(s);
        this.markUnreachable();
        return;
      }
      case Op.Rethrow: {
        const ct = this.ctrlAt(ins.a);
        this.begin(IOp.ThrowRef);
        c.push(this.handlers[ct.handler].exnSlot);
        this.markUnreachable();
        return;
      }
      case Op.Catch: case Op.CatchAll:
        this.legacyCatch(ins);
        return;
      case Op.Delegate:
        this.delegate(this.ctrls[this.ctrls.length - 1], ins.a);
        return;
    }
    if (op >= Op.I32TruncSatF32S && op <= Op.I64TruncSatF64U) {
      const a = this.popSlot();
      const dst = this.pushTemp(VK.Num);
      this.begin(IOp.TruncSatBase + (op - Op.I32TruncSatF32S));
      c.push(dst, a);
      this.lastDst = c.length - 2;
      return;
    }
    translateExt(this, ins);
  }

  truncate(n: number): void {
    while (this.vKind.length > n) this.pop();
  }

  // ---- blocks -------------------------------------------------------------------------

  enterBlock(ins: Instr): void {
    const op = ins.op;
    const [params, results] = this.blockSig(ins.block);
    const c = this.c;
    let cond = -1;
    let fused = -1;
    if (op === Op.If) {
      fused = this.fusableCompare();
      if (fused < 0) cond = this.popSlot();
    }
    this.spillAllLocals();
    const np = params.length;
    const hbase = this.materializeTop(np);
    const parent = this.ctrls[this.ctrls.length - 1];
    const kind = op === Op.Block ? CK.Block : op === Op.Loop ? CK.Loop : op === Op.If ? CK.If : op === Op.Try ? CK.Try : CK.TryTable;
    const ct = new Ctrl(kind, false, hbase, this.vKind.length - np, params, results, parent.activeHandler);
    if (op === Op.TryTable) {
      // Catch labels are resolved outside the try_table (before pushing it).
      const h = new Handler(c.length, parent.activeHandler, 0);
      for (const cl of ins.catches) {
        const tct = this.ctrlAt(cl.label);
        const idx = h.clauses.length + 2;
        h.clauses.push(cl.kind, cl.tag, -1, tct.kind === CK.Func ? 0 : tct.height);
        if (tct.kind === CK.Loop) h.clauses[idx] = tct.labelPc;
        else if (tct.kind === CK.Func) { this.returnStubs.push(h.clauses); this.returnStubIdx.push(idx); }
        else { tct.hpatchArr.push(h.clauses); tct.hpatchIdx.push(idx); }
      }
      ct.handler = this.handlers.length;
      ct.activeHandler = ct.handler;
      this.handlers.push(h);
    } else if (op === Op.Try) {
      const h = new Handler(c.length, parent.activeHandler, 1);
      h.exnSlot = this.hiddenNext++;
      ct.handler = this.handlers.length;
      ct.activeHandler = ct.handler;
      this.handlers.push(h);
    }
    this.ctrls.push(ct);
    if (op === Op.If) {
      if (np > 0) {
        ct.saveSlot = this.hiddenNext;
        let h = hbase;
        for (let i = 0; i < np; i++) {
          const k = kindOf(params[i]);
          this.emitMov(k, this.hiddenNext, h);
          this.hiddenNext += slotSize(k);
          h += slotSize(k);
        }
      }
      if (fused >= 0) {
        // Branch to else when the comparison is false: emit the inverse comparison.
        this.begin(fused);
        if (fused === IOp.BrIf) c.push(this.fA, -1);
        else c.push(this.fA, this.fB, -1);
      } else {
        this.begin(IOp.BrUnless);
        c.push(cond, -1);
      }
      ct.elsePatch = c.length - 1;
      this.newRun();
      return;
    }
    if (op === Op.Loop) {
      ct.labelPc = this.label();
      if (this.opts.epoch) this.begin(IOp.Epoch);
      if (this.opts.sampling) this.begin(IOp.Sample);
      this.newRun();
      return;
    }
    this.label();
  }

  fA = 0;
  fB = 0;
  fK = 0;

  /**
   * If the top of the stack is the result of the i32 comparison just emitted, removes that
   * instruction and returns the fused branch op that branches when the comparison is FALSE
   * (operands in fA/fB); else -1.
   */
  fusableCompare(): number {
    const c = this.c;
    const t = this.vtop;
    if (this.lastDst < 0 || this.lastStart < this.barrier || this.vSlot[t] !== this.vHome[t] || c[this.lastDst] !== this.vHome[t]) return -1;
    const op = this.lastOp;
    const s = this.lastStart;
    let inv = -1;
    if (op >= Op.I32Eq && op <= Op.I32GeU) {
      if (c.length !== s + 4) return -1;
      inv = IOp.BrEq + INVERSE[op - Op.I32Eq];
    } else if (op >= IOp.EqI && op <= IOp.GeUI) {
      if (c.length !== s + 4) return -1;
      inv = IOp.BrEqI + INVERSE[op - IOp.EqI];
    } else if (op === Op.I32Eqz) {
      if (c.length !== s + 3) return -1;
      this.fA = c[s + 2];
      c.length = s;
      this.pop();
      this.lastDst = -1;
      return IOp.BrIf; // branch (to else) when the operand is non-zero: [BrIf, a, target]
    } else {
      return -1;
    }
    this.fA = c[s + 2];
    this.fB = c[s + 3];
    c.length = s;
    this.pop();
    this.lastDst = -1;
    return inv;
  }

  brIf(ct: Ctrl): void {
    const c = this.c;
    const t = this.vtop;
    if (ct.kind === CK.Func && this.labelTypes(ct).length > 1) {
      // Materialise the carried values first (this breaks fusion, which is fine here).
      const cond = this.popSlot();
      this.prepBranch(ct);
      this.emitCondBranch(ct, cond, true);
      return;
    }
    // Check fusion on the condition without popping the carried values.
    if (this.movesTrivialBelowTop(ct)) {
      const inv = this.fusableCompare();
      if (inv >= 0) {
        if (inv === IOp.BrIf) {
          this.begin(IOp.BrUnless);
          c.push(this.fA);
        } else {
          const fwd = inv >= IOp.BrEqI ? IOp.BrEqI + INVERSE[inv - IOp.BrEqI] : IOp.BrEq + INVERSE[inv - IOp.BrEq];
          const fused = ADD_BR.get(fwd);
          if (fused !== undefined && this.addIBefore(this.prevStart, this.fA)) {
            // Superinstruction: `i += imm` and the back-edge test of i.
            this.fuseAddI(this.prevStart, fused);
            c.push(this.fB);
          } else {
            this.begin(fwd);
            c.push(this.fA, this.fB);
          }
        }
        this.target(ct);
        return;
      }
    }
    void t;
    const cond = this.popSlot();
    this.emitCondBranch(ct, cond, true);
  }

  movesTrivialBelowTop(ct: Ctrl): boolean {
    return this.movesTrivial(ct, 1);
  }

  brTable(ins: Instr): void {
    const c = this.c;
    const idx = this.popSlot();
    const all = [...ins.targets, ins.a];
    const arity = this.labelTypes(this.ctrlAt(ins.a)).length;
    if (arity > 1) this.materializeTop(arity);
    this.begin(IOp.BrTable);
    c.push(idx, ins.targets.length);
    const tpos = c.length;
    for (let i = 0; i < all.length; i++) c.push(-1);
    const stubs: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const ct = this.ctrlAt(all[i]);
      if (this.movesTrivial(ct)) {
        if (ct.kind === CK.Loop) c[tpos + i] = ct.labelPc;
        else ct.patches.push(tpos + i);
      } else {
        stubs.push(i);
      }
    }
    for (const i of stubs) {
      c[tpos + i] = this.label();
      const ct = this.ctrlAt(all[i]);
      this.emitMoves(ct);
      this.emitJump(ct);
    }
  }

  localSet(x: number): void {
    const fc = this.fc;
    const slot = fc.localSlot[x];
    const kind = fc.localKind[x];
    const t = this.vtop;
    const c = this.c;
    // Retarget the producer that just wrote the top temporary.
    if (this.lastDst >= 0 && this.lastStart >= this.barrier && this.vSlot[t] === this.vHome[t] && c[this.lastDst] === this.vHome[t]) {
      let aliased = false;
      for (let i = 0; i < t; i++) if (this.vSlot[i] === slot) { aliased = true; break; }
      if (!aliased) {
        c[this.lastDst] = slot;
        this.lastDst = -1;
        this.pop();
        return;
      }
    }
    if (this.vSlot[t] === slot) {
      this.pop();
      return;
    }
    this.spillLocal(slot);
    if (this.vSlot[t] === CONST) {
      this.begin(Op.I32Const);
      c.push(slot, this.vConst[t]);
    } else {
      this.emitMov(kind, slot, this.vSlot[t]);
    }
    this.pop();
  }

  endBlock(ct: Ctrl): void {
    const c = this.c;
    if (ct.kind === CK.Func) {
      if (!ct.unreachable) {
        this.emitMoves(ct);
        this.begin(IOp.Return);
      }
      this.ctrls.pop();
      return;
    }
    if (!ct.unreachable) this.materializeTop(ct.results.length);
    if (ct.kind === CK.Try && ct.handler >= 0 && this.handlers[ct.handler].end < 0) this.handlers[ct.handler].end = c.length;
    if (ct.kind === CK.TryTable) this.handlers[ct.handler].end = c.length;
    const end = this.label();
    if (ct.elsePatch >= 0) c[ct.elsePatch] = end;
    for (const p of ct.patches) c[p] = end;
    for (let i = 0; i < ct.hpatchArr.length; i++) ct.hpatchArr[i][ct.hpatchIdx[i]] = end;
    this.ctrls.pop();
    this.truncate(ct.vbase);
    this.height = ct.height;
    this.pushTypes(ct.results);
    this.newRun();
  }

  legacyCatch(ins: Instr): void {
    const ct = this.ctrls[this.ctrls.length - 1];
    const c = this.c;
    const h = this.handlers[ct.handler];
    if (!ct.unreachable) {
      this.materializeTop(ct.results.length);
      this.begin(IOp.Br);
      ct.patches.push(c.length);
      c.push(-1);
    }
    if (h.end < 0) h.end = c.length;
    const pc = this.label();
    this.truncate(ct.vbase);
    this.height = ct.height;
    if (ins.op === Op.Catch) {
      h.clauses.push(0, ins.a, pc, ct.height);
      const ft = this.ir.types[this.ir.tagTypeIndices[ins.a]].composite as FuncType;
      this.pushTypes(ft.params);
    } else {
      h.clauses.push(2, 0, pc, ct.height);
    }
    ct.kind = CK.Catch;
    ct.unreachable = false;
    ct.activeHandler = h.parent;
    this.newRun();
  }

  delegate(ct: Ctrl, depth: number): void {
    const h = this.handlers[ct.handler];
    h.kind = 2;
    h.end = this.c.length;
    // The label is resolved outside the try: depth 0 is the block enclosing it.
    const target = this.ctrls[this.ctrls.length - 2 - depth];
    h.delegateTo = target.kind === CK.Func ? -1 : target.activeHandler;
    this.endBlock(ct);
  }

  // ---- numeric and memory ------------------------------------------------------------

  numeric(op: number): void {
    const c = this.c;
    // Reinterpretations keep the bits in place: nothing to emit.
    if (op >= Op.I32ReinterpretF32 && op <= Op.F64ReinterpretI64) return;
    if (op === Op.I32Eqz && fuseEqz(this)) return;
    if (isUnary(op)) {
      const a = this.popSlot();
      const dst = this.pushTemp(VK.Num);
      this.begin(op);
      c.push(dst, a);
      this.lastDst = c.length - 2;
      return;
    }
    const bi = this.vtop;
    const ai = bi - 1;
    if (op >= Op.I32Eq && op <= Op.I32Rotr) {
      let imm = NaN;
      let swap = false;
      if (this.vSlot[bi] === CONST) imm = this.vConst[bi];
      else if (this.vSlot[ai] === CONST && COMMUTATIVE.has(op)) {
        imm = this.vConst[ai];
        swap = true;
      }
      const iop = imm === imm ? immForm(op, imm) : -1;
      if (iop >= 0) {
        let a: number;
        if (swap) {
          a = this.slotOf(bi);
          this.pop();
          this.pop();
        } else {
          this.pop();
          a = this.popSlot();
        }
        const dst = this.pushTemp(VK.Num);
        if (iop === IOp.AddI && this.lastOp === IOp.AddI && this.lastStart >= this.barrier && c.length === this.lastStart + 4) {
          // Superinstruction: two AddI in a row (induction variables, address steps).
          c[this.lastStart] = IOp.AddI2;
          c.push(dst, a, immValue(op, imm));
          this.lastOp = IOp.AddI2;
          this.lastDst = c.length - 3;
          return;
        }
        this.begin(iop);
        c.push(dst, a, immValue(op, imm));
        this.lastDst = c.length - 3;
        return;
      }
    }
    if (fuseBinary(this, op, ai, bi)) return;
    const b = this.popSlot();
    const a = this.popSlot();
    const dst = this.pushTemp(VK.Num);
    this.begin(op);
    c.push(dst, a, b);
    this.lastDst = c.length - 3;
  }

  memop(ins: Instr): void {
    const op = ins.op;
    const c = this.c;
    const mem = ins.c;
    const fast = mem === 0 && this.ir.memoryTypes[0].address === 'i32';
    const isLoad = op <= Op.I64Load32U;
    if (isLoad) {
      if (fast && fuseLoad(this, op, ins.b | 0)) return;
      const addr = this.popSlot();
      const dst = this.pushTemp(VK.Num);
      if (fast) {
        this.begin(op);
        c.push(dst, addr, ins.b | 0);
        this.lastDst = c.length - 3;
      } else {
        this.begin(IOp.MemSlow);
        c.push(op, dst, addr, ins.b % 4294967296 | 0, Math.floor(ins.b / 4294967296) | 0, mem);
      }
      return;
    }
    if (fast && fuseStore(this, op, ins.b | 0)) return;
    const v = this.popSlot();
    const addr = this.popSlot();
    if (fast) {
      this.begin(op);
      c.push(addr, v, ins.b | 0);
    } else {
      this.begin(IOp.MemSlow);
      c.push(op, addr, v, ins.b % 4294967296 | 0, Math.floor(ins.b / 4294967296) | 0, mem);
    }
  }

}

const NONE: readonly ValType[] = [];

/** Inverse of each comparison 0..9 (eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u). */
export const INVERSE = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];

const COMMUTATIVE: ReadonlySet<number> = new Set([Op.I32Add, Op.I32Mul, Op.I32And, Op.I32Or, Op.I32Xor, Op.I32Eq, Op.I32Ne]);

function immForm(op: number, imm: number): number {
  switch (op) {
    case Op.I32Add: case Op.I32Sub: return IOp.AddI;
    case Op.I32Mul: return IOp.MulI;
    case Op.I32And: return IOp.AndI;
    case Op.I32Or: return IOp.OrI;
    case Op.I32Xor: return IOp.XorI;
    case Op.I32Shl: return IOp.ShlI;
    case Op.I32ShrS: return IOp.ShrSI;
    case Op.I32ShrU: return IOp.ShrUI;
    case Op.I32Rotl: case Op.I32Rotr: return IOp.RotlI;
  }
  if (op >= Op.I32Eq && op <= Op.I32GeU) return IOp.EqI + (op - Op.I32Eq);
  void imm;
  return -1;
}

function immValue(op: number, imm: number): number {
  if (op === Op.I32Sub) return (-imm) | 0;
  if (op === Op.I32Shl || op === Op.I32ShrS || op === Op.I32ShrU || op === Op.I32Rotl) return imm & 31;
  if (op === Op.I32Rotr) return (32 - (imm & 31)) & 31;
  return imm;
}

function isUnary(op: number): boolean {
  return op === Op.I32Eqz || op === Op.I64Eqz || (op >= Op.I32Clz && op <= Op.I32Popcnt) ||
    (op >= Op.I64Clz && op <= Op.I64Popcnt) || (op >= Op.F32Abs && op <= Op.F32Sqrt) ||
    (op >= Op.F64Abs && op <= Op.F64Sqrt) || op >= Op.I32WrapI64;
}

/** Counts the hidden slots a body needs: one per legacy `try`, plus saved params of `if`s. */
/** Most 64-bit constants a function keeps in constant slots. */
const MAX_CONST_SLOTS = 32;

/** The 64-bit pattern of an i64/f64 constant as a map key. */
function constKey(ins: Instr): string {
  return ins.op === Op.I64Const ? `${BigInt.asIntN(32, ins.i64)}:${BigInt.asIntN(32, ins.i64 >> 32n)}` : `${ins.lo | 0}:${ins.hi | 0}`;
}

/**
 * Counts the hidden slots a body needs: one per legacy `try`, plus saved params of `if`s.
 * Also collects the i64/f64 constants used inside loops into `consts` (key → order): they get
 * constant slots filled once at entry, so a loop reads them like locals instead of
 * re-materialising them on every iteration.
 */
function prescan(ir: ModuleIR, body: FuncBody, consts: Map<string, number>): number {
  const r = new CodeReader(body.code, 0, body.code.length, body.codeOffset);
  const ins = new Instr();
  let n = 0;
  const loops: boolean[] = [];
  let inLoop = 0;
  while (!r.atEnd()) {
    r.read(ins);
    const op = ins.op;
    if (op === Op.Try) n++;
    else if (op === Op.If && typeof ins.block === 'number') {
      const ft = ir.types[ins.block].composite as FuncType;
      for (const p of ft.params) n += slotSize(kindOf(p));
    }
    if (op === Op.Block || op === Op.If || op === Op.Try || op === Op.TryTable || op === Op.Loop) {
      loops.push(op === Op.Loop);
      if (op === Op.Loop) inLoop++;
    } else if (op === Op.End || op === Op.Delegate) {
      if (loops.length && loops.pop()) inLoop--;
    } else if (inLoop > 0 && (op === Op.I64Const || op === Op.F64Const) && consts.size < MAX_CONST_SLOTS) {
      const k = constKey(ins);
      if (!consts.has(k)) consts.set(k, consts.size);
    }
  }
  return n + consts.size;
}

export function translateFunction(ir: ModuleIR, fc: FuncCode, opts: TranslateOptions): void {
  const body = ir.funcs[fc.funcIndex - ir.numImportedFuncs];
  const t = new Translator(ir, fc, opts);
  t.run(body);
}

export type { StorageType };
void opName;
