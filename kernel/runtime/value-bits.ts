/**
 * Raw-bits values (Wasmtime's `ValRaw`, in TypeScript idiom): the form that crosses the API
 * without losing anything. A JavaScript number cannot carry a signalling NaN (converting an f32
 * to a double, or moving some doubles through V8, sets the quiet bit), so floats travel as their
 * IEEE 754 bit patterns:
 *
 * | type | bits form |
 * |---|---|
 * | i32 | number (signed 32-bit) |
 * | i64 | bigint (signed 64-bit) |
 * | f32 | number: the unsigned 32-bit pattern (`0x7fa00000` is a signalling NaN) |
 * | f64 | bigint: the unsigned 64-bit pattern |
 * | v128 | 16-byte Uint8Array |
 * | references | as in `Func.call` (objects or null) |
 */
import type { ValType } from '../ir/types.js';
import { valTypeToString } from '../ir/types.js';

/** One value in raw-bits form (see the table above). */
export type WasmValueBits = number | bigint | Uint8Array | object | null;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The bits of a value in the JavaScript convention (a signalling NaN given as a number is already quiet). */
export function valueToBits(type: ValType, v: unknown): WasmValueBits {
  switch (type) {
    case 'f32':
      f32[0] = v as number;
      return u32[0];
    case 'f64':
      f64[0] = v as number;
      return u64[0];
    default:
      return v as WasmValueBits;
  }
}

/** The JavaScript-convention value of bits (a signalling NaN payload may not survive). */
export function bitsToValue(type: ValType, bits: WasmValueBits): unknown {
  switch (type) {
    case 'f32':
      u32[0] = bits as number;
      return f32[0];
    case 'f64':
      u64[0] = bits as bigint;
      return f64[0];
    default:
      return bits;
  }
}

/** Checks and normalises one argument in bits form; `what` names it in the TypeError. */
export function checkBits(type: ValType, v: unknown, index: number, fnName: string): WasmValueBits {
  const fail = (expected: string): never => {
    const got = v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
    throw new TypeError(`${fnName}: argument ${index + 1} (${valTypeToString(type)} bits) must be ${expected}, got ${got}`);
  };
  switch (type) {
    case 'i32':
      return typeof v === 'number' ? v | 0 : fail('a number');
    case 'f32':
      return typeof v === 'number' && Number.isInteger(v) ? v >>> 0 : fail('an integer bit pattern (number)');
    case 'i64':
      return typeof v === 'bigint' ? BigInt.asIntN(64, v) : fail('a bigint');
    case 'f64':
      return typeof v === 'bigint' ? BigInt.asUintN(64, v) : fail('a bigint bit pattern');
    case 'v128':
      return v instanceof Uint8Array && v.length === 16 ? v : fail('a 16-byte Uint8Array');
    default:
      return v as WasmValueBits;
  }
}
