/**
 * The spec's validation algorithm for instruction sequences (function bodies and constant
 * expressions): an operand stack and a control stack, both typed arrays that are reused
 * from function to function, with the polymorphic ("unreachable") stack. Types are the
 * integers of `val-types.ts`. One big switch over opcodes is the natural shape here; simple
 * numeric/SIMD ops and memory accesses go through the tables of `op-signatures.ts`.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { type CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import { F } from '../binary/features.js';
import { Kind, type ModuleContext, NO_TYPES } from './module-context.js';
import {
  LANE_OPS, MEM_ALIGN, MEM_STORE, MEM_TYPE, opIndex, SIG_A, SIG_B, SIG_C, SIG_N, SIG_R,
} from './op-signatures.js';
import {
  encodeModule, encodeModuleHeap, H, heapOf, isDefaultable, isNullable, isRef, ref, topHeap,
  unpacked, V, valName, valSub,
} from './val-types.js';

/** Control frame kinds. */
const enum C {
  Func = 0, Block = 1, Loop = 2, If = 3, Else = 4, Try = 5, Catch = 6, CatchAll = 7, TryTable = 8,
}

const EXNREF = V.RefBase + H.Exn * 2 + 1;
const EXN_NONNULL = V.RefBase + H.Exn * 2;

/** Fast-path kinds of one-byte opcodes (0 = decode with `CodeReader.read`). */
const enum FK {
  None = 0, LocalGet, LocalSet, LocalTee, GlobalGet, Br, BrIf, Call, LastIndexed = Call,
  Simple, I32Const, I64Const, F32Const, F64Const, Drop, End, Mem, Block,
}

const FAST = new Uint8Array(256);
FAST[0x20] = FK.LocalGet;
FAST[0x21] = FK.LocalSet;
FAST[0x22] = FK.LocalTee;
FAST[0x23] = FK.GlobalGet;
FAST[0x0c] = FK.Br;
FAST[0x0d] = FK.BrIf;
FAST[0x10] = FK.Call;
FAST[0x41] = FK.I32Const;
FAST[0x42] = FK.I64Const;
FAST[0x43] = FK.F32Const;
FAST[0x44] = FK.F64Const;
FAST[0x1a] = FK.Drop;
FAST[0x0b] = FK.End;
FAST[0x02] = FK.Block;
FAST[0x03] = FK.Block;
FAST[0x04] = FK.Block;
for (let op = 0x28; op <= 0x3e; op++) FAST[op] = FK.Mem;
for (let op = 0x45; op <= 0xc4; op++) if (SIG_N[op] > 0) FAST[op] = FK.Simple;

/** Ops allowed in constant expressions. */
function isConstOp(op: number): boolean {
  switch (op) {
    case 0x0b: case 0x23: case 0x41: case 0x42: case 0x43: case 0x44: case 0xd0: case 0xd2:
    case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e:
    case 0xfd000c:
    case 0xfb0000: case 0xfb0001: case 0xfb0006: case 0xfb0007: case 0xfb0008:
    case 0xfb001a: case 0xfb001b: case 0xfb001c:
      return true;
    default:
      return false;
  }
}

export class FuncValidator {
  private m!: ModuleContext;
  private r!: CodeReader;
  private readonly ins = new Instr();
  private funcIndex = -1;

  private vals = new Int32Array(256);
  private vsp = 0;
  private cKind = new Uint8Array(64);
  private cHeight = new Int32Array(64);
  private cUnreach = new Uint8Array(64);
  private cInit = new Int32Array(64);
  private cParams: Int32Array[] = new Array<Int32Array>(64).fill(NO_TYPES);
  private cResults: Int32Array[] = new Array<Int32Array>(64).fill(NO_TYPES);
  private csp = 0;
  /** Operand-stack height of the innermost frame (`cHeight[csp - 1]`), cached for pops. */
  private floor = 0;

  private locals = new Int32Array(64);
  private numLocals = 0;
  private localInit = new Uint8Array(64);
  private initStack = new Int32Array(64);
  private isp = 0;
  private scratch = new Int32Array(16);
  private returnTypes: Int32Array = NO_TYPES;
  private bodyEnd = 0;

  /** Constant-expression mode: only constant ops; `global.get` limited to `constGlobals`. */
  private constMode = false;
  private constGlobals = 0;
  /** Functions named by `ref.func` in constant expressions (when collecting declarations). */
  constRefs: number[] | null = null;

  /** Validates one function body: `code` holds its instructions (after the locals). */
  validateFunction(
    m: ModuleContext, funcIndex: number, typeIndex: number, localTypes: readonly import('../../../kernel/ir/types.js').ValType[],
    r: CodeReader, start: number, end: number,
  ): void {
    this.m = m;
    this.funcIndex = funcIndex;
    this.constMode = false;
    const params = m.params[typeIndex];
    const n = params.length + localTypes.length;
    if (this.locals.length < n) {
      this.locals = new Int32Array(n * 2);
      this.localInit = new Uint8Array(n * 2);
      this.initStack = new Int32Array(n * 2);
    }
    for (let i = 0; i < params.length; i++) {
      this.locals[i] = params[i];
      this.localInit[i] = 1;
    }
    for (let i = 0; i < localTypes.length; i++) {
      const v = encodeModule(localTypes[i], m.typeIds, r.base + start);
      this.locals[params.length + i] = v;
      this.localInit[params.length + i] = isDefaultable(v) ? 1 : 0;
    }
    this.numLocals = n;
    this.returnTypes = m.results[typeIndex];
    this.run(r, start, end, NO_TYPES, this.returnTypes);
  }

