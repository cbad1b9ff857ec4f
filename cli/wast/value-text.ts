import { f32Bits, f64Bits } from './float-bits.js';
import { HostRef } from './host-refs.js';

/**
 * A runtime value as WAST text for failure messages. Floats show their value and, when that
 * does not say everything (NaN payloads, `-0`), their bits.
 */
export function formatValue(v: unknown, hint?: 'i32' | 'f32' | 'f64'): string {
  if (v === null) return '(ref.null)';
  if (v === undefined) return '(nothing)';
  switch (typeof v) {
    case 'number':
      if (hint === 'i32') return `(i32.const ${v})`;
      if (hint === 'f32') return `(f32.const ${floatText(v)} bits 0x${f32Bits(v).toString(16)})`;
      if (hint === 'f64') return `(f64.const ${floatText(v)} bits 0x${f64Bits(v).toString(16)})`;
      return Number.isInteger(v) && !Object.is(v, -0)
        ? `(i32.const ${v} or float ${v})`
        : `(float ${floatText(v)} f32 bits 0x${f32Bits(v).toString(16)} f64 bits 0x${f64Bits(v).toString(16)})`;
    case 'bigint':
      return `(i64.const ${v})`;
    case 'object':
      if (v instanceof Uint8Array) return `(v128 ${[...v].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`;
      if (v instanceof HostRef) return v.toString();
      if (Array.isArray(v)) return `[${v.map((x) => formatValue(x)).join(' ')}]`;
      return `(ref ${(v as object).constructor?.name ?? 'object'})`;
    default:
      return `(${typeof v} ${String(v)})`;
  }
}

function floatText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}
