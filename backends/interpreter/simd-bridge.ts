/**
 * The one place the run loop reaches the SIMD lane library (`./simd/`). Layout of a SIMD
 * instruction: `[Simd, length, wasmOp, dst, a, b, c, imm, offLo, offHi, mem, shuffle words...]`
 * with slot operands frame-relative (-1 when unused). The library works on byte offsets into
 * the stack buffer (slot * 8) through views rebuilt whenever the machine's buffer changes.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { InterpInstance } from './instance.js';
import type { Machine } from './machine.js';
import {
  createSimdViews, simdKind, SimdKind, simdUnary, simdBinary, simdTernary, simdShift, simdBitmask,
  simdAllTrue, simdAnyTrue, simdSplatSlot, simdExtractLaneSlot, simdReplaceLaneSlot, simdShuffle,
  simdLoad, simdStore, simdLoadLane, simdStoreLane, simdMemAccessSize,
} from './simd/index.js';
import { addr } from './ext-ops.js';

const TWO32 = 4294967296;
const lanes = new Uint8Array(16);

/**
 * A byte view of memory `mi`, cached on the instance and rebuilt only when the memory's
 * buffer changes (`MemoryInstance.generation`). Bounds are checked against `byteLength`
 * before every access, so the view may extend past it.
 */
function memBytes(inst: InterpInstance, mi: number): Uint8Array {
  const mem = inst.memories[mi];
  let v = inst.memBytes[mi];
  if (v === undefined || v === null || inst.memBytesGen[mi] !== mem.generation || v.buffer !== mem.buffer) {
    v = new Uint8Array(mem.buffer);
    inst.memBytes[mi] = v;
    inst.memBytesGen[mi] = mem.generation;
  }
  return v;
}

export function execSimd(m: Machine, inst: InterpInstance, code: Int32Array, pc: number, fp: number): void {
  let v = m.simdViews;
  if (v === null || v.buffer !== m.I.buffer) v = m.simdViews = createSimdViews(m.I.buffer);
  const op = code[pc + 2];
  const dst = (fp + code[pc + 3]) * 8;
  const a = (fp + code[pc + 4]) * 8;
  const b = (fp + code[pc + 5]) * 8;
  const imm = code[pc + 7];
  const kind = simdKind(op);
  switch (kind) {
    case SimdKind.Unary: simdUnary(op, v, dst, a); return;
    case SimdKind.Binary: simdBinary(op, v, dst, a, b); return;
    case SimdKind.Ternary: simdTernary(op, v, dst, a, b, (fp + code[pc + 6]) * 8); return;
    case SimdKind.Shift: simdShift(op, v, dst, a, m.I[b >> 2]); return;
    case SimdKind.Splat: simdSplatSlot(op, v, dst, a); return;
    case SimdKind.ExtractLane: simdExtractLaneSlot(op, v, dst, a, imm); return;
    case SimdKind.ReplaceLane: simdReplaceLaneSlot(op, v, dst, a, imm, b); return;
    case SimdKind.Bitmask: m.I[dst >> 2] = simdBitmask(op, v, a); return;
    case SimdKind.AllTrue: m.I[dst >> 2] = simdAllTrue(op, v, a); return;
    case SimdKind.AnyTrue: m.I[dst >> 2] = simdAnyTrue(v, a); return;
    case SimdKind.Shuffle: {
      for (let i = 0; i < 4; i++) {
        const w = code[pc + 11 + i];
        lanes[i * 4] = w & 0xff;
        lanes[i * 4 + 1] = (w >>> 8) & 0xff;
        lanes[i * 4 + 2] = (w >>> 16) & 0xff;
        lanes[i * 4 + 3] = (w >>> 24) & 0xff;
      }
      simdShuffle(v, dst, a, b, lanes);
      return;
    }
    default: break;
  }
  // Memory forms.
  const mem = inst.memories[code[pc + 10]];
  const is64 = mem.type.address === 'i64';
  const off = (code[pc + 9] >>> 0) * TWO32 + (code[pc + 8] >>> 0);
  const ea = addr(m.I, fp + code[pc + 4], is64) + off;
  if (ea + simdMemAccessSize(op) > mem.byteLength) throw new Trap(TrapCode.MemoryOutOfBounds);
  const bytes = memBytes(inst, code[pc + 10]);
  switch (kind) {
    case SimdKind.Load: simdLoad(op, v, dst, bytes, ea); return;
    case SimdKind.Store: simdStore(v, b, bytes, ea); return;
    case SimdKind.LoadLane: simdLoadLane(op, v, dst, b, bytes, ea, imm); return;
    case SimdKind.StoreLane: simdStoreLane(op, v, b, bytes, ea, imm); return;
    default: throw new Error(`interpreter: unexpected SIMD opcode ${op.toString(16)}`);
  }
}