  /** Validates a constant expression producing `expected`; `globals` = how many globals it may read. */
  validateConst(m: ModuleContext, expected: number, globals: number, r: CodeReader, start: number, end: number): void {
    this.m = m;
    this.funcIndex = -1;
    this.constMode = true;
    this.constGlobals = globals;
    this.numLocals = 0;
    this.returnTypes = m.single(expected);
    this.run(r, start, end, NO_TYPES, this.returnTypes);
  }

  private run(r: CodeReader, start: number, end: number, params: Int32Array, results: Int32Array): void {
    this.r = r;
    r.pos = start;
    // Like the reference decoder, read on to the end of the module and compare positions after.
    r.end = r.bytes.length;
    this.bodyEnd = end;
    this.vsp = 0;
    this.csp = 0;
    this.isp = 0;
    this.pushCtrl(C.Func, params, results);
    try {
      this.loop();
    } catch (e) {
      throw this.attribute(e, end);
    }
  }

  private attribute(e: unknown, end: number): unknown {
    if (!(e instanceof CompileError)) return e;
    let reason = e.reason;
    if (reason === 'unexpected end') {
      reason = 'unexpected end of section or function';
    }
    if (e.funcIndex === this.funcIndex && reason === e.reason) return e;
    return new CompileError(reason, { offset: e.offset, funcIndex: this.funcIndex, kind: e.kind === 'unsupported' ? 'invalid' : e.kind });
  }

  private err(reason: string): CompileError {
    return new CompileError(reason, { offset: this.ins.offset, funcIndex: this.funcIndex, kind: 'invalid' });
  }

  private malformed(reason: string): CompileError {
    return new CompileError(reason, { offset: this.ins.offset, funcIndex: this.funcIndex, kind: 'malformed' });
  }

  // ---- operand stack ----

  private push(t: number): void {
    if (this.vsp === this.vals.length) {
      const v = new Int32Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[this.vsp++] = t;
  }

  private pushAll(ts: Int32Array): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  private pop(): number {
    if (this.vsp > this.floor) return this.vals[--this.vsp];
    if (this.cUnreach[this.csp - 1]) return V.Bot;
    throw this.err('type mismatch: instruction requires a value but stack has []');
  }

  private popT(expect: number): number {
    if (this.vsp > this.floor) {
      const actual = this.vals[--this.vsp];
      if (actual === expect || valSub(this.m.reg, actual, expect)) return actual;
      throw this.err(`type mismatch: instruction requires [${valName(expect)}] but stack has [${valName(actual)}]`);
    }
    if (this.cUnreach[this.csp - 1]) return V.Bot;
    throw this.err(`type mismatch: instruction requires [${valName(expect)}] but stack has []`);
  }

  private popAll(ts: Int32Array): void {
    for (let i = ts.length - 1; i >= 0; i--) this.popT(ts[i]);
  }

  /** Pops a reference (or bot) and returns it; bot comes back as `(ref bot)`. */
  private popRef(): number {
    const t = this.pop();
    if (t === V.Bot) return ref(H.Bot, false);
    if (!isRef(t)) throw this.err(`type mismatch: instruction requires a reference but stack has [${valName(t)}]`);
    return t;
  }

  // ---- control stack ----

  private pushCtrl(kind: number, params: Int32Array, results: Int32Array): void {
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
  private popCtrl(): number {
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

  private setUnreachable(): void {
    const i = this.csp - 1;
    this.vsp = this.cHeight[i];
    this.cUnreach[i] = 1;
  }

  private labelFrame(depth: number): number {
    if (depth >= this.csp) throw this.err(`unknown label ${depth}`);
    return this.csp - 1 - depth;
  }

  private labelTypes(frame: number): Int32Array {
    return this.cKind[frame] === C.Loop ? this.cParams[frame] : this.cResults[frame];
  }

  // ---- immediates ----

  private blockSig(out: { p: Int32Array; r: Int32Array }): void {
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
  private readonly sig = { p: NO_TYPES, r: NO_TYPES };

  private encode(t: import('../../../kernel/ir/types.js').StorageType): number {
    if (typeof t === 'object') this.noteRef();
    return encodeModule(t, this.m.typeIds, this.ins.offset);
  }

  private noteRef(): void {
    this.m.features.add(F.referenceTypes);
  }

  private heap(h: import('../../../kernel/ir/types.js').HeapType): number {
    return encodeModuleHeap(h, this.m.typeIds, this.ins.offset);
  }

  private funcSig(t: number): void {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Func) throw this.err('type mismatch');
  }

  private structType(t: number): Int32Array {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Struct) throw this.err('type mismatch');
    return this.m.fields[t];
  }

  private arrayType(t: number): number {
    if (t >= this.m.numTypes) throw this.err(`unknown type ${t}`);
    if (this.m.kinds[t] !== Kind.Array) throw this.err('type mismatch');
    return this.m.fields[t][0];
  }

  private concrete(t: number, nullable: boolean): number {
    return ref(H.Concrete + this.m.typeIds[t], nullable);
  }

  private memory(idx: number): number {
    if (idx >= this.m.numMems) throw this.err(`unknown memory ${idx}`);
    if (idx > 0) this.m.features.add(F.multiMemory);
    return this.m.memAddr[idx];
  }

  private table(idx: number): number {
    if (idx >= this.m.numTables) throw this.err(`unknown table ${idx}`);
    return this.m.tableElem[idx];
  }

  private data(idx: number): void {
    if (idx >= this.m.numDatas) throw this.err(`unknown data segment ${idx}`);
    if (!this.m.hasDataCount) throw this.malformed('data count section required');
  }

  private elem(idx: number): number {
    if (idx >= this.m.numElems) throw this.err(`unknown elem segment ${idx}`);
    return this.m.elemTypes[idx];
  }

  private tag(idx: number): Int32Array {
    if (idx >= this.m.numTags) throw this.err(`unknown tag ${idx}`);
    this.m.features.add(F.exceptions);
    return this.m.params[this.m.tagTypes[idx]];
  }

  private local(idx: number): number {
    if (idx >= this.numLocals) throw this.err(`unknown local ${idx}`);
    return this.locals[idx];
  }

  private initLocal(idx: number): void {
    if (this.localInit[idx] === 0) {
      this.localInit[idx] = 1;
      this.initStack[this.isp++] = idx;
    }
  }

  private memarg(k: number, natural: number): number {
    const ins = this.ins;
    const at = this.memory(ins.c);
    if (ins.a > natural) throw this.err('alignment must not be larger than natural');
    if (at === V.I32 && ins.b > 0xffffffff) throw this.err('offset out of range');
    void k;
    return at;
  }

  /** Copies the top `n` operands (checked against `types`) into `scratch` and pushes them back. */
  private checkLabelOperands(types: Int32Array): void {
    const n = types.length;
    if (this.scratch.length < n) this.scratch = new Int32Array(n * 2);
    for (let i = n - 1; i >= 0; i--) this.scratch[i] = this.popT(types[i]);
    for (let i = 0; i < n; i++) this.push(this.scratch[i]);
  }

  /** Pops the label's types and pushes back all but the last (for br_on_non_null / br_on_cast). */
  private branchKeepingPrefix(types: Int32Array): void {
    const n = types.length;
    if (n === 0) throw this.err('type mismatch');
    this.popAll(types);
    for (let i = 0; i < n - 1; i++) this.push(types[i]);
  }

  private subtypes(a: Int32Array, b: Int32Array): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valSub(this.m.reg, a[i], b[i])) return false;
    return true;
  }

