/**
 * Signatures of the "simple" instructions (numeric, conversion, SIMD lane-free ops, memory
 * accesses) as flat typed arrays indexed by a small op index, so the validator handles them
 * with a table lookup instead of a switch arm each.
 *
 * Op index: one-byte opcodes map to themselves, `0xfc xx` to 256 + xx (xx < 32), and
 * `0xfd xx` to 512 + xx (xx < 512). Other opcodes have no entry (index -1).
 */
import { V } from './val-types.js';

const SIZE = 1024;

export function opIndex(op: number): number {
  if (op < 0x100) return op;
  const prefix = op >>> 16;
  const sub = op & 0xffff;
  if (prefix === 0xfc && sub < 32) return 256 + sub;
  if (prefix === 0xfd && sub < 512) return 512 + sub;
  return -1;
}

/** Operand types (0 = none) and result type (0 = none) of simple ops; `SIG_N` = operand count. */
export const SIG_N = new Int8Array(SIZE).fill(-1);
export const SIG_A = new Uint8Array(SIZE);
export const SIG_B = new Uint8Array(SIZE);
export const SIG_C = new Uint8Array(SIZE);
export const SIG_R = new Uint8Array(SIZE);

/** Memory access ops: natural alignment (log2), value type, 1 for stores; `MEM_ALIGN` -1 = not a memory op. */
export const MEM_ALIGN = new Int8Array(SIZE).fill(-1);
export const MEM_TYPE = new Uint8Array(SIZE);
export const MEM_STORE = new Uint8Array(SIZE);

const { I32: i, I64: l, F32: f, F64: d, V128: v } = { I32: V.I32, I64: V.I64, F32: V.F32, F64: V.F64, V128: V.V128 };

function sig(from: number, to: number, params: readonly number[], result: number): void {
  for (let k = from; k <= to; k++) {
    SIG_N[k] = params.length;
    SIG_A[k] = params[0] ?? 0;
    SIG_B[k] = params[1] ?? 0;
    SIG_C[k] = params[2] ?? 0;
    SIG_R[k] = result;
  }
}

function mem(k: number, align: number, type: number, store = 0): void {
  MEM_ALIGN[k] = align;
  MEM_TYPE[k] = type;
  MEM_STORE[k] = store;
}

// One-byte numeric instructions.
sig(0x45, 0x45, [i], i);
sig(0x46, 0x4f, [i, i], i);
sig(0x50, 0x50, [l], i);
sig(0x51, 0x5a, [l, l], i);
sig(0x5b, 0x60, [f, f], i);
sig(0x61, 0x66, [d, d], i);
sig(0x67, 0x69, [i], i);
sig(0x6a, 0x78, [i, i], i);
sig(0x79, 0x7b, [l], l);
sig(0x7c, 0x8a, [l, l], l);
sig(0x8b, 0x91, [f], f);
sig(0x92, 0x98, [f, f], f);
sig(0x99, 0x9f, [d], d);
sig(0xa0, 0xa6, [d, d], d);
sig(0xa7, 0xa7, [l], i);
sig(0xa8, 0xa9, [f], i);
sig(0xaa, 0xab, [d], i);
sig(0xac, 0xad, [i], l);
sig(0xae, 0xaf, [f], l);
sig(0xb0, 0xb1, [d], l);
sig(0xb2, 0xb3, [i], f);
sig(0xb4, 0xb5, [l], f);
sig(0xb6, 0xb6, [d], f);
sig(0xb7, 0xb8, [i], d);
sig(0xb9, 0xba, [l], d);
sig(0xbb, 0xbb, [f], d);
sig(0xbc, 0xbc, [f], i);
sig(0xbd, 0xbd, [d], l);
sig(0xbe, 0xbe, [i], f);
sig(0xbf, 0xbf, [l], d);
sig(0xc0, 0xc1, [i], i);
sig(0xc2, 0xc4, [l], l);

// 0xfc 0..7: saturating truncation.
sig(256 + 0, 256 + 1, [f], i);
sig(256 + 2, 256 + 3, [d], i);
sig(256 + 4, 256 + 5, [f], l);
sig(256 + 6, 256 + 7, [d], l);

