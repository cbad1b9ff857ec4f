/**
 * SIMD instructions with lane immediates or constants: v128.const, i8x16.shuffle, the
 * extract/replace_lane family and the lane loads/stores. Every other SIMD op (arithmetic,
 * plain loads and stores, relaxed SIMD) is table-driven, see `op-signatures.ts`.
 */
import { F } from '../binary/features.js';
import { LANE_OPS } from './op-signatures.js';
import { V } from './val-types.js';
import type { ValidatorState } from './validator-state.js';

/** Validates `0xfd sub` if it has lane immediates or a constant; returns false for table-driven ones. */
export function simdLaneOp(v: ValidatorState, sub: number): boolean {
  const ins = v.ins;
  const m = v.m;
  if (sub === 0x0c) { // v128.const
    m.features.add(F.simd);
    v.push(V.V128);
    return true;
  }
  if (sub === 0x0d) { // i8x16.shuffle
    m.features.add(F.simd);
    const lanes = ins.v128;
    for (let i = 0; i < 16; i++) if (lanes[i] >= 32) throw v.err('invalid lane index');
    v.popT(V.V128);
    v.popT(V.V128);
    v.push(V.V128);
    return true;
  }
  if (sub >= 0x15 && sub <= 0x22) { // extract_lane / replace_lane
    m.features.add(F.simd);
    const [count, scalar, replace] = LANE_OPS[sub - 0x15];
    if (ins.a >= count) throw v.err('invalid lane index');
    if (replace) {
      v.popT(scalar);
      v.popT(V.V128);
      v.push(V.V128);
    } else {
      v.popT(V.V128);
      v.push(scalar);
    }
    return true;
  }
  if (sub >= 0x54 && sub <= 0x5b) { // v128.loadN_lane / v128.storeN_lane
    m.features.add(F.simd);
    const size = (sub - 0x54) & 3; // log2 bytes: 0..3
    const at = v.memarg(size);
    if (ins.d >= 16 >> size) throw v.err('invalid lane index');
    v.popT(V.V128);
    v.popT(at);
    if (sub < 0x58) v.push(V.V128);
    return true;
  }
  return false;
}