  // ---- the instruction loop ----

  /**
   * Skips a signed LEB128 of at most `max` bytes (5: s32, 10: s64) with the reader's range
   * checks, without building the value (an i64 would allocate a BigInt).
   */
  private skipLeb(max: number): void {
    const r = this.r;
    const bytes = r.bytes;
    let pos = r.pos;
    const end = r.end;
    for (let i = 0; i < max; i++) {
      if (pos >= end) {
        r.pos = pos;
        throw r.error('unexpected end');
      }
      const b = bytes[pos++];
      if ((b & 0x80) === 0) {
        if (i === max - 1) {
          // Last byte: the unused high bits must be the sign extension.
          r.pos = pos - 1;
          if (max === 5) {
            // Bits 4..6 of the 5th byte must repeat bit 3 (the sign bit of the 32-bit value).
            const high = b & 0x70;
            if ((high !== 0 && high !== 0x70) || ((b & 0x08) !== 0) !== (high === 0x70)) throw r.error('integer too large');
          } else if (b !== 0 && b !== 0x7f) {
            throw r.error('integer too large');
          }
        }
        r.pos = pos;
        return;
      }
    }
    r.pos = pos - 1;
    throw r.error('integer representation too long');
  }

  private simpleOneByte(op: number): void {
    const n = SIG_N[op];
    // Exact operand types on top of the current frame (the overwhelmingly common case):
    // rewrite the stack in place, no pops, pushes or subtype checks.
    const vals = this.vals;
    const sp = this.vsp;
    if (n === 2) {
      if (sp - 2 >= this.floor && vals[sp - 1] === SIG_B[op] && vals[sp - 2] === SIG_A[op]) {
        vals[sp - 2] = SIG_R[op];
        this.vsp = sp - 1;
        if (op >= 0xc0) this.m.features.add(F.signExtension);
        return;
      }
    } else if (sp - 1 >= this.floor && vals[sp - 1] === SIG_A[op]) {
      vals[sp - 1] = SIG_R[op];
      if (op >= 0xc0) this.m.features.add(F.signExtension);
      return;
    }
    if (n === 1) {
      this.popT(SIG_A[op]);
    } else {
      this.popT(SIG_B[op]);
      this.popT(SIG_A[op]);
    }
    this.push(SIG_R[op]);
    if (op >= 0xc0) this.m.features.add(F.signExtension);
  }

