/**
 * The run loop: one `switch` over the translated code, with the frame pointer, pc, code,
 * stack views and memory-0 view held in JS locals. Calls, returns and tail calls between
 * interpreter functions are loop iterations over the Machine's frame stack (never JS
 * recursion); only calls out of the interpreter (host functions, other backends) use the JS
 * stack.
 *
 * Slot addressing: slot `s` is `F[s]` (f64) and `I[s*2]`, `I[s*2+1]` (low/high words).
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { FuncInstance } from '../../kernel/runtime/func-instance.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import { IOp, GK } from './internal-ops.js';
import type { InterpFunc, InterpInstance } from './instance.js';
import { NO_MEMORY } from './instance.js';
import type { Machine } from './machine.js';
import { FRAME_OVERHEAD } from './func-code.js';
import { f32FromBits as f32, f32ToBits as b32, i32DivS, i32DivU, i32RemS, i32RemU, quiet, truncI32 } from './numeric.js';
import { callOut, CALL_PENDING } from './calls.js';
import { unwindTo, backtrace } from './exceptions.js';
import { globalGet, globalSet, memoryGrow } from './ext-ops.js';
import { execRare } from './rare-ops.js';
import { ensureTranslated } from './compiled-module.js';
import { sampleStack } from './sample-stack.js';

/** A one-instruction program that performs `Return` (used after a tail call out of the interpreter). */
export const RET_CODE = Int32Array.of(IOp.Return);

/** Read by `IOp.Sample` when the store has no sampler (such code is only compiled with one). */
const NO_TICKS = new Int32Array(1);

export const RUN_DONE = 0;
export const RUN_SUSPENDED = 1;

/**
 * A host RangeError raised in the loop: the JS stack overflowing, or memory 0's DataView refusing
 * an access past the end. Memory 0's loads and stores in this loop have no bounds check of their
 * own (each is marked `// trap: DataView bounds (...)`): the view covers exactly the memory's
 * byteLength (InterpInstance.refreshMem0), so the DataView's own check is wasm's, and relying on
 * it measured ~4% faster on the memory-heavy programs (bench/allocators/bounds-check.ts).
 * 64-bit stores write their high half first, so a store straddling the end writes nothing.
 */
function rangeErrorTrap(e: RangeError): unknown {
  if (/call stack/i.test(e.message)) return new Trap(TrapCode.StackOverflow, undefined, { cause: e });
  if (/bounds of the DataView/.test(e.message)) return new Trap(TrapCode.MemoryOutOfBounds);
  return e;
}

/**
 * Runs `fn` (frame at `fp`, already prepared) from `pc` until the frame at `baseDepth`
 * returns. Returns RUN_DONE, or RUN_SUSPENDED (async machines) with the state saved in `m`.
 */
