import type { ValType } from '../../kernel/ir/types.js';
import { valTypeToString } from '../../kernel/ir/types.js';
import { UsageError } from '../usage-error.js';

/**
 * Command-line text <-> wasm values for `weft run --invoke`: i32/i64 in decimal or hex
 * (negative allowed, unsigned spellings wrap as in wasm), f32/f64 as decimal, hex or
 * `nan`/`inf`/`-inf`, v128 as one hex number, references only as `null`.
 */
export function parseWasmValue(text: string, type: ValType, where: string): unknown {
  const fail = (what: string) =>
    new UsageError(`${where}: expected ${what}, got ${JSON.stringify(text)}`);
  switch (type) {
    case 'i32': {
      const v = parseInteger(text);
      if (v === null || v < -(2n ** 31n) || v >= 2n ** 32n) throw fail('an i32');
      return Number(BigInt.asIntN(32, v));
    }
    case 'i64': {
      const v = parseInteger(text);
      if (v === null || v < -(2n ** 63n) || v >= 2n ** 64n) throw fail('an i64');
      return BigInt.asIntN(64, v);
    }
    case 'f32':
    case 'f64': {
      const v = parseFloatText(text);
      if (v === null) throw fail(`an ${type}`);
      return type === 'f32' ? Math.fround(v) : v;
    }
    case 'v128': {
      const v = parseInteger(text);
      if (v === null || v < 0n || v >= 2n ** 128n) throw fail('a v128 as a hex number up to 128 bits');
      const bytes = new Uint8Array(16);
      let rest = v;
      for (let i = 0; i < 16; i++, rest >>= 8n) bytes[i] = Number(rest & 0xffn);
      return bytes;
    }
    default:
      if (text === 'null' && type.nullable) return null;
      throw fail(`${valTypeToString(type)} (only \`null\` can be given on the command line)`);
  }
}

function parseInteger(text: string): bigint | null {
  const clean = text.replace(/_/g, '');
  const m = /^([+-]?)(0x[0-9a-fA-F]+|\d+)$/.exec(clean);
  if (!m) return null;
  const magnitude = BigInt(m[2]);
  return m[1] === '-' ? -magnitude : magnitude;
}

function parseFloatText(text: string): number | null {
  const clean = text.replace(/_/g, '').toLowerCase();
  const m = /^([+-]?)(.*)$/.exec(clean)!;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2];
  if (body === 'nan' || body.startsWith('nan:')) return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (/^0x[0-9a-f]+$/.test(body)) return sign * Number(body);
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) return sign * Number(body);
  return null;
}

/**
 * One result as `weft run --invoke` prints it: integers in signed decimal, f64 as JavaScript
 * prints a number, f32 as the shortest decimal that reads back to the same f32 (so `0.1`
 * prints as `0.1`, as Wasmtime does, not as the f64 widening `0.10000000149011612`).
 */
export function formatWasmValue(value: unknown, type: ValType): string {
  switch (type) {
    case 'i32':
      return String((value as number) | 0);
    case 'i64':
      return BigInt.asIntN(64, BigInt(value as bigint)).toString();
    case 'f32':
      return formatF32(value as number);
    case 'f64':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'v128': {
      const bytes = value as Uint8Array;
      let hex = '';
      for (let i = 15; i >= 0; i--) hex += bytes[i].toString(16).padStart(2, '0');
      return `0x${hex}`;
    }
    default:
      if (value === null || value === undefined) return 'null';
      return `<${valTypeToString(type)}>`;
  }
}

export function formatF32(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (!Number.isFinite(v) || v === 0) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}
