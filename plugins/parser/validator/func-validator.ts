/**
 * The spec's validation algorithm for instruction sequences (function bodies and constant
 * expressions). The stacks and immediate checks live in `validator-state.ts`; this file holds
 * the instruction loop: a fast path that decodes the most frequent one-byte instructions
 * inline, and a dispatch of everything else to the per-concept files (`control-ops.ts`,
 * `exception-ops.ts`, `memory-ops.ts`, `table-ops.ts`, `gc-ops.ts`, `simd-ops.ts`). Simple
 * numeric/SIMD ops and memory accesses go through the tables of `op-signatures.ts`.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import type { CodeReader } from '../../../kernel/ir/code-reader.js';
import type { ValType } from '../../../kernel/ir/types.js';
import { F } from '../binary/features.js';
import { callOp, controlOp } from './control-ops.js';
import { exceptionOp } from './exception-ops.js';
import { gcOp } from './gc-ops.js';
import { bulkMemoryOp, memoryOp } from './memory-ops.js';
import { type ModuleContext, NO_TYPES } from './module-context.js';
import { MEM_ALIGN, MEM_STORE, MEM_TYPE, opIndex, SIG_A, SIG_B, SIG_C, SIG_N, SIG_R } from './op-signatures.js';
import { simdLaneOp } from './simd-ops.js';
import { bulkTableOp, referenceOp, tableOp } from './table-ops.js';
import { encodeModule, isDefaultable, isRef, V } from './val-types.js';
import { C, ValidatorState } from './validator-state.js';

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

export class FuncValidator extends ValidatorState {
  /** Validates one function body: `code` holds its instructions (after the locals). */
  validateFunction(
    m: ModuleContext, funcIndex: number, typeIndex: number, localTypes: readonly ValType[],
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

  /** Every instruction the fast path does not take: decoded by the reader, dispatched by concept. Returns true at the function's final `end`. */
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
      case 0x02: case 0x03: case 0x04: case 0x05: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
      case 0xd4: case 0xd5: case 0xd6:
        controlOp(this, op);
        break;
      case 0x06: case 0x07: case 0x08: case 0x09: case 0x0a: case 0x18: case 0x19: case 0x1f:
        exceptionOp(this, op);
        break;
      case 0x0b:
        if (this.end()) return true;
        break;
      case 0x10: case 0x11: case 0x12: case 0x13: case 0x14: case 0x15:
        callOp(this, op);
        break;
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
      case 0x25: case 0x26:
        tableOp(this, op);
        break;
      case 0x3f: case 0x40:
        memoryOp(this, op);
        break;
      case 0x41: this.push(V.I32); break;
      case 0x42: this.push(V.I64); break;
      case 0x43: this.push(V.F32); break;
      case 0x44: this.push(V.F64); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e:
        if (this.constMode) m.features.add(F.extendedConst);
        this.simple(op);
        break;
      case 0xd0: case 0xd1: case 0xd2: case 0xd3:
        referenceOp(this, op);
        break;
      default:
        if (op > 0xffff) this.prefixed(op);
        else this.simple(op);
    }
    return false;
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
      const at = this.memarg(align);
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
    const sub = op & 0xffff;
    if (prefix === 0xfb) {
      gcOp(this, sub);
      return;
    }
    if (prefix === 0xfc) {
      if (sub >= 8) {
        this.m.features.add(F.bulkMemory);
        if (sub < 12) bulkMemoryOp(this, sub);
        else bulkTableOp(this, sub);
        return;
      }
    } else if (prefix === 0xfd) {
      if (simdLaneOp(this, sub)) return;
    }
    this.simple(op);
  }
}
