/**
 * Typed-array views of the interpreter's value stack, and the module-level scratch vector that
 * lets kernels whose output lanes depend on other input lanes (narrow, extend, shuffle, dot…)
 * stay correct when `dst` aliases an operand without allocating.
 */

/** Every view of one stack buffer a SIMD kernel reads or writes; build once per buffer. */
export interface SimdViews {
  readonly buffer: ArrayBufferLike;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

/**
 * Views of `buffer` (its length must be a multiple of 8). The interpreter calls this again
 * whenever it replaces its stack buffer; the kernels hold no reference to old views. Typed as
 * `ArrayBufferLike` so a typed array's `.buffer` can be passed as is.
 */
export function createSimdViews(buffer: ArrayBufferLike): SimdViews {
  // Fixed property order: every SimdViews shares one hidden class.
  return {
    buffer,
    u8: new Uint8Array(buffer),
    i8: new Int8Array(buffer),
    u16: new Uint16Array(buffer),
    i16: new Int16Array(buffer),
    u32: new Uint32Array(buffer),
    i32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

// The kernels index typed arrays of the stack directly, which is only the wasm byte order
// on a little-endian host (every platform Node 20 ships for).
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('weft SIMD kernels require a little-endian host');
}

/**
 * 32 bytes of scratch: one v128 at byte 0 and a second at byte 16. Kernels write their result
 * here first when an output lane depends on a different input lane, then copy it to `dst`.
 */
export const scratch: SimdViews = createSimdViews(new ArrayBuffer(32));

/** Copies the v128 at byte `src` of `from` to byte `dst` of `to` (as four u32 words). */
export function copyV128(to: Uint32Array, dst: number, from: Uint32Array, src: number): void {
  const d = dst >> 2;
  const s = src >> 2;
  to[d] = from[s];
  to[d + 1] = from[s + 1];
  to[d + 2] = from[s + 2];
  to[d + 3] = from[s + 3];
}

/** Copies scratch vector 0 to `dst` of the stack. */
export function fromScratch(v: SimdViews, dst: number): void {
  copyV128(v.u32, dst, scratch.u32, 0);
}