// 0xfd: SIMD (lane and memory forms are handled separately).
const S = 512;
sig(S + 0x0e, S + 0x0e, [v, v], v);
sig(S + 0x0f, S + 0x11, [i], v);
sig(S + 0x12, S + 0x12, [l], v);
sig(S + 0x13, S + 0x13, [f], v);
sig(S + 0x14, S + 0x14, [d], v);
sig(S + 0x23, S + 0x4c, [v, v], v);
sig(S + 0x4d, S + 0x4d, [v], v);
sig(S + 0x4e, S + 0x51, [v, v], v);
sig(S + 0x52, S + 0x52, [v, v, v], v);
sig(S + 0x53, S + 0x53, [v], i);
sig(S + 0x5e, S + 0x5f, [v], v);
sig(S + 0x60, S + 0x62, [v], v);
sig(S + 0x63, S + 0x64, [v], i);
sig(S + 0x65, S + 0x66, [v, v], v);
sig(S + 0x67, S + 0x6a, [v], v);
sig(S + 0x6b, S + 0x6d, [v, i], v);
sig(S + 0x6e, S + 0x73, [v, v], v);
sig(S + 0x74, S + 0x75, [v], v);
sig(S + 0x76, S + 0x79, [v, v], v);
sig(S + 0x7a, S + 0x7a, [v], v);
sig(S + 0x7b, S + 0x7b, [v, v], v);
sig(S + 0x7c, S + 0x7f, [v], v);
sig(S + 0x80, S + 0x81, [v], v);
sig(S + 0x82, S + 0x82, [v, v], v);
sig(S + 0x83, S + 0x84, [v], i);
sig(S + 0x85, S + 0x86, [v, v], v);
sig(S + 0x87, S + 0x8a, [v], v);
sig(S + 0x8b, S + 0x8d, [v, i], v);
sig(S + 0x8e, S + 0x93, [v, v], v);
sig(S + 0x94, S + 0x94, [v], v);
sig(S + 0x95, S + 0x99, [v, v], v);
sig(S + 0x9b, S + 0x9f, [v, v], v);
sig(S + 0xa0, S + 0xa1, [v], v);
sig(S + 0xa3, S + 0xa4, [v], i);
sig(S + 0xa7, S + 0xaa, [v], v);
sig(S + 0xab, S + 0xad, [v, i], v);
sig(S + 0xae, S + 0xae, [v, v], v);
sig(S + 0xb1, S + 0xb1, [v, v], v);
sig(S + 0xb5, S + 0xba, [v, v], v);
sig(S + 0xbc, S + 0xbf, [v, v], v);
sig(S + 0xc0, S + 0xc1, [v], v);
sig(S + 0xc3, S + 0xc4, [v], i);
sig(S + 0xc7, S + 0xca, [v], v);
sig(S + 0xcb, S + 0xcd, [v, i], v);
sig(S + 0xce, S + 0xce, [v, v], v);
sig(S + 0xd1, S + 0xd1, [v, v], v);
sig(S + 0xd5, S + 0xdf, [v, v], v);
sig(S + 0xe0, S + 0xe1, [v], v);
sig(S + 0xe3, S + 0xe3, [v], v);
sig(S + 0xe4, S + 0xeb, [v, v], v);
sig(S + 0xec, S + 0xed, [v], v);
sig(S + 0xef, S + 0xef, [v], v);
sig(S + 0xf0, S + 0xf7, [v, v], v);
sig(S + 0xf8, S + 0xff, [v], v);
// Relaxed SIMD.
sig(S + 0x100, S + 0x100, [v, v], v);
sig(S + 0x101, S + 0x104, [v], v);
sig(S + 0x105, S + 0x10c, [v, v, v], v);
sig(S + 0x10d, S + 0x112, [v, v], v);
sig(S + 0x113, S + 0x113, [v, v, v], v);

// Memory accesses.
mem(0x28, 2, i); mem(0x29, 3, l); mem(0x2a, 2, f); mem(0x2b, 3, d);
mem(0x2c, 0, i); mem(0x2d, 0, i); mem(0x2e, 1, i); mem(0x2f, 1, i);
mem(0x30, 0, l); mem(0x31, 0, l); mem(0x32, 1, l); mem(0x33, 1, l); mem(0x34, 2, l); mem(0x35, 2, l);
mem(0x36, 2, i, 1); mem(0x37, 3, l, 1); mem(0x38, 2, f, 1); mem(0x39, 3, d, 1);
mem(0x3a, 0, i, 1); mem(0x3b, 1, i, 1); mem(0x3c, 0, l, 1); mem(0x3d, 1, l, 1); mem(0x3e, 2, l, 1);
mem(S + 0x00, 4, v);
for (let k = 0x01; k <= 0x06; k++) mem(S + k, 3, v);
mem(S + 0x07, 0, v); mem(S + 0x08, 1, v); mem(S + 0x09, 2, v); mem(S + 0x0a, 3, v);
mem(S + 0x0b, 4, v, 1);
mem(S + 0x5c, 2, v); mem(S + 0x5d, 3, v);

/** Lane count of the extract/replace lane ops (0xfd 0x15..0x22), indexed by sub - 0x15. */
export const LANE_OPS: ReadonlyArray<readonly [lanes: number, scalar: number, replace: boolean]> = [
  [16, i, false], [16, i, false], [16, i, true],
  [8, i, false], [8, i, false], [8, i, true],
  [4, i, false], [4, i, true],
  [2, l, false], [2, l, true],
  [4, f, false], [4, f, true],
  [2, d, false], [2, d, true],
];