export function execute(m: Machine, fn: InterpFunc, fp: number, pc: number, baseDepth: number, startCode: Int32Array | null): number {
  const store = m.store;
  const epochArr = store.epoch;
  const sampleTicks = store.sampler === null ? NO_TICKS : store.sampler.ticks;
  const maxStack = store.maxWasmStack;
  let cur = fn;
  let inst: InterpInstance = fn.inst;
  let code = startCode ?? fn.fc.code;
  let depth = m.depth;
  let I = m.I;
  let F = m.F;
  let R = m.R;
  let fuel = store.fuel;
  let mem0 = inst.mem0;
  inst.refreshMem0();
  let mdv = mem0 === null ? NO_MEMORY : inst.m0dv;
  for (;;) {
    try {
      for (;;) {
        switch (code[pc]) {
          // ---- control ------------------------------------------------------------------
          case IOp.Br:
            pc = code[pc + 1];
            break;
          case IOp.BrIf:
            pc = I[(fp + code[pc + 1]) << 1] !== 0 ? code[pc + 2] : pc + 3;
            break;
          case IOp.BrUnless:
            pc = I[(fp + code[pc + 1]) << 1] === 0 ? code[pc + 2] : pc + 3;
            break;
          case IOp.BrTable: {
            const i = I[(fp + code[pc + 1]) << 1] >>> 0;
            const n = code[pc + 2];
            pc = code[pc + 3 + (i < n ? i : n)];
            break;
          }
          case IOp.Return: {
            if (inst.hooks && store.events.observed) store.events.emit({ type: 'call.exit', storeId: store.id, funcIndex: cur.fc.funcIndex, funcName: cur.fc.name });
            if (depth === baseDepth) {
              store.fuel = fuel;
              m.depth = depth;
              return RUN_DONE;
            }
            depth--;
            pc = m.frames[depth << 1];
            fp = m.frames[(depth << 1) + 1];
            cur = m.frameFns[depth]!;
            code = cur.fc.code;
            if (cur.inst !== inst) {
              inst = cur.inst;
              mem0 = inst.mem0;
              inst.refreshMem0();
              mdv = mem0 === null ? NO_MEMORY : inst.m0dv;
            }
            break;
          }
          case IOp.Call: case IOp.CallIndirect: case IOp.CallRef:
          case IOp.ReturnCall: case IOp.ReturnCallIndirect: case IOp.ReturnCallRef: {
            const op = code[pc];
            let callee: InterpFunc | null;
            let fi: FuncInstance;
            let argBase: number;
            let next: number;
            if (op === IOp.Call || op === IOp.ReturnCall) {
              const f = code[pc + 1];
              callee = inst.callees[f];
              fi = inst.funcs[f];
              argBase = fp + code[pc + 2];
              next = pc + 3;
            } else if (op === IOp.CallIndirect || op === IOp.ReturnCallIndirect) {
              const tix = code[pc + 2];
              const tbl = inst.tables[tix];
              const s = (fp + code[pc + 3]) << 1;
              const els = tbl.elements;
              const idx = inst.tableIs64[tix] !== 0 && I[s + 1] !== 0 ? 4294967296 : I[s] >>> 0;
              if (idx >= els.length) throw new Trap(TrapCode.TableOutOfBounds, 'undefined element');
              const f = els[idx] as FuncInstance | null;
              if (f === null) throw new Trap(TrapCode.IndirectCallToNull);
              const want = inst.typeIds[code[pc + 1]];
              if (f.typeId !== want && !inst.registry.isSubtype(f.typeId, want)) throw new Trap(TrapCode.BadSignature);
              fi = f;
              callee = f.owner === 'interpreter' ? f.impl as InterpFunc : null;
              argBase = fp + code[pc + 4];
              next = pc + 5;
            } else {
              const f = R[fp + code[pc + 2]] as FuncInstance | null;
              if (f === null) throw new Trap(TrapCode.NullReference, 'null function reference');
              fi = f;
              callee = f.owner === 'interpreter' ? f.impl as InterpFunc : null;
              argBase = fp + code[pc + 3];
              next = pc + 4;
            }
            const tail = op >= IOp.ReturnCall;
            if (callee !== null) {
              const fc = callee.fc;
              if (!fc.ready) ensureTranslated(callee);
              let nfp = argBase;
              if (tail) {
                // Reuse this frame: move the arguments down to slot 0.
                const n = fc.paramSlots;
                for (let i = 0; i < n; i++) {
                  const d = (fp + i) << 1, s = (argBase + i) << 1;
                  I[d] = I[s];
                  I[d + 1] = I[s + 1];
                  R[fp + i] = R[argBase + i];
                }
                nfp = fp;
              }
              const end = nfp + fc.frameSlots;
              const nd = tail ? depth : depth + 1;
              if (end > m.capSlots || nd * 2 + 2 > m.frames.length || end * 8 + nd * FRAME_OVERHEAD > maxStack) {
                if (!m.ensure(end, nd)) throw new Trap(TrapCode.StackOverflow);
                I = m.I;
                F = m.F;
                R = m.R;
              }
              if (!tail) {
                m.frames[depth << 1] = next;
                m.frames[(depth << 1) + 1] = fp;
                m.frameFns[depth] = cur;
                depth = nd;
              }
              for (let s = (nfp + fc.paramSlots) << 1, e = (nfp + fc.localSlots) << 1; s < e; s++) I[s] = 0;
              const rl = fc.refLocals;
              for (let i = 0; i < rl.length; i++) R[nfp + rl[i]] = null;
              fp = nfp;
              cur = callee;
              code = fc.code;
              pc = 0;
              if (callee.inst !== inst) {
                inst = callee.inst;
                mem0 = inst.mem0;
                inst.refreshMem0();
                mdv = mem0 === null ? NO_MEMORY : inst.m0dv;
              }
              break;
            }
            // Out of the interpreter: host function or another backend.
            m.depth = depth;
            m.top = fp + cur.fc.frameSlots;
            store.fuel = fuel;
            const r = callOut(m, fi, inst, argBase);
            fuel = store.fuel;
            I = m.I;
            F = m.F;
            R = m.R;
            if (mem0 !== null) {
              inst.refreshMem0();
              mdv = inst.m0dv;
            }
            if (r === CALL_PENDING) {
              m.fn = cur;
              m.fp = fp;
              m.pc = next;
              m.pendingFn = fi;
              m.pendingBase = argBase;
              m.pendingTail = tail;
              m.depth = depth;
              return RUN_SUSPENDED;
            }
            if (tail) {
              const n = fi.type.results.length === 0 ? 0 : resultSlots(fi);
              for (let i = 0; i < n; i++) {
                const d = (fp + i) << 1, s = (argBase + i) << 1;
                I[d] = I[s];
                I[d + 1] = I[s + 1];
                R[fp + i] = R[argBase + i];
              }
              code = RET_CODE;
              pc = 0;
            } else {
              pc = next;
            }
            break;
          }
          case IOp.CopyArgs:
          case IOp.Nop:
            pc += 1;
            break;
          // ---- moves, select, globals ---------------------------------------------------------
          case IOp.Mov: {
            const d = (fp + code[pc + 1]) << 1, s = (fp + code[pc + 2]) << 1;
            I[d] = I[s];
            I[d + 1] = I[s + 1];
            pc += 3;
            break;
          }
          case IOp.Select: {
            const d = (fp + code[pc + 1]) << 1;
            const s = (fp + (I[(fp + code[pc + 4]) << 1] !== 0 ? code[pc + 2] : code[pc + 3])) << 1;
            I[d] = I[s];
            I[d + 1] = I[s + 1];
            pc += 5;
            break;
          }
          case IOp.GlobalGet: {
            const g = inst.globals[code[pc + 2]];
            if (code[pc + 3] === GK.I32) I[(fp + code[pc + 1]) << 1] = g.value as number;
            else globalGet(m, fp + code[pc + 1], g, code[pc + 3]);
            pc += 4;
            break;
          }
          case IOp.GlobalSet: {
            const g = inst.globals[code[pc + 1]];
            if (code[pc + 3] === GK.I32) g.value = I[(fp + code[pc + 2]) << 1];
            else globalSet(m, fp + code[pc + 2], g, code[pc + 3]);
            pc += 4;
            break;
          }
          case IOp.Fuel:
            fuel -= code[pc + 1];
            if (fuel < 0) {
              fuel += code[pc + 1];
              throw new Trap(TrapCode.OutOfFuel);
            }
            pc += 2;
            break;
          case IOp.Epoch:
            if (epochArr[0] >= store.epochDeadline) throw new Trap(TrapCode.Interrupt);
            pc += 1;
            break;
          case IOp.Sample:
            if (sampleTicks[0] !== 0) sampleStack(store.sampler!, m, depth, cur);
            pc += 1;
            break;
          // ---- references -------------------------------------------------------------------
          // ---- superinstructions (see translator.ts) -------------------------------------
          case IOp.RotlI: {
            const a = I[(fp + code[pc + 2]) << 1], n = code[pc + 3];
            I[(fp + code[pc + 1]) << 1] = (a << n) | (a >>> ((32 - n) & 31));
            pc += 4;
            break;
          }
          case IOp.Mov2: {
            let d = (fp + code[pc + 1]) << 1, s = (fp + code[pc + 2]) << 1;
            I[d] = I[s];
            I[d + 1] = I[s + 1];
            d = (fp + code[pc + 3]) << 1;
            s = (fp + code[pc + 4]) << 1;
            I[d] = I[s];
            I[d + 1] = I[s + 1];
            pc += 5;
            break;
          }
          case IOp.AddI2:
            I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 4]) << 1] = (I[(fp + code[pc + 5]) << 1] + code[pc + 6]) | 0;
            pc += 7;
            break;
          case IOp.AddShl:
            I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] + (I[(fp + code[pc + 3]) << 1] << code[pc + 4])) | 0;
            pc += 5;
            break;
          case IOp.I32LoadA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt32(ea, true);
            pc += 5;
            break;
          }
          case IOp.I64LoadA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 8)
            const d = (fp + code[pc + 1]) << 1;
            I[d] = mdv.getInt32(ea, true);
            I[d + 1] = mdv.getInt32(ea + 4, true);
            pc += 5;
            break;
          }
          case IOp.I32Load8UA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 1)
            I[(fp + code[pc + 1]) << 1] = mdv.getUint8(ea);
            pc += 5;
            break;
          }
          case IOp.I32Load8SA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 1)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt8(ea);
            pc += 5;
            break;
          }
          case IOp.I32Load16UA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 2)
            I[(fp + code[pc + 1]) << 1] = mdv.getUint16(ea, true);
            pc += 5;
            break;
          }
          case IOp.I32Load16SA: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 2)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt16(ea, true);
            pc += 5;
            break;
          }
          case IOp.I32StoreA: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 4)
            mdv.setInt32(ea, I[(fp + code[pc + 2]) << 1], true);
            pc += 5;
            break;
          }
          case IOp.I64StoreA: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 8)
            const s = (fp + code[pc + 2]) << 1;
            mdv.setInt32(ea + 4, I[s + 1], true); // high half first: an access past the end faults before writing
            mdv.setInt32(ea, I[s], true);
            pc += 5;
            break;
          }
          case IOp.I32Store8A: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 1)
            mdv.setInt8(ea, I[(fp + code[pc + 2]) << 1]);
            pc += 5;
            break;
          }
          case IOp.I32Store16A: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + code[pc + 3]) >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 2)
            mdv.setInt16(ea, I[(fp + code[pc + 2]) << 1], true);
            pc += 5;
            break;
          }
          case IOp.I32LoadX: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + (I[(fp + code[pc + 3]) << 1] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt32(ea, true);
            pc += 6;
            break;
          }
          case IOp.I64LoadX: {
            const ea = ((I[(fp + code[pc + 2]) << 1] + (I[(fp + code[pc + 3]) << 1] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 8)
            const d = (fp + code[pc + 1]) << 1;
            I[d] = mdv.getInt32(ea, true);
            I[d + 1] = mdv.getInt32(ea + 4, true);
            pc += 6;
            break;
          }
          case IOp.I32StoreX: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + (I[(fp + code[pc + 2]) << 1] << code[pc + 3])) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 4)
            mdv.setInt32(ea, I[(fp + code[pc + 4]) << 1], true);
            pc += 6;
            break;
          }
          case IOp.I64StoreX: {
            const ea = ((I[(fp + code[pc + 1]) << 1] + (I[(fp + code[pc + 2]) << 1] << code[pc + 3])) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 8)
            const s = (fp + code[pc + 4]) << 1;
            mdv.setInt32(ea + 4, I[s + 1], true); // high half first: an access past the end faults before writing
            mdv.setInt32(ea, I[s], true);
            pc += 6;
            break;
          }
          case IOp.AddBrIf: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = v !== 0 ? code[pc + 4] : pc + 5;
            break;
          }
          case IOp.AddBrNeI: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = v !== code[pc + 4] ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.AddBrLtUI: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = (v >>> 0) < (code[pc + 4] >>> 0) ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.AddBrLtSI: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = v < code[pc + 4] ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.AddBrNe: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = v !== I[(fp + code[pc + 4]) << 1] ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.AddBrLtU: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = (v >>> 0) < (I[(fp + code[pc + 4]) << 1] >>> 0) ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.AddBrLtS: {
            const v = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            I[(fp + code[pc + 1]) << 1] = v;
            pc = v < I[(fp + code[pc + 4]) << 1] ? code[pc + 5] : pc + 6;
            break;
          }
          case IOp.XorRotlI: {
            const x = I[(fp + code[pc + 3]) << 1], n = code[pc + 4];
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ ((x << n) | (x >>> ((32 - n) & 31)));
            pc += 5;
            break;
          }
          case IOp.XorShrUI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ (I[(fp + code[pc + 3]) << 1] >>> code[pc + 4]);
            pc += 5;
            break;
          case IOp.XorShlI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ (I[(fp + code[pc + 3]) << 1] << code[pc + 4]);
            pc += 5;
            break;
          case IOp.I32LoadSA: {
            const ea = (((I[(fp + code[pc + 2]) << 1] << code[pc + 3]) + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt32(ea, true);
            pc += 6;
            break;
          }
          case IOp.I64LoadSA: {
            const ea = (((I[(fp + code[pc + 2]) << 1] << code[pc + 3]) + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
            // trap: DataView bounds (ea + 8)
            const d = (fp + code[pc + 1]) << 1;
            I[d] = mdv.getInt32(ea, true);
            I[d + 1] = mdv.getInt32(ea + 4, true);
            pc += 6;
            break;
          }
          case IOp.I32AddLoad: {
            const ea = (I[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] + mdv.getInt32(ea, true)) | 0;
            pc += 5;
            break;
          }
          case IOp.F64AddLoad: {
            const ea = (I[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 8)
            F[fp + code[pc + 1]] = F[fp + code[pc + 2]] + mdv.getFloat64(ea, true);
            pc += 5;
            break;
          }
          case IOp.F64MulLoad: {
            const ea = (I[(fp + code[pc + 3]) << 1] >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (ea + 8)
            F[fp + code[pc + 1]] = F[fp + code[pc + 2]] * mdv.getFloat64(ea, true);
            pc += 5;
            break;
          }
          case IOp.Copy32: {
            const sa = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (sa + 4)
            const v = mdv.getInt32(sa, true);
            const da = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (da + 4)
            mdv.setInt32(da, v, true);
            pc += 5;
            break;
          }
          case IOp.Copy64: {
            const sa = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (sa + 8)
            const lo = mdv.getInt32(sa, true), hi = mdv.getInt32(sa + 4, true);
            const da = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 4] >>> 0);
            // trap: DataView bounds (da + 8)
            mdv.setInt32(da + 4, hi, true); // high half first: an access past the end faults before writing
            mdv.setInt32(da, lo, true);
            pc += 5;
            break;
          }
          // ---- i32 immediate forms and fused branches ------------------------------------
          case IOp.AddI:
            I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] + code[pc + 3]) | 0;
            pc += 4;
            break;
          case IOp.AndI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] & code[pc + 3];
            pc += 4;
            break;
          case IOp.OrI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] | code[pc + 3];
            pc += 4;
            break;
          case IOp.XorI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ code[pc + 3];
            pc += 4;
            break;
          case IOp.ShlI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] << code[pc + 3];
            pc += 4;
            break;
          case IOp.ShrSI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >> code[pc + 3];
            pc += 4;
            break;
          case IOp.ShrUI:
            I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >>> code[pc + 3];
            pc += 4;
            break;
          case IOp.MulI:
            I[(fp + code[pc + 1]) << 1] = Math.imul(I[(fp + code[pc + 2]) << 1], code[pc + 3]);
            pc += 4;
            break;
          case IOp.EqI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] === code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.NeI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] !== code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.LtSI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] < code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.LtUI: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) < (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; break;
          case IOp.GtSI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] > code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.GtUI: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) > (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; break;
          case IOp.LeSI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] <= code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.LeUI: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) <= (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; break;
          case IOp.GeSI: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >= code[pc + 3] ? 1 : 0; pc += 4; break;
          case IOp.GeUI: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) >= (code[pc + 3] >>> 0) ? 1 : 0; pc += 4; break;
          case IOp.BrEq: pc = I[(fp + code[pc + 1]) << 1] === I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrNe: pc = I[(fp + code[pc + 1]) << 1] !== I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLtS: pc = I[(fp + code[pc + 1]) << 1] < I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLtU: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) < (I[(fp + code[pc + 2]) << 1] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrGtS: pc = I[(fp + code[pc + 1]) << 1] > I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrGtU: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) > (I[(fp + code[pc + 2]) << 1] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrLeS: pc = I[(fp + code[pc + 1]) << 1] <= I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLeU: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) <= (I[(fp + code[pc + 2]) << 1] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrGeS: pc = I[(fp + code[pc + 1]) << 1] >= I[(fp + code[pc + 2]) << 1] ? code[pc + 3] : pc + 4; break;
          case IOp.BrGeU: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) >= (I[(fp + code[pc + 2]) << 1] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrEqI: pc = I[(fp + code[pc + 1]) << 1] === code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrNeI: pc = I[(fp + code[pc + 1]) << 1] !== code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLtSI: pc = I[(fp + code[pc + 1]) << 1] < code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLtUI: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) < (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrGtSI: pc = I[(fp + code[pc + 1]) << 1] > code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrGtUI: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) > (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrLeSI: pc = I[(fp + code[pc + 1]) << 1] <= code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrLeUI: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) <= (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; break;
          case IOp.BrGeSI: pc = I[(fp + code[pc + 1]) << 1] >= code[pc + 2] ? code[pc + 3] : pc + 4; break;
          case IOp.BrGeUI: pc = (I[(fp + code[pc + 1]) << 1] >>> 0) >= (code[pc + 2] >>> 0) ? code[pc + 3] : pc + 4; break;
          // ---- memory (memory 0, 32-bit addresses) ----------------------------------------
          case Op.I32Load: {
            const ea = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt32(ea, true);
            pc += 4;
            break;
          }
          case Op.I64Load: {
            const ea = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 8)
            const d = (fp + code[pc + 1]) << 1;
            I[d] = mdv.getInt32(ea, true);
            I[d + 1] = mdv.getInt32(ea + 4, true);
            pc += 4;
            break;
          }
          case Op.F32Load: {
            const ea = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 4)
            I[(fp + code[pc + 1]) << 1] = mdv.getInt32(ea, true);
            pc += 4;
            break;
          }
          case Op.F64Load: {
            const ea = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 8)
            const d = (fp + code[pc + 1]) << 1;
            I[d] = mdv.getInt32(ea, true);
            I[d + 1] = mdv.getInt32(ea + 4, true);
            pc += 4;
            break;
          }
          case Op.I32Load8S: case Op.I32Load8U: case Op.I32Load16S: case Op.I32Load16U:
          case Op.I64Load8S: case Op.I64Load8U: case Op.I64Load16S: case Op.I64Load16U:
          case Op.I64Load32S: case Op.I64Load32U: {
            const op = code[pc];
            const ea = (I[(fp + code[pc + 2]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            const size = op <= Op.I32Load16U ? (op <= Op.I32Load8U ? 1 : 2) : op <= Op.I64Load8U ? 1 : op <= Op.I64Load16U ? 2 : 4;
            // trap: DataView bounds (ea + size)
            let v: number;
            switch (op) {
              case Op.I32Load8S: case Op.I64Load8S: v = mdv.getInt8(ea); break;
              case Op.I32Load8U: case Op.I64Load8U: v = mdv.getUint8(ea); break;
              case Op.I32Load16S: case Op.I64Load16S: v = mdv.getInt16(ea, true); break;
              case Op.I32Load16U: case Op.I64Load16U: v = mdv.getUint16(ea, true); break;
              default: v = mdv.getInt32(ea, true);
            }
            const d = (fp + code[pc + 1]) << 1;
            I[d] = v;
            if (op >= Op.I64Load8S) I[d + 1] = op === Op.I64Load8U || op === Op.I64Load16U || op === Op.I64Load32U ? 0 : v >> 31;
            pc += 4;
            break;
          }
          case Op.I32Store: case Op.F32Store: {
            const ea = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 4)
            mdv.setInt32(ea, I[(fp + code[pc + 2]) << 1], true);
            pc += 4;
            break;
          }
          case Op.I64Store: case Op.F64Store: {
            const ea = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 8)
            const s = (fp + code[pc + 2]) << 1;
            mdv.setInt32(ea + 4, I[s + 1], true); // high half first: an access past the end faults before writing
            mdv.setInt32(ea, I[s], true);
            pc += 4;
            break;
          }
          case Op.I32Store8: case Op.I64Store8: {
            const ea = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 1)
            mdv.setInt8(ea, I[(fp + code[pc + 2]) << 1]);
            pc += 4;
            break;
          }
          case Op.I32Store16: case Op.I64Store16: {
            const ea = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 2)
            mdv.setInt16(ea, I[(fp + code[pc + 2]) << 1], true);
            pc += 4;
            break;
          }
          case Op.I64Store32: {
            const ea = (I[(fp + code[pc + 1]) << 1] >>> 0) + (code[pc + 3] >>> 0);
            // trap: DataView bounds (ea + 4)
            mdv.setInt32(ea, I[(fp + code[pc + 2]) << 1], true);
            pc += 4;
            break;
          }
          case Op.MemoryGrow:
            memoryGrow(m, inst, fp + code[pc + 1], fp + code[pc + 2], code[pc + 3]);
            if (mem0 !== null) {
              inst.refreshMem0();
              mdv = inst.m0dv;
            }
            pc += 4;
            break;
          // ---- constants ----------------------------------------------------------------------
          case Op.I32Const:
            I[(fp + code[pc + 1]) << 1] = code[pc + 2];
            pc += 3;
            break;
          case Op.I64Const: {
            const d = (fp + code[pc + 1]) << 1;
            I[d] = code[pc + 2];
            I[d + 1] = code[pc + 3];
            pc += 4;
            break;
          }
          // ---- i32 ----------------------------------------------------------------------------
          case Op.I32Eqz: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] === 0 ? 1 : 0; pc += 3; break;
          case Op.I32Eq: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] === I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32Ne: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] !== I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32LtS: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] < I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32LtU: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) < (I[(fp + code[pc + 3]) << 1] >>> 0) ? 1 : 0; pc += 4; break;
          case Op.I32GtS: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] > I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32GtU: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) > (I[(fp + code[pc + 3]) << 1] >>> 0) ? 1 : 0; pc += 4; break;
          case Op.I32LeS: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] <= I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32LeU: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) <= (I[(fp + code[pc + 3]) << 1] >>> 0) ? 1 : 0; pc += 4; break;
          case Op.I32GeS: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >= I[(fp + code[pc + 3]) << 1] ? 1 : 0; pc += 4; break;
          case Op.I32GeU: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] >>> 0) >= (I[(fp + code[pc + 3]) << 1] >>> 0) ? 1 : 0; pc += 4; break;
          case Op.I32Add: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] + I[(fp + code[pc + 3]) << 1]) | 0; pc += 4; break;
          case Op.I32Sub: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] - I[(fp + code[pc + 3]) << 1]) | 0; pc += 4; break;
          case Op.I32Mul: I[(fp + code[pc + 1]) << 1] = Math.imul(I[(fp + code[pc + 2]) << 1], I[(fp + code[pc + 3]) << 1]); pc += 4; break;
          case Op.I32DivS: I[(fp + code[pc + 1]) << 1] = i32DivS(I[(fp + code[pc + 2]) << 1], I[(fp + code[pc + 3]) << 1]); pc += 4; break;
          case Op.I32DivU: I[(fp + code[pc + 1]) << 1] = i32DivU(I[(fp + code[pc + 2]) << 1], I[(fp + code[pc + 3]) << 1]); pc += 4; break;
          case Op.I32RemS: I[(fp + code[pc + 1]) << 1] = i32RemS(I[(fp + code[pc + 2]) << 1], I[(fp + code[pc + 3]) << 1]); pc += 4; break;
          case Op.I32RemU: I[(fp + code[pc + 1]) << 1] = i32RemU(I[(fp + code[pc + 2]) << 1], I[(fp + code[pc + 3]) << 1]); pc += 4; break;
          case Op.I32And: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] & I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32Or: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] | I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32Xor: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] ^ I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32Shl: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] << I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32ShrS: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >> I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32ShrU: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1] >>> I[(fp + code[pc + 3]) << 1]; pc += 4; break;
          case Op.I32Rotl: {
            const a = I[(fp + code[pc + 2]) << 1], n = I[(fp + code[pc + 3]) << 1] & 31;
            I[(fp + code[pc + 1]) << 1] = (a << n) | (a >>> ((32 - n) & 31));
            pc += 4;
            break;
          }
          case Op.I32Rotr: {
            const a = I[(fp + code[pc + 2]) << 1], n = I[(fp + code[pc + 3]) << 1] & 31;
            I[(fp + code[pc + 1]) << 1] = (a >>> n) | (a << ((32 - n) & 31));
            pc += 4;
            break;
          }
          // ---- i64 ----------------------------------------------------------------------------
          case Op.I64Eqz: {
            const a = (fp + code[pc + 2]) << 1;
            I[(fp + code[pc + 1]) << 1] = (I[a] | I[a + 1]) === 0 ? 1 : 0;
            pc += 3;
            break;
          }
          // One case per i64 comparison (a nested switch would be a second dispatch).
          case Op.I64Eq: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a] === I[b] && I[a + 1] === I[b + 1] ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64Ne: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a] !== I[b] || I[a + 1] !== I[b + 1] ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64LtS: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a + 1] < I[b + 1] || (I[a + 1] === I[b + 1] && (I[a] >>> 0) < (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64LtU: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = (I[a + 1] >>> 0) < (I[b + 1] >>> 0) || (I[a + 1] === I[b + 1] && (I[a] >>> 0) < (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64GtS: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a + 1] > I[b + 1] || (I[a + 1] === I[b + 1] && (I[a] >>> 0) > (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64GtU: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = (I[a + 1] >>> 0) > (I[b + 1] >>> 0) || (I[a + 1] === I[b + 1] && (I[a] >>> 0) > (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64LeS: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a + 1] < I[b + 1] || (I[a + 1] === I[b + 1] && (I[a] >>> 0) <= (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64LeU: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = (I[a + 1] >>> 0) < (I[b + 1] >>> 0) || (I[a + 1] === I[b + 1] && (I[a] >>> 0) <= (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64GeS: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = I[a + 1] > I[b + 1] || (I[a + 1] === I[b + 1] && (I[a] >>> 0) >= (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64GeU: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1;
            I[(fp + code[pc + 1]) << 1] = (I[a + 1] >>> 0) > (I[b + 1] >>> 0) || (I[a + 1] === I[b + 1] && (I[a] >>> 0) >= (I[b] >>> 0)) ? 1 : 0;
            pc += 4;
            break;
          }
          case Op.I64Add: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            const al = I[a], bl = I[b];
            const lo = (al + bl) | 0;
            const hi = (I[a + 1] + I[b + 1] + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
            I[d] = lo;
            I[d + 1] = hi;
            pc += 4;
            break;
          }
          case Op.I64Sub: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            const al = I[a], bl = I[b];
            const hi = (I[a + 1] - I[b + 1] - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
            I[d] = (al - bl) | 0;
            I[d + 1] = hi;
            pc += 4;
            break;
          }
          case Op.I64Mul: {
            // Inline 64-bit multiply on 16-bit limbs (the low word exact via Math.imul).
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            const al = I[a], bl = I[b];
            const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
            const t = a0 * b0;
            const c1 = a1 * b0 + (t >>> 16);
            const c2 = a0 * b1 + (c1 & 0xffff);
            const hi = (a1 * b1 + (c1 >>> 16) + (c2 >>> 16) + Math.imul(al, I[b + 1]) + Math.imul(I[a + 1], bl)) | 0;
            I[d] = Math.imul(al, bl);
            I[d + 1] = hi;
            pc += 4;
            break;
          }
          case Op.I64Shl: {
            const a = (fp + code[pc + 2]) << 1, d = (fp + code[pc + 1]) << 1;
            const n = I[(fp + code[pc + 3]) << 1] & 63;
            const lo = I[a], hi = I[a + 1];
            if (n === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (n < 32) { I[d + 1] = (hi << n) | (lo >>> (32 - n)); I[d] = lo << n; }
            else { I[d + 1] = lo << (n - 32); I[d] = 0; }
            pc += 4;
            break;
          }
          case Op.I64ShrU: {
            const a = (fp + code[pc + 2]) << 1, d = (fp + code[pc + 1]) << 1;
            const n = I[(fp + code[pc + 3]) << 1] & 63;
            const lo = I[a], hi = I[a + 1];
            if (n === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (n < 32) { I[d] = (lo >>> n) | (hi << (32 - n)); I[d + 1] = hi >>> n; }
            else { I[d] = hi >>> (n - 32); I[d + 1] = 0; }
            pc += 4;
            break;
          }
          case Op.I64ShrS: {
            const a = (fp + code[pc + 2]) << 1, d = (fp + code[pc + 1]) << 1;
            const n = I[(fp + code[pc + 3]) << 1] & 63;
            const lo = I[a], hi = I[a + 1];
            if (n === 0) { I[d] = lo; I[d + 1] = hi; }
            else if (n < 32) { I[d] = (lo >>> n) | (hi << (32 - n)); I[d + 1] = hi >> n; }
            else { I[d] = hi >> (n - 32); I[d + 1] = hi >> 31; }
            pc += 4;
            break;
          }
          case Op.I64And: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            I[d] = I[a] & I[b];
            I[d + 1] = I[a + 1] & I[b + 1];
            pc += 4;
            break;
          }
          case Op.I64Or: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            I[d] = I[a] | I[b];
            I[d + 1] = I[a + 1] | I[b + 1];
            pc += 4;
            break;
          }
          case Op.I64Xor: {
            const a = (fp + code[pc + 2]) << 1, b = (fp + code[pc + 3]) << 1, d = (fp + code[pc + 1]) << 1;
            I[d] = I[a] ^ I[b];
            I[d + 1] = I[a + 1] ^ I[b + 1];
            pc += 4;
            break;
          }
          // ---- f32 (raw bits in the low word) ------------------------------------------------
          case Op.F32Eq: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) === f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Ne: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) !== f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Lt: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) < f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Gt: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) > f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Le: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) <= f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Ge: I[(fp + code[pc + 1]) << 1] = f32(I[(fp + code[pc + 2]) << 1]) >= f32(I[(fp + code[pc + 3]) << 1]) ? 1 : 0; pc += 4; break;
          case Op.F32Add: I[(fp + code[pc + 1]) << 1] = b32(f32(I[(fp + code[pc + 2]) << 1]) + f32(I[(fp + code[pc + 3]) << 1])); pc += 4; break;
          case Op.F32Sub: I[(fp + code[pc + 1]) << 1] = b32(f32(I[(fp + code[pc + 2]) << 1]) - f32(I[(fp + code[pc + 3]) << 1])); pc += 4; break;
          case Op.F32Mul: I[(fp + code[pc + 1]) << 1] = b32(f32(I[(fp + code[pc + 2]) << 1]) * f32(I[(fp + code[pc + 3]) << 1])); pc += 4; break;
          case Op.F32Div: I[(fp + code[pc + 1]) << 1] = b32(f32(I[(fp + code[pc + 2]) << 1]) / f32(I[(fp + code[pc + 3]) << 1])); pc += 4; break;
          // ---- f64 ----------------------------------------------------------------------------
          case Op.F64Eq: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] === F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Ne: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] !== F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Lt: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] < F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Gt: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] > F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Le: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] <= F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Ge: I[(fp + code[pc + 1]) << 1] = F[fp + code[pc + 2]] >= F[fp + code[pc + 3]] ? 1 : 0; pc += 4; break;
          case Op.F64Sqrt: F[fp + code[pc + 1]] = quiet(Math.sqrt(F[fp + code[pc + 2]])); pc += 3; break;
          case Op.F64Add: F[fp + code[pc + 1]] = F[fp + code[pc + 2]] + F[fp + code[pc + 3]]; pc += 4; break;
          case Op.F64Sub: F[fp + code[pc + 1]] = F[fp + code[pc + 2]] - F[fp + code[pc + 3]]; pc += 4; break;
          case Op.F64Mul: F[fp + code[pc + 1]] = F[fp + code[pc + 2]] * F[fp + code[pc + 3]]; pc += 4; break;
          case Op.F64Div: F[fp + code[pc + 1]] = F[fp + code[pc + 2]] / F[fp + code[pc + 3]]; pc += 4; break;
          // ---- conversions ----------------------------------------------------------------
          case Op.I32WrapI64: I[(fp + code[pc + 1]) << 1] = I[(fp + code[pc + 2]) << 1]; pc += 3; break;
          case Op.I32TruncF64S: I[(fp + code[pc + 1]) << 1] = truncI32(F[fp + code[pc + 2]], false); pc += 3; break;
          case Op.I64ExtendI32S: case Op.I64ExtendI32U: {
            const d = (fp + code[pc + 1]) << 1;
            const v = I[(fp + code[pc + 2]) << 1];
            I[d] = v;
            I[d + 1] = code[pc] === Op.I64ExtendI32S ? v >> 31 : 0;
            pc += 3;
            break;
          }
          case Op.F32DemoteF64: I[(fp + code[pc + 1]) << 1] = b32(F[fp + code[pc + 2]]); pc += 3; break;
          case Op.F64ConvertI32S: F[fp + code[pc + 1]] = I[(fp + code[pc + 2]) << 1]; pc += 3; break;
          case Op.F64ConvertI32U: F[fp + code[pc + 1]] = I[(fp + code[pc + 2]) << 1] >>> 0; pc += 3; break;
          case Op.F64PromoteF32: F[fp + code[pc + 1]] = f32(I[(fp + code[pc + 2]) << 1]); pc += 3; break;
          case Op.I32Extend8S: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] << 24) >> 24; pc += 3; break;
          case Op.I32Extend16S: I[(fp + code[pc + 1]) << 1] = (I[(fp + code[pc + 2]) << 1] << 16) >> 16; pc += 3; break;
          default:
            // Rare operators live in a second switch so this one stays small and dense.
            pc = execRare(m, inst, code, pc, fp, cur);
            break;
        }
      }
    } catch (e) {
      store.fuel = fuel;
      if (e instanceof WasmException) {
        if (unwindTo(m, e, cur, pc, fp, depth, baseDepth)) {
          cur = m.fn!;
          fp = m.fp;
          pc = m.pc;
          depth = m.depth;
          code = cur.fc.code;
          I = m.I;
          F = m.F;
          R = m.R;
          if (cur.inst !== inst) inst = cur.inst;
          mem0 = inst.mem0;
          inst.refreshMem0();
          mdv = mem0 === null ? NO_MEMORY : inst.m0dv;
          continue;
        }
        m.depth = baseDepth;
        throw e;
      }
      let err = e;
      if (e instanceof RangeError) err = rangeErrorTrap(e);
      if (err instanceof Trap) {
        const bt = code === RET_CODE ? [] : backtrace(m, cur, pc, depth, baseDepth);
        err.backtrace = err.backtrace.length ? err.backtrace.concat(bt) : bt;
        if (err.trapCode === TrapCode.OutOfFuel && store.events.observed) store.events.emit({ type: 'fuel.exhausted', storeId: store.id });
      }
      m.depth = baseDepth;
      throw err;
    }
  }
}

function resultSlots(fi: FuncInstance): number {
  let n = 0;
  for (const t of fi.type.results) n += t === 'v128' ? 2 : 1;
  return n;
}