  /** local.get/set/tee, global.get, br, br_if, call with their index already read. */
  private indexed(fk: number, idx: number): void {
    const m = this.m;
    switch (fk) {
      case FK.LocalGet: {
        const t = this.local(idx);
        if (this.localInit[idx] === 0) throw this.err('uninitialized local');
        this.push(t);
        return;
      }
      case FK.LocalSet:
        this.popT(this.local(idx));
        this.initLocal(idx);
        return;
      case FK.LocalTee: {
        const t = this.local(idx);
        this.popT(t);
        this.initLocal(idx);
        this.push(t);
        return;
      }
      case FK.GlobalGet:
        if (idx >= m.numGlobals) throw this.err(`unknown global ${idx}`);
        this.push(m.globalTypes[idx]);
        return;
      case FK.Br:
        this.popAll(this.labelTypes(this.labelFrame(idx)));
        this.setUnreachable();
        return;
      case FK.BrIf: {
        const lt = this.labelTypes(this.labelFrame(idx));
        this.popT(V.I32);
        this.popAll(lt);
        this.pushAll(lt);
        return;
      }
      case FK.Call:
        if (idx >= m.numFuncs) throw this.err(`unknown function ${idx}`);
        this.call(m.funcTypes[idx], false);
        return;
    }
  }


  private loop(): void {
    const r = this.r;
    const ins = this.ins;
    const m = this.m;
    const bytes = r.bytes;
    const fast = !this.constMode;
    const end = r.end;
    for (;;) {
      // Fast path: the most frequent one-byte instructions are decoded inline (no call into
      // the reader, no Instr fields written except `offset`); everything else goes through
      // `CodeReader.read`. Immediates that do not fit one byte fall back to the reader's LEB code.
      const pos = r.pos;
      const fk = fast && pos < end ? FAST[bytes[pos]] : 0;
      if (fk !== 0) {
        ins.offset = r.base + pos;
        if (fk === FK.Simple) {
          r.pos = pos + 1;
          this.simpleOneByte(bytes[pos]);
          continue;
        }
        if (fk <= FK.LastIndexed) {
          let idx: number;
          if (pos + 1 < end && bytes[pos + 1] < 0x80) {
            idx = bytes[pos + 1];
            r.pos = pos + 2;
          } else {
            r.pos = pos + 1;
            idx = r.u32();
          }
          this.indexed(fk, idx);
          continue;
        }
        switch (fk) {
          case FK.I32Const:
            if (pos + 1 < end && bytes[pos + 1] < 0x80) r.pos = pos + 2;
            else {
              r.pos = pos + 1;
              this.skipLeb(5);
            }
            this.push(V.I32);
            continue;
          case FK.I64Const:
            r.pos = pos + 1;
            this.skipLeb(10);
            this.push(V.I64);
            continue;
          case FK.F32Const:
            if (pos + 5 > end) break;
            r.pos = pos + 5;
            this.push(V.F32);
            continue;
          case FK.F64Const:
            if (pos + 9 > end) break;
            r.pos = pos + 9;
            this.push(V.F64);
            continue;
          case FK.Drop:
            r.pos = pos + 1;
            this.pop();
            continue;
          case FK.End:
            r.pos = pos + 1;
            if (this.end()) return;
            continue;
          case FK.Mem: {
            // Memory 0 (no bit 6 in the flags) and an offset of at most 4 LEB bytes (< 2^28,
            // in range for every memory): the common case. Anything else takes the reader.
            if (pos + 6 >= end) break;
            const align = bytes[pos + 1];
            if (align >= 0x40) break;
            let p = pos + 2;
            if (bytes[p++] >= 0x80 && bytes[p++] >= 0x80 && bytes[p++] >= 0x80 && bytes[p++] >= 0x80) break;
            r.pos = p;
            this.memOp(bytes[pos], align);
            continue;
          }
          case FK.Block: {
            if (pos + 1 >= end) break;
            const bt = bytes[pos + 1];
            let res: Int32Array;
            if (bt === 0x40) res = NO_TYPES;
            else if (bt >= 0x7b && bt <= 0x7f) res = m.single(0x80 - bt);
            else break;
            r.pos = pos + 2;
            const op = bytes[pos];
            if (op === 0x04) this.popT(V.I32);
            this.pushCtrl(op === 0x02 ? C.Block : op === 0x03 ? C.Loop : C.If, NO_TYPES, res);
            continue;
          }
        }
      }
      if (this.slow()) return;
    }
  }

