/**
 * The state of the spec's validation algorithm for one instruction sequence: an operand stack
 * and a control stack, both typed arrays reused from function to function, with the
 * polymorphic ("unreachable") stack; the locals and their initialisation; and the checks of
 * immediates (indices into the module's spaces). Types are the integers of `val-types.ts`.
 *
 * `FuncValidator` extends this class with the instruction loop; the per-concept instruction
 * files (`control-ops.ts`, `memory-ops.ts`, `table-ops.ts`, `gc-ops.ts`, ...) are free functions
 * over it. Their fields are public so those files can read them, and every field is set in
 * declaration order so the one validator object keeps one hidden class on the hot path.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { type CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import type { HeapType, StorageType } from '../../../kernel/ir/types.js';
import { F } from '../binary/features.js';
import { Kind, type ModuleContext, NO_TYPES } from './module-context.js';
import { encodeModule, encodeModuleHeap, H, isRef, ref, V, valName, valSub } from './val-types.js';

/** Control frame kinds. */
export const enum C {
  Func = 0, Block = 1, Loop = 2, If = 3, Else = 4, Try = 5, Catch = 6, CatchAll = 7, TryTable = 8,
}

export class ValidatorState {
  m!: ModuleContext;
  r!: CodeReader;
  readonly ins = new Instr();
  funcIndex = -1;

  vals = new Int32Array(256);
  vsp = 0;
  cKind = new Uint8Array(64);
  cHeight = new Int32Array(64);
  cUnreach = new Uint8Array(64);
  cInit = new Int32Array(64);
  cParams: Int32Array[] = new Array<Int32Array>(64).fill(NO_TYPES);
  cResults: Int32Array[] = new Array<Int32Array>(64).fill(NO_TYPES);
  csp = 0;
  /** Operand-stack height of the innermost frame (`cHeight[csp - 1]`), cached for pops. */
  floor = 0;

  locals = new Int32Array(64);
  numLocals = 0;
  localInit = new Uint8Array(64);
  initStack = new Int32Array(64);
  isp = 0;
  scratch = new Int32Array(16);
  returnTypes: Int32Array = NO_TYPES;
  bodyEnd = 0;

  /** Constant-expression mode: only constant ops; `global.get` limited to `constGlobals`. */
  constMode = false;
  constGlobals = 0;
  /** Functions named by `ref.func` in constant expressions (when collecting declarations). */
  constRefs: number[] | null = null;

  /** Block type of the last `blockSig` call (a reused scratch object). */
  readonly sig = { p: NO_TYPES, r: NO_TYPES };

  err(reason: string): CompileError {
    return new CompileError(reason, { offset: this.ins.offset, funcIndex: this.funcIndex, kind: 'invalid' });
  }

  malformed(reason: string): CompileError {
    return new CompileError(reason, { offset: this.ins.offset, funcIndex: this.funcIndex, kind: 'malformed' });
  }

  // ---- operand stack ----

