/**
 * SIMD and relaxed-SIMD (WebAssembly 3.0) for the interpreter: an allocation-free library of
 * kernels the interpreter calls, one per instruction group.
 *
 * ## Where v128 values live
 * The interpreter's value stack is one `ArrayBuffer`. `createSimdViews(buffer)` builds every
 * typed-array view of it once (u8/i8/u16/i16/u32/i32/f32/f64); the interpreter rebuilds the
 * views whenever it replaces the buffer. A v128 occupies 16 bytes (two 8-byte stack slots),
 * aligned to 8 bytes, in wasm (little-endian) byte order — the host must be little-endian,
 * which this module checks at load.
 *
 * ## Calling convention
 * - Every `dst`, `a`, `b`, `c` (and `src` of the slot forms) is a BYTE offset into the stack
 *   buffer, a multiple of 8. Kernels read their operands before writing, so `dst` may equal any
 *   operand (the usual pop-pop-push shape); partially overlapping vectors are not supported.
 * - Results are written to the 16 bytes at `dst`; scalar results (`simdExtractLane`,
 *   `simdBitmask`, `simdAllTrue`, `simdAnyTrue`) are returned as numbers (i32 as signed).
 * - Scalars: i32 as a signed 32-bit number, f32/f64 as JS numbers, i64 as two i32 halves
 *   (`value` low, `hi` high; `simdExtractLaneHi` for the high half). A JS number need not keep
 *   a NaN's payload, so the `…Slot` variants move raw bits between a v128 and an 8-byte scalar
 *   stack slot instead (i32/f32 in its low 4 bytes, i64/f64 in all 8; NaN-payload exact); the
 *   slot may be the vector's own first slot (pop v128, push scalar, or the reverse).
 * - Memory forms take the linear memory as a `Uint8Array` and an effective address already
 *   bounds-checked by the interpreter for `simdMemAccessSize(op)` bytes.
 * - `simdKind(op)` tells the translator which entry point (and so which operands and
 *   immediates) an opcode needs; opcodes outside a function's group throw (a weft bug, since
 *   validation rules them out).
 *
 * ## Allocation and speed
 * No kernel allocates: lanes are read and written through the preallocated views, and kernels
 * whose output lanes depend on other input lanes (narrow, extend, extmul, shuffle, swizzle)
 * build the result in a module-level scratch vector first. i64 lanes are handled as 32-bit
 * halves (no BigInt).
 *
 * ## Numerics
 * - Float arithmetic is JS double arithmetic stored through Float32Array/Float64Array: one
 *   IEEE op computed in double and rounded once to f32 equals the f32 op, and NaN results are
 *   quiet (canonical when every NaN input is), satisfying `nan:canonical`/`nan:arithmetic`.
 * - Bitwise-defined float ops (abs, neg, pmin, pmax, lane moves) copy raw bits, keeping NaN
 *   payloads. min/max propagate NaN and order -0 < +0; nearest rounds ties to even.
 * - Integer ops wrap by storing into the lane-width typed array; saturating ops clamp; shift
 *   counts are taken modulo the lane width; trunc_sat maps NaN to 0 and saturates.
 * - Relaxed SIMD: one deterministic choice per op within the spec's allowed results — see
 *   `relaxed.ts` (swizzle, trunc_sat, unfused madd/nmadd, bitselect, min/max, q15mulr_sat,
 *   signed×signed dot with wrapping i16 pair sums).
 */
export { createSimdViews, type SimdViews } from './views.js';
export { SimdKind, simdKind } from './kinds.js';
export {
  simdUnary, simdBinary, simdTernary, simdShift, simdBitmask, simdAllTrue, simdAnyTrue,
} from './dispatch.js';
export {
  simdSplat, simdSplatSlot, simdExtractLane, simdExtractLaneHi, simdExtractLaneSlot,
  simdReplaceLane, simdReplaceLaneSlot, simdShuffle, simdConst,
} from './lanes.js';
export { simdLoad, simdStore, simdLoadLane, simdStoreLane, simdMemAccessSize } from './memory.js';