  /** Every instruction the fast path does not take: decoded by the reader, one big switch. Returns true at the function's final `end`. */
  private slow(): boolean {
    const r = this.r;
    const ins = this.ins;
    const m = this.m;
    r.read(ins);
    const op = ins.op;
    if (this.constMode && !isConstOp(op)) throw this.err('constant expression required');
    switch (op) {
      case 0x00: this.setUnreachable(); break;
      case 0x01: break;
      case 0x02: case 0x03: {
        this.blockSig(this.sig);
        const p = this.sig.p;
        this.popAll(p);
        this.pushCtrl(op === 0x02 ? C.Block : C.Loop, p, this.sig.r);
        break;
      }
      case 0x04: {
        this.blockSig(this.sig);
        this.popT(V.I32);
        const p = this.sig.p;
        this.popAll(p);
        this.pushCtrl(C.If, p, this.sig.r);
        break;
      }
      case 0x05: {
        const i = this.csp - 1;
        if (this.cKind[i] !== C.If) throw this.malformed('END opcode expected');
        this.popCtrl();
        this.pushCtrl(C.Else, this.cParams[i], this.cResults[i]);
        break;
      }
      case 0x06: {
        m.features.add(F.legacyExceptions);
        this.blockSig(this.sig);
        const p = this.sig.p;
        this.popAll(p);
        this.pushCtrl(C.Try, p, this.sig.r);
        break;
      }
      case 0x07: case 0x19: {
        const i = this.csp - 1;
        const k = this.cKind[i];
        if (k !== C.Try && k !== C.Catch) throw this.malformed(op === 0x07 ? 'catch without try' : 'catch_all without try');
        const tagParams = op === 0x07 ? this.tag(ins.a) : NO_TYPES;
        this.popCtrl();
        this.pushCtrl(op === 0x07 ? C.Catch : C.CatchAll, tagParams, this.cResults[i]);
        break;
      }
      case 0x18: {
        const i = this.csp - 1;
        if (this.cKind[i] !== C.Try) throw this.malformed('delegate without try');
        this.popCtrl();
        if (ins.a >= this.csp) throw this.err(`unknown label ${ins.a}`);
        this.pushAll(this.cResults[i]);
        break;
      }
      case 0x09: {
        const f = this.labelFrame(ins.a);
        const k = this.cKind[f];
        if (k !== C.Catch && k !== C.CatchAll) throw this.err('invalid rethrow label');
        this.setUnreachable();
        break;
      }
      case 0x08:
        this.popAll(this.tag(ins.a));
        this.setUnreachable();
        break;
      case 0x0a:
        m.features.add(F.exceptions);
        this.popT(EXNREF);
        this.setUnreachable();
        break;
      case 0x1f: this.tryTable(); break;
      case 0x0b:
        if (this.end()) return true;
        break;
      case 0x0c:
        this.popAll(this.labelTypes(this.labelFrame(ins.a)));
        this.setUnreachable();
        break;
      case 0x0d: {
        const lt = this.labelTypes(this.labelFrame(ins.a));
        this.popT(V.I32);
        this.popAll(lt);
        this.pushAll(lt);
        break;
      }
      case 0x0e: {
        this.popT(V.I32);
        const def = this.labelTypes(this.labelFrame(ins.a));
        const arity = def.length;
        const targets = ins.targets;
        for (let k = 0; k < targets.length; k++) {
          const lt = this.labelTypes(this.labelFrame(targets[k]));
          if (lt.length !== arity) throw this.err('type mismatch');
          this.checkLabelOperands(lt);
        }
        this.popAll(def);
        this.setUnreachable();
        break;
      }
      case 0x0f:
        this.popAll(this.returnTypes);
        this.setUnreachable();
        break;
      case 0x10: case 0x12: {
        if (ins.a >= m.numFuncs) throw this.err(`unknown function ${ins.a}`);
        this.call(m.funcTypes[ins.a], op === 0x12);
        break;
      }
      case 0x11: case 0x13: {
        const elemT = this.table(ins.b);
        this.funcSig(ins.a);
        if (!valSub(m.reg, elemT, ref(H.Func, true))) throw this.err('type mismatch');
        if (ins.b > 0) m.features.add(F.referenceTypes);
        this.popT(m.tableAddr[ins.b]);
        this.call(ins.a, op === 0x13);
        break;
      }
      case 0x14: case 0x15: {
        m.features.add(F.functionReferences);
        this.funcSig(ins.a);
        this.popT(this.concrete(ins.a, true));
        this.call(ins.a, op === 0x15);
        break;
      }
      case 0x1a: this.pop(); break;
      case 0x1b: {
        this.popT(V.I32);
        const t1 = this.pop();
        const t2 = this.pop();
        if (isRef(t1) || isRef(t2)) throw this.err('type mismatch');
        if (t1 !== t2 && t1 !== V.Bot && t2 !== V.Bot) throw this.err('type mismatch');
        this.push(t1 === V.Bot ? t2 : t1);
        break;
      }
      case 0x1c: {
        if (ins.types.length !== 1) throw this.err('invalid result arity');
        const t = this.encode(ins.types[0]);
        this.popT(V.I32);
        this.popT(t);
        this.popT(t);
        this.push(t);
        break;
      }
      case 0x20: {
        const t = this.local(ins.a);
        if (this.localInit[ins.a] === 0) throw this.err('uninitialized local');
        this.push(t);
        break;
      }
      case 0x21:
        this.popT(this.local(ins.a));
        this.initLocal(ins.a);
        break;
      case 0x22: {
        const t = this.local(ins.a);
        this.popT(t);
        this.initLocal(ins.a);
        this.push(t);
        break;
      }
      case 0x23: {
        const g = ins.a;
        if (this.constMode) {
          if (g >= this.constGlobals) throw this.err(`unknown global ${g}`);
          if (m.globalMut[g]) throw this.err('constant expression required');
        } else if (g >= m.numGlobals) {
          throw this.err(`unknown global ${g}`);
        }
        this.push(m.globalTypes[g]);
        break;
      }
      case 0x24: {
        const g = ins.a;
        if (g >= m.numGlobals) throw this.err(`unknown global ${g}`);
        if (!m.globalMut[g]) throw this.err('immutable global');
        this.popT(m.globalTypes[g]);
        break;
      }
      case 0x25: {
        const t = this.table(ins.a);
        this.noteRef();
        this.popT(m.tableAddr[ins.a]);
        this.push(t);
        break;
      }
      case 0x26: {
        const t = this.table(ins.a);
        this.noteRef();
        this.popT(t);
        this.popT(m.tableAddr[ins.a]);
        break;
      }
      case 0x3f:
        this.push(this.memory(ins.a));
        break;
      case 0x40: {
        const at = this.memory(ins.a);
        this.popT(at);
        this.push(at);
        break;
      }
      case 0x41: this.push(V.I32); break;
      case 0x42: this.push(V.I64); break;
      case 0x43: this.push(V.F32); break;
      case 0x44: this.push(V.F64); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e:
        if (this.constMode) m.features.add(F.extendedConst);
        this.simple(op);
        break;
      case 0xd0: {
        const h = this.heap(ins.heap);
        this.noteRef();
        this.push(ref(h, true));
        break;
      }
      case 0xd1: {
        this.popRef();
        this.noteRef();
        this.push(V.I32);
        break;
      }
      case 0xd2: {
        const f = ins.a;
        this.noteRef();
        if (f >= m.numFuncs) throw this.err(`unknown function ${f}`);
        if (this.constRefs !== null) this.constRefs.push(f);
        else if (!this.constMode && m.declared[f] === 0) throw this.err('undeclared function reference');
        this.push(this.concrete(m.funcTypes[f], false));
        break;
      }
      case 0xd3:
        m.features.add(F.gc);
        this.popT(ref(H.Eq, true));
        this.popT(ref(H.Eq, true));
        this.push(V.I32);
        break;
      case 0xd4: {
        m.features.add(F.functionReferences);
        const t = this.popRef();
        this.push(ref(heapOf(t), false));
        break;
      }
      case 0xd5: {
        m.features.add(F.functionReferences);
        const lt = this.labelTypes(this.labelFrame(ins.a));
        const t = this.popRef();
        this.popAll(lt);
        this.pushAll(lt);
        this.push(ref(heapOf(t), false));
        break;
      }
      case 0xd6: {
        m.features.add(F.functionReferences);
        const lt = this.labelTypes(this.labelFrame(ins.a));
        const t = this.popRef();
        this.push(ref(heapOf(t), false));
        this.branchKeepingPrefix(lt);
        break;
      }
      default:
        if (op > 0xffff) this.prefixed(op);
        else this.simple(op);
    }
    return false;
  }

