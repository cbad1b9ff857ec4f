/**
 * Conversions between stack slots and the JavaScript calling convention (i32/f32/f64 as
 * numbers, i64 as bigint, v128 as a 16-byte Uint8Array, references as objects or null).
 * Used only at boundaries: host calls, exported-function entry/exit, globals, exceptions.
 */
import type { ValType } from '../../kernel/ir/types.js';
import type { Machine } from './machine.js';
import { f32FromBits, f32ToBits } from './numeric.js';

/** Reads the value of type `t` at absolute slot `s`. */
export function readSlot(m: Machine, s: number, t: ValType): unknown {
  const I = m.I;
  switch (t) {
    case 'i32': return I[s << 1];
    case 'i64': return (BigInt(I[(s << 1) + 1]) << 32n) | BigInt(I[s << 1] >>> 0);
    case 'f32': return f32FromBits(I[s << 1]);
    case 'f64': return m.F[s];
    case 'v128': return new Uint8Array(I.buffer.slice(s * 8, s * 8 + 16));
    default: return m.R[s];
  }
}

/** Writes `v` (JS convention) as type `t` into absolute slot `s`. */
export function writeSlot(m: Machine, s: number, t: ValType, v: unknown): void {
  const I = m.I;
  switch (t) {
    case 'i32':
      I[s << 1] = Number(v) | 0;
      return;
    case 'i64': {
      const b = typeof v === 'bigint' ? v : BigInt(v as number);
      I[s << 1] = Number(BigInt.asIntN(32, b));
      I[(s << 1) + 1] = Number(BigInt.asIntN(32, b >> 32n));
      return;
    }
    case 'f32':
      I[s << 1] = f32ToBits(Number(v));
      return;
    case 'f64':
      m.F[s] = Number(v);
      return;
    case 'v128': {
      const bytes = new Uint8Array(I.buffer, s * 8, 16);
      bytes.set(v as Uint8Array);
      return;
    }
    default:
      m.R[s] = v === undefined ? null : v;
  }
}

/** Writes params/results laid out consecutively from slot `base`. */
export function writeValues(m: Machine, base: number, types: readonly ValType[], values: readonly unknown[]): void {
  let s = base;
  for (let i = 0; i < types.length; i++) {
    writeSlot(m, s, types[i], values[i]);
    s += types[i] === 'v128' ? 2 : 1;
  }
}

/** Reads consecutive values; one value is returned bare, several as an array, none as undefined. */
export function readResults(m: Machine, base: number, types: readonly ValType[]): unknown {
  if (types.length === 0) return undefined;
  if (types.length === 1) return readSlot(m, base, types[0]);
  const out: unknown[] = [];
  let s = base;
  for (const t of types) {
    out.push(readSlot(m, s, t));
    s += t === 'v128' ? 2 : 1;
  }
  return out;
}

/** Stores a host function's return value (bare, or an array for several results). */
export function writeResults(m: Machine, base: number, types: readonly ValType[], r: unknown): void {
  if (types.length === 0) return;
  if (types.length === 1) {
    writeSlot(m, base, types[0], r);
    return;
  }
  const arr = r as readonly unknown[];
  writeValues(m, base, types, arr);
}