  push(t: number): void {
    if (this.vsp === this.vals.length) {
      const v = new Int32Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[this.vsp++] = t;
  }

  pushAll(ts: Int32Array): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  pop(): number {
    if (this.vsp > this.floor) return this.vals[--this.vsp];
    if (this.cUnreach[this.csp - 1]) return V.Bot;
    throw this.err('type mismatch: instruction requires a value but stack has []');
  }

  popT(expect: number): number {
    if (this.vsp > this.floor) {
      const actual = this.vals[--this.vsp];
      if (actual === expect || valSub(this.m.reg, actual, expect)) return actual;
      throw this.err(`type mismatch: instruction requires [${valName(expect)}] but stack has [${valName(actual)}]`);
    }
    if (this.cUnreach[this.csp - 1]) return V.Bot;
    throw this.err(`type mismatch: instruction requires [${valName(expect)}] but stack has []`);
  }

  popAll(ts: Int32Array): void {
    for (let i = ts.length - 1; i >= 0; i--) this.popT(ts[i]);
  }

  /** Pops a reference (or bot) and returns it; bot comes back as `(ref bot)`. */
  popRef(): number {
    const t = this.pop();
    if (t === V.Bot) return ref(H.Bot, false);
    if (!isRef(t)) throw this.err(`type mismatch: instruction requires a reference but stack has [${valName(t)}]`);
    return t;
  }

  // ---- control stack ----

  pushCtrl(kind: number, params: Int32Array, results: Int32Array): void {
    const i = this.csp;
    if (i === this.cKind.length) this.growCtrl();
    this.cKind[i] = kind;
    this.cHeight[i] = this.vsp;
    this.floor = this.vsp;
    this.cUnreach[i] = 0;
    this.cInit[i] = this.isp;
    this.cParams[i] = params;
    this.cResults[i] = results;
    this.csp = i + 1;
    this.pushAll(params);
  }

  private growCtrl(): void {
    const n = this.cKind.length * 2;
    const k = new Uint8Array(n); k.set(this.cKind); this.cKind = k;
    const h = new Int32Array(n); h.set(this.cHeight); this.cHeight = h;
    const u = new Uint8Array(n); u.set(this.cUnreach); this.cUnreach = u;
    const s = new Int32Array(n); s.set(this.cInit); this.cInit = s;
    this.cParams.length = n; this.cParams.fill(NO_TYPES, n / 2);
    this.cResults.length = n; this.cResults.fill(NO_TYPES, n / 2);
  }

  /** Pops the innermost frame after checking its results; returns its index. */
  popCtrl(): number {
    const i = this.csp - 1;
    const results = this.cResults[i];
    this.popAll(results);
    if (this.vsp !== this.cHeight[i]) {
      const extra: string[] = [];
      for (let k = this.cHeight[i]; k < this.vsp; k++) extra.push(valName(this.vals[k]));
      throw this.err(`type mismatch: block requires [${Array.from(results, valName).join(' ')}] but stack has [${extra.join(' ')}]`);
    }
    // Locals first set inside the block are uninitialised again after it.
    const init = this.cInit[i];
    while (this.isp > init) this.localInit[this.initStack[--this.isp]] = 0;
    this.csp = i;
    if (i > 0) this.floor = this.cHeight[i - 1];
    return i;
  }

  setUnreachable(): void {
    const i = this.csp - 1;
    this.vsp = this.cHeight[i];
    this.cUnreach[i] = 1;
  }

  labelFrame(depth: number): number {
    if (depth >= this.csp) throw this.err(`unknown label ${depth}`);
    return this.csp - 1 - depth;
  }

  labelTypes(frame: number): Int32Array {
    return this.cKind[frame] === C.Loop ? this.cParams[frame] : this.cResults[frame];
  }

  /** `end`: closes the innermost frame; true when it closed the function (or constant expression). */
  end(): boolean {
    const i = this.csp - 1;
    if (this.cKind[i] === C.If && !this.subtypes(this.cParams[i], this.cResults[i])) throw this.err('type mismatch');
    this.popCtrl();
    this.pushAll(this.cResults[i]);
    if (this.csp !== 0) return false;
    const r = this.r;
    if (r.pos !== this.bodyEnd) {
      throw new CompileError('section size mismatch', { offset: r.base + r.pos, funcIndex: this.funcIndex, kind: 'malformed' });
    }
    return true;
  }

  /** Copies the top `n` operands (checked against `types`) into `scratch` and pushes them back. */
  checkLabelOperands(types: Int32Array): void {
    const n = types.length;
    if (this.scratch.length < n) this.scratch = new Int32Array(n * 2);
    for (let i = n - 1; i >= 0; i--) this.scratch[i] = this.popT(types[i]);
    for (let i = 0; i < n; i++) this.push(this.scratch[i]);
  }

  /** Pops the label's types and pushes back all but the last (for br_on_non_null / br_on_cast). */
  branchKeepingPrefix(types: Int32Array): void {
    const n = types.length;
    if (n === 0) throw this.err('type mismatch');
    this.popAll(types);
    for (let i = 0; i < n - 1; i++) this.push(types[i]);
  }

  subtypes(a: Int32Array, b: Int32Array): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valSub(this.m.reg, a[i], b[i])) return false;
    return true;
  }

  /** Pops a call's parameters and pushes its results (a tail call checks them against ours instead). */
  call(typeIndex: number, tail: boolean): void {
    const m = this.m;
    this.popAll(m.params[typeIndex]);
    if (tail) {
      m.features.add(F.tailCall);
      if (!this.subtypes(m.results[typeIndex], this.returnTypes)) throw this.err('type mismatch');
      this.setUnreachable();
    } else {
      this.pushAll(m.results[typeIndex]);
    }
  }

  // ---- immediates ----

  /** Decodes the block type of the current instruction into `sig`. */
  blockSig(out: { p: Int32Array; r: Int32Array }): void {
    const bt = this.ins.block;
    if (bt === null) {
      out.p = NO_TYPES;
      out.r = NO_TYPES;
    } else if (typeof bt === 'number') {
      if (bt >= this.m.numTypes) throw this.err(`unknown type ${bt}`);
      if (this.m.kinds[bt] !== Kind.Func) throw this.err('type mismatch');
      out.p = this.m.params[bt];
      out.r = this.m.results[bt];
      if (out.p.length > 0 || out.r.length > 1) this.m.features.add(F.multiValue);
    } else {
      out.p = NO_TYPES;
      out.r = this.m.single(this.encode(bt));
    }
  }

  encode(t: StorageType): number {
    if (typeof t === 'object') this.noteRef();
    return encodeModule(t, this.m.typeIds, this.ins.offset);
  }

  noteRef(): void {
    this.m.features.add(F.referenceTypes);
  }

  heap(h: HeapType): number {
    return encodeModuleHeap(h, this.m.typeIds, this.ins.offset);
  }

  funcSig(t: number): void {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Func) throw this.err('type mismatch');
  }

  structType(t: number): Int32Array {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Struct) throw this.err('type mismatch');
    return this.m.fields[t];
  }

  arrayType(t: number): number {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Array) throw this.err('type mismatch');
    return this.m.fields[t][0];
  }

  concrete(t: number, nullable: boolean): number {
    return ref(H.Concrete + this.m.typeIds[t], nullable);
  }

  memory(idx: number): number {
    if (idx >= this.m.numMems) throw this.err(`unknown memory ${idx}`);
    if (idx > 0) this.m.features.add(F.multiMemory);
    return this.m.memAddr[idx];
  }

  table(idx: number): number {
    if (idx >= this.m.numTables) throw this.err(`unknown table ${idx}`);
    return this.m.tableElem[idx];
  }

  data(idx: number): void {
    if (idx >= this.m.numDatas) throw this.err(`unknown data segment ${idx}`);
    if (!this.m.hasDataCount) throw this.malformed('data count section required');
  }

  elem(idx: number): number {
    if (idx >= this.m.numElems) throw this.err(`unknown elem segment ${idx}`);
    return this.m.elemTypes[idx];
  }

  tag(idx: number): Int32Array {
    if (idx >= this.m.numTags) throw this.err(`unknown tag ${idx}`);
    this.m.features.add(F.exceptions);
    return this.m.params[this.m.tagTypes[idx]];
  }

  local(idx: number): number {
    if (idx >= this.numLocals) throw this.err(`unknown local ${idx}`);
    return this.locals[idx];
  }

  initLocal(idx: number): void {
    if (this.localInit[idx] === 0) {
      this.localInit[idx] = 1;
      this.initStack[this.isp++] = idx;
    }
  }

  /** Checks a memory immediate (memory index, alignment, offset); returns the memory's address type. */
  memarg(natural: number): number {
    const ins = this.ins;
    const at = this.memory(ins.c);
    if (ins.a > natural) throw this.err('alignment must not be larger than natural');
    if (at === V.I32 && ins.b > 0xffffffff) throw this.err('offset out of range');
    return at;
  }
}