  /** `end`: closes the innermost frame; true when it closed the function (or constant expression). */
  private end(): boolean {
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

  /** A load or store on memory 0 with a one-byte alignment (fast path). */
  private memOp(op: number, align: number): void {
    const m = this.m;
    if (m.numMems === 0) throw this.err('unknown memory 0');
    if (align > MEM_ALIGN[op]) throw this.err('alignment must not be larger than natural');
    const at = m.memAddr[0];
    if (MEM_STORE[op]) {
      this.popT(MEM_TYPE[op]);
      this.popT(at);
    } else {
      this.popT(at);
      this.push(MEM_TYPE[op]);
    }
  }

  private call(typeIndex: number, tail: boolean): void {
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

  private tryTable(): void {
    const m = this.m;
    const ins = this.ins;
    m.features.add(F.exceptions);
    this.blockSig(this.sig);
    const p = this.sig.p;
    const res = this.sig.r;
    const catches = ins.catches;
    for (let k = 0; k < catches.length; k++) {
      const c = catches[k];
      const lt = this.labelTypes(this.labelFrame(c.label));
      let ok: boolean;
      if (c.kind < 2) {
        const tp = this.tag(c.tag);
        if (c.kind === 0) {
          ok = this.subtypes(tp, lt);
        } else {
          ok = lt.length === tp.length + 1 && valSub(m.reg, EXN_NONNULL, lt[tp.length]);
          for (let i = 0; ok && i < tp.length; i++) ok = valSub(m.reg, tp[i], lt[i]);
        }
      } else if (c.kind === 2) {
        ok = lt.length === 0;
      } else {
        ok = lt.length === 1 && valSub(m.reg, EXN_NONNULL, lt[0]);
      }
      if (!ok) throw this.err('type mismatch');
    }
    this.popAll(p);
    this.pushCtrl(C.TryTable, p, res);
  }

  /** Table-driven numeric, conversion and SIMD ops. */
  private simple(op: number): void {
    const k = opIndex(op);
    const n = k >= 0 ? SIG_N[k] : -1;
    if (n >= 0) {
      if (n === 1) {
        this.popT(SIG_A[k]);
      } else if (n === 2) {
        this.popT(SIG_B[k]);
        this.popT(SIG_A[k]);
      } else if (n === 3) {
        this.popT(SIG_C[k]);
        this.popT(SIG_B[k]);
        this.popT(SIG_A[k]);
      }
      this.push(SIG_R[k]);
      if (k >= 0xc0 && k <= 0xc4) this.m.features.add(F.signExtension);
      else if (k >= 256 && k < 264) this.m.features.add(F.saturatingFloatToInt);
      else if (k >= 512) this.m.features.add(k >= 512 + 0x100 ? F.relaxedSimd : F.simd);
      return;
    }
    const align = k >= 0 ? MEM_ALIGN[k] : -1;
    if (align >= 0) {
      if (k >= 512) this.m.features.add(F.simd);
      const at = this.memarg(k, align);
      if (MEM_STORE[k]) {
        this.popT(MEM_TYPE[k]);
        this.popT(at);
      } else {
        this.popT(at);
        this.push(MEM_TYPE[k]);
      }
      return;
    }
    throw this.err(`unsupported instruction ${op.toString(16)}`);
  }

  private prefixed(op: number): void {
    const prefix = op >>> 16;
    if (prefix === 0xfb) {
      this.gc(op & 0xffff);
      return;
    }
    if (prefix === 0xfc) {
      const sub = op & 0xffff;
      if (sub >= 8) {
        this.bulk(sub);
        return;
      }
    } else if (prefix === 0xfd) {
      const sub = op & 0xffff;
      if (this.simdSpecial(sub)) return;
    }
    this.simple(op);
  }

  private bulk(sub: number): void {
    const m = this.m;
    const ins = this.ins;
    m.features.add(F.bulkMemory);
    switch (sub) {
      case 8: { // memory.init data mem
        const at = this.memory(ins.b);
        this.data(ins.a);
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(at);
        return;
      }
      case 9: this.data(ins.a); return;
      case 10: { // memory.copy dst src
        const d = this.memory(ins.a);
        const s = this.memory(ins.b);
        this.popT(d === V.I64 && s === V.I64 ? V.I64 : V.I32);
        this.popT(s);
        this.popT(d);
        return;
      }
      case 11: {
        const at = this.memory(ins.a);
        this.popT(at);
        this.popT(V.I32);
        this.popT(at);
        return;
      }
      case 12: { // table.init elem table
        const tt = this.table(ins.b);
        const et = this.elem(ins.a);
        if (!valSub(m.reg, et, tt)) throw this.err('type mismatch');
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(m.tableAddr[ins.b]);
        return;
      }
      case 13: this.elem(ins.a); return;
      case 14: { // table.copy dst src
        const dt = this.table(ins.a);
        const stt = this.table(ins.b);
        if (!valSub(m.reg, stt, dt)) throw this.err('type mismatch');
        const da = m.tableAddr[ins.a];
        const sa = m.tableAddr[ins.b];
        this.popT(da === V.I64 && sa === V.I64 ? V.I64 : V.I32);
        this.popT(sa);
        this.popT(da);
        return;
      }
      case 15: { // table.grow
        const t = this.table(ins.a);
        const at = m.tableAddr[ins.a];
        this.noteRef();
        this.popT(at);
        this.popT(t);
        this.push(at);
        return;
      }
      case 16:
        this.table(ins.a);
        this.noteRef();
        this.push(m.tableAddr[ins.a]);
        return;
      case 17: {
        const t = this.table(ins.a);
        const at = m.tableAddr[ins.a];
        this.noteRef();
        this.popT(at);
        this.popT(t);
        this.popT(at);
        return;
      }
      default:
        throw this.err(`unsupported instruction fc ${sub}`);
    }
  }

  /** SIMD ops with lane immediates or constants; returns false for table-driven ones. */
  private simdSpecial(sub: number): boolean {
    const ins = this.ins;
    const m = this.m;
    if (sub === 0x0c) {
      m.features.add(F.simd);
      this.push(V.V128);
      return true;
    }
    if (sub === 0x0d) {
      m.features.add(F.simd);
      const lanes = ins.v128;
      for (let i = 0; i < 16; i++) if (lanes[i] >= 32) throw this.err('invalid lane index');
      this.popT(V.V128);
      this.popT(V.V128);
      this.push(V.V128);
      return true;
    }
    if (sub >= 0x15 && sub <= 0x22) {
      m.features.add(F.simd);
      const [count, scalar, replace] = LANE_OPS[sub - 0x15];
      if (ins.a >= count) throw this.err('invalid lane index');
      if (replace) {
        this.popT(scalar);
        this.popT(V.V128);
        this.push(V.V128);
      } else {
        this.popT(V.V128);
        this.push(scalar);
      }
      return true;
    }
    if (sub >= 0x54 && sub <= 0x5b) {
      m.features.add(F.simd);
      const size = (sub - 0x54) & 3; // log2 bytes: 0..3
      const at = this.memarg(0, size);
      if (ins.d >= 16 >> size) throw this.err('invalid lane index');
      this.popT(V.V128);
      this.popT(at);
      if (sub < 0x58) this.push(V.V128);
      return true;
    }
    return false;
  }

  private gc(sub: number): void {
    const m = this.m;
    const ins = this.ins;
    const reg = m.reg;
    m.features.add(F.gc);
    switch (sub) {
      case 0x00: { // struct.new
        const fields = this.structType(ins.a);
        for (let i = fields.length - 1; i >= 0; i--) this.popT(unpacked(fields[i]));
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x01: {
        const fields = this.structType(ins.a);
        for (let i = 0; i < fields.length; i++) if (!isDefaultable(fields[i])) throw this.err('type mismatch');
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x02: case 0x03: case 0x04: { // struct.get(_s/_u)
        const fields = this.structType(ins.a);
        if (ins.b >= fields.length) throw this.err(`unknown field ${ins.b}`);
        const ft = fields[ins.b];
        const packed = ft === V.I8 || ft === V.I16;
        if (packed !== (sub !== 0x02)) throw this.err('type mismatch');
        this.popT(this.concrete(ins.a, true));
        this.push(unpacked(ft));
        return;
      }
      case 0x05: {
        const fields = this.structType(ins.a);
        if (ins.b >= fields.length) throw this.err(`unknown field ${ins.b}`);
        if (!m.fieldMut[ins.a][ins.b]) throw this.err('immutable field');
        this.popT(unpacked(fields[ins.b]));
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x06: {
        const et = this.arrayType(ins.a);
        this.popT(V.I32);
        this.popT(unpacked(et));
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x07: {
        const et = this.arrayType(ins.a);
        if (!isDefaultable(et)) throw this.err('type mismatch');
        this.popT(V.I32);
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x08: {
        const et = unpacked(this.arrayType(ins.a));
        // The count is a u32 immediate: pop at most what the stack holds (on a polymorphic
        // stack the rest are bot), so a huge count cannot spin for billions of iterations.
        const avail = this.vsp - this.floor;
        if (ins.b > avail && !this.cUnreach[this.csp - 1]) throw this.err('type mismatch');
        for (let i = Math.min(ins.b, avail); i > 0; i--) this.popT(et);
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x09: { // array.new_data
        const et = this.arrayType(ins.a);
        if (isRef(et)) throw this.err('array type is not numeric or vector');
        this.data(ins.b);
        this.popT(V.I32);
        this.popT(V.I32);
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x0a: { // array.new_elem
        const et = this.arrayType(ins.a);
        const st = this.elem(ins.b);
        if (!valSub(reg, st, et)) throw this.err('type mismatch');
        this.popT(V.I32);
        this.popT(V.I32);
        this.push(this.concrete(ins.a, false));
        return;
      }
      case 0x0b: case 0x0c: case 0x0d: {
        const et = this.arrayType(ins.a);
        const packed = et === V.I8 || et === V.I16;
        if (packed !== (sub !== 0x0b)) throw this.err('type mismatch');
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        this.push(unpacked(et));
        return;
      }
      case 0x0e: {
        const et = this.arrayType(ins.a);
        if (!m.fieldMut[ins.a][0]) throw this.err('immutable array');
        this.popT(unpacked(et));
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x0f:
        this.popT(ref(H.Array, true));
        this.push(V.I32);
        return;
      case 0x10: { // array.fill
        const et = this.arrayType(ins.a);
        if (!m.fieldMut[ins.a][0]) throw this.err('immutable array');
        this.popT(V.I32);
        this.popT(unpacked(et));
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x11: { // array.copy dst src
        const dt = this.arrayType(ins.a);
        const st = this.arrayType(ins.b);
        if (!m.fieldMut[ins.a][0]) throw this.err('immutable array');
        if (!(st === dt || (isRef(st) && valSub(reg, st, dt)))) throw this.err('array types do not match');
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(this.concrete(ins.b, true));
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x12: { // array.init_data
        const et = this.arrayType(ins.a);
        if (!m.fieldMut[ins.a][0]) throw this.err('immutable array');
        if (isRef(et)) throw this.err('array type is not numeric or vector');
        this.data(ins.b);
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x13: { // array.init_elem
        const et = this.arrayType(ins.a);
        if (!m.fieldMut[ins.a][0]) throw this.err('immutable array');
        const st = this.elem(ins.b);
        if (!valSub(reg, st, et)) throw this.err('type mismatch');
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(V.I32);
        this.popT(this.concrete(ins.a, true));
        return;
      }
      case 0x14: case 0x15: case 0x16: case 0x17: { // ref.test / ref.cast (null)
        const h = this.heap(ins.heap);
        const top = topHeap(reg, h);
        this.popT(ref(top, true));
        this.push(sub <= 0x15 ? V.I32 : ref(h, sub === 0x17));
        return;
      }
      case 0x18: case 0x19: { // br_on_cast(_fail) label flags ht1 ht2
        const h1 = this.heap(ins.heap);
        const h2 = this.heap(ins.heap2);
        const rt1 = ref(h1, (ins.b & 1) !== 0);
        const rt2 = ref(h2, (ins.b & 2) !== 0);
        if (!valSub(reg, rt2, rt1)) throw this.err('type mismatch');
        const lt = this.labelTypes(this.labelFrame(ins.a));
        this.popT(rt1);
        // rt1 minus rt2: nullable only if rt1 is and rt2 is not.
        const diff = ref(h1, isNullable(rt1) && !isNullable(rt2));
        if (sub === 0x18) {
          this.push(rt2);
          this.branchKeepingPrefix(lt);
          this.push(diff);
        } else {
          this.push(diff);
          this.branchKeepingPrefix(lt);
          this.push(rt2);
        }
        return;
      }
      case 0x1a: { // any.convert_extern
        const t = this.popT(ref(H.Extern, true));
        this.push(ref(H.Any, t !== V.Bot && isNullable(t)));
        return;
      }
      case 0x1b: { // extern.convert_any
        const t = this.popT(ref(H.Any, true));
        this.push(ref(H.Extern, t !== V.Bot && isNullable(t)));
        return;
      }
      case 0x1c:
        this.popT(V.I32);
        this.push(ref(H.I31, false));
        return;
      case 0x1d: case 0x1e:
        this.popT(ref(H.I31, true));
        this.push(V.I32);
        return;
      default:
        throw this.err(`unsupported instruction fb ${sub}`);
    }
  }
}

