/**
 * v128 memory access: v128.load/store, load8x8…load32x2 (extend), load*_splat, load*_zero,
 * load*_lane and store*_lane. Each takes the linear memory as a Uint8Array and an effective
 * address the interpreter has already bounds-checked for `simdMemAccessSize(op)` bytes.
 * Memory addresses are unaligned in general, so bytes are copied one at a time (through the
 * scratch vector when they must be reinterpreted as wider lanes); nothing is allocated.
 */
import { Op } from '../../../kernel/ir/opcodes.js';
import { scratch, type SimdViews } from './views.js';

/** Number of bytes of memory the v128 memory instruction `op` reads or writes. */
export function simdMemAccessSize(op: number): number {
  switch (op) {
    case Op.V128Load: case Op.V128Store: return 16;
    case Op.V128Load8x8S: case Op.V128Load8x8U: case Op.V128Load16x4S: case Op.V128Load16x4U:
    case Op.V128Load32x2S: case Op.V128Load32x2U: case Op.V128Load64Splat: case Op.V128Load64Zero:
    case Op.V128Load64Lane: case Op.V128Store64Lane:
      return 8;
    case Op.V128Load32Splat: case Op.V128Load32Zero: case Op.V128Load32Lane: case Op.V128Store32Lane:
      return 4;
    case Op.V128Load16Splat: case Op.V128Load16Lane: case Op.V128Store16Lane:
      return 2;
    case Op.V128Load8Splat: case Op.V128Load8Lane: case Op.V128Store8Lane:
      return 1;
    default:
      return 0;
  }
}

/** Copies `n` bytes of memory at `addr` into scratch bytes 0..n-1. */
function toScratch(mem: Uint8Array, addr: number, n: number): void {
  const o = scratch.u8;
  for (let i = 0; i < n; i++) o[i] = mem[addr + i];
}

/**
 * Every load that produces a fresh v128 at byte `dst` of the stack: v128.load, the six extending
 * loads, the four splats and the two zero-extending loads.
 */
export function simdLoad(op: number, v: SimdViews, dst: number, mem: Uint8Array, addr: number): void {
  const u8 = v.u8;
  switch (op) {
    case Op.V128Load:
      for (let i = 0; i < 16; i++) u8[dst + i] = mem[addr + i];
      return;
    case Op.V128Load8x8S: {
      const o = v.i16, d = dst >> 1;
      for (let i = 0; i < 8; i++) o[d + i] = (mem[addr + i] << 24) >> 24;
      return;
    }
    case Op.V128Load8x8U: {
      const o = v.u16, d = dst >> 1;
      for (let i = 0; i < 8; i++) o[d + i] = mem[addr + i];
      return;
    }
    case Op.V128Load16x4S: {
      toScratch(mem, addr, 8);
      const s = scratch.i16, o = v.i32, d = dst >> 2;
      for (let i = 0; i < 4; i++) o[d + i] = s[i];
      return;
    }
    case Op.V128Load16x4U: {
      toScratch(mem, addr, 8);
      const s = scratch.u16, o = v.u32, d = dst >> 2;
      for (let i = 0; i < 4; i++) o[d + i] = s[i];
      return;
    }
    case Op.V128Load32x2S: {
      toScratch(mem, addr, 8);
      const s = scratch.i32, o = v.i32, d = dst >> 2;
      o[d] = s[0];
      o[d + 1] = s[0] >> 31;
      o[d + 2] = s[1];
      o[d + 3] = s[1] >> 31;
      return;
    }
    case Op.V128Load32x2U: {
      toScratch(mem, addr, 8);
      const s = scratch.u32, o = v.u32, d = dst >> 2;
      o[d] = s[0];
      o[d + 1] = 0;
      o[d + 2] = s[1];
      o[d + 3] = 0;
      return;
    }
    case Op.V128Load8Splat: {
      const b = mem[addr];
      for (let i = 0; i < 16; i++) u8[dst + i] = b;
      return;
    }
    case Op.V128Load16Splat: {
      const b0 = mem[addr], b1 = mem[addr + 1];
      for (let i = 0; i < 16; i += 2) {
        u8[dst + i] = b0;
        u8[dst + i + 1] = b1;
      }
      return;
    }
    case Op.V128Load32Splat:
    case Op.V128Load64Splat: {
      const n = op === Op.V128Load32Splat ? 4 : 8;
      for (let i = 0; i < 16; i++) u8[dst + i] = mem[addr + (i & (n - 1))];
      return;
    }
    case Op.V128Load32Zero:
    case Op.V128Load64Zero: {
      const n = op === Op.V128Load32Zero ? 4 : 8;
      for (let i = 0; i < n; i++) u8[dst + i] = mem[addr + i];
      for (let i = n; i < 16; i++) u8[dst + i] = 0;
      return;
    }
    default:
      throw new Error(`simdLoad: not a v128 load opcode ${op.toString(16)}`);
  }
}

/** v128.store: the 16 bytes at stack byte `a` to memory at `addr`. */
export function simdStore(v: SimdViews, a: number, mem: Uint8Array, addr: number): void {
  const u8 = v.u8;
  for (let i = 0; i < 16; i++) mem[addr + i] = u8[a + i];
}

function laneBytes(op: number): number {
  switch (op) {
    case Op.V128Load8Lane: case Op.V128Store8Lane: return 1;
    case Op.V128Load16Lane: case Op.V128Store16Lane: return 2;
    case Op.V128Load32Lane: case Op.V128Store32Lane: return 4;
    case Op.V128Load64Lane: case Op.V128Store64Lane: return 8;
    default:
      throw new Error(`not a v128 lane memory opcode ${op.toString(16)}`);
  }
}

/** v128.load{8,16,32,64}_lane: `dst` = the v128 at `a` with lane `lane` loaded from memory. */
export function simdLoadLane(
  op: number, v: SimdViews, dst: number, a: number, mem: Uint8Array, addr: number, lane: number,
): void {
  const u8 = v.u8;
  if (dst !== a) for (let i = 0; i < 16; i++) u8[dst + i] = u8[a + i];
  const n = laneBytes(op), at = dst + lane * n;
  for (let i = 0; i < n; i++) u8[at + i] = mem[addr + i];
}

/** v128.store{8,16,32,64}_lane: lane `lane` of the v128 at `a` to memory at `addr`. */
export function simdStoreLane(
  op: number, v: SimdViews, a: number, mem: Uint8Array, addr: number, lane: number,
): void {
  const u8 = v.u8;
  const n = laneBytes(op), at = a + lane * n;
  for (let i = 0; i < n; i++) mem[addr + i] = u8[at + i];
}
