/**
 * Numeric literals of the text format: natural numbers, iN (signed or unsigned range) and
 * fN in every spec form (decimal, hex, `inf`, `nan`, `nan:0x...`, `_` separators).
 * Floats are rounded exactly (round-to-nearest-even) with BigInt arithmetic: converting a
 * decimal through a double first would round twice and get some f32 literals wrong.
 * Every function returns `null` on bad syntax and throws `OutOfRange` when the syntax is fine
 * but the value does not fit, so callers choose the message and the position.
 */

export class OutOfRange extends Error {}

const DEC = /^[0-9](?:_?[0-9])*$/;
const HEX = /^[0-9a-fA-F](?:_?[0-9a-fA-F])*$/;

function digits(s: string, hex: boolean): string | null {
  if (!(hex ? HEX : DEC).test(s)) return null;
  return s.indexOf('_') >= 0 ? s.replace(/_/g, '') : s;
}

/** An unsigned natural number (`nat`): decimal or `0x` hex, no sign. */
export function parseNat(text: string): bigint | null {
  if (text.startsWith('0x')) {
    const d = digits(text.slice(2), true);
    return d === null ? null : BigInt('0x' + d);
  }
  const d = digits(text, false);
  return d === null ? null : BigInt(d);
}

/** A `u32` (indices, counts, lane numbers). */
export function parseU32(text: string): number | null {
  const n = parseNat(text);
  if (n === null) return null;
  if (n > 0xffffffffn) throw new OutOfRange();
  return Number(n);
}

/**
 * An `iN` literal with N = 32 or 64: accepted in `[-2^(N-1), 2^N)`, returned wrapped to the
 * signed N-bit value (so `0xffffffff` and `-1` give the same i32).
 */
export function parseInt(text: string, bits: 32 | 64): bigint | null {
  let sign = 1n;
  let body = text;
  if (body.startsWith('-')) {
    sign = -1n;
    body = body.slice(1);
  } else if (body.startsWith('+')) {
    body = body.slice(1);
  }
  const n = parseNat(body);
  if (n === null) return null;
  const limit = 1n << BigInt(bits);
  if (sign < 0n ? n > limit >> 1n : n >= limit) throw new OutOfRange();
  return BigInt.asIntN(bits, sign * n);
}

export function parseI32(text: string): number | null {
  const v = parseInt(text, 32);
  return v === null ? null : Number(v);
}

/** An iN lane literal for N = 8 or 16, returned as the unsigned N-bit pattern. */
export function parseSmallInt(text: string, bits: 8 | 16): number | null {
  const neg = text.startsWith('-');
  const n = parseNat(neg || text.startsWith('+') ? text.slice(1) : text);
  if (n === null) return null;
  const v = neg ? -n : n;
  if (v < -(1n << BigInt(bits - 1)) || v >= 1n << BigInt(bits)) throw new OutOfRange();
  return Number(BigInt.asUintN(bits, v));
}

interface FloatFormat {
  readonly p: number; // significand bits including the hidden one
  readonly emin: number;
  readonly emax: number;
  readonly expBits: number;
}

const F32: FloatFormat = { p: 24, emin: -126, emax: 127, expBits: 8 };
const F64: FloatFormat = { p: 53, emin: -1022, emax: 1023, expBits: 11 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Round `num/den * 2^binExp` (positive) to the nearest float of the format, ties to even.
 * Returns the bit pattern without sign.
 */
function roundToFloat(num: bigint, den: bigint, binExp: number, f: FloatFormat): bigint {
  let e = bitLength(num) - bitLength(den) + binExp;
  // Now v is in [2^(e-1), 2^(e+1)): settle e so that 2^e <= v.
  const k = binExp - e;
  const geq = k >= 0 ? num << BigInt(k) >= den : num >= den << BigInt(-k);
  if (!geq) e -= 1;
  if (e < f.emin) e = f.emin;
  const shift = f.p - 1 - e + binExp;
  let n = num;
  let d = den;
  if (shift >= 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  let q = n / d;
  const r2 = (n - q * d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(f.p)) {
    q >>= 1n;
    e++;
  }
  if (e > f.emax) throw new OutOfRange();
  const hidden = 1n << BigInt(f.p - 1);
  if (q < hidden) return q; // subnormal (or zero): exponent field 0
  return (BigInt(e + (1 << (f.expBits - 1)) - 1) << BigInt(f.p - 1)) | (q - hidden);
}

const FLOAT_DEC = /^([0-9_]+)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/;
const FLOAT_HEX = /^0x([0-9a-fA-F_]+)(?:\.([0-9a-fA-F_]*))?(?:[pP]([+-]?[0-9_]+))?$/;

/** Clamp a (validated) exponent string to a safe JS number: huge exponents only over/underflow. */
function expValue(s: string | undefined): number | null {
  if (s === undefined) return 0;
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  const d = digits(body, false);
  if (d === null) return null;
  const v = d.length > 9 ? 1e9 : Number(d);
  return sign * v;
}

function parseFloatBits(text: string, f: FloatFormat): bigint | null {
  let neg = false;
  let body = text;
  if (body[0] === '-' || body[0] === '+') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const totalBits = f.p + f.expBits; // p includes the hidden bit, so this is the width
  const signBit = neg ? 1n << BigInt(totalBits - 1) : 0n;
  const expAllOnes = ((1n << BigInt(f.expBits)) - 1n) << BigInt(f.p - 1);
  if (body === 'inf') return signBit | expAllOnes;
  if (body === 'nan') return signBit | expAllOnes | (1n << BigInt(f.p - 2));
  if (body.startsWith('nan:0x')) {
    const d = digits(body.slice(6), true);
    if (d === null) return null;
    const payload = BigInt('0x' + d);
    if (payload === 0n || payload >= 1n << BigInt(f.p - 1)) throw new OutOfRange();
    return signBit | expAllOnes | payload;
  }
  let num: bigint;
  let den = 1n;
  let binExp = 0;
  let m = FLOAT_HEX.exec(body);
  if (m) {
    const ip = digits(m[1], true);
    const fp = m[2] === undefined || m[2] === '' ? '' : digits(m[2], true);
    const ex = expValue(m[3]);
    if (ip === null || fp === null || ex === null) return null;
    num = BigInt('0x' + ip + fp);
    binExp = ex - 4 * fp.length;
    if (num === 0n) return signBit;
    const mag = bitLength(num) + binExp;
    if (mag > f.emax + 2) throw new OutOfRange();
    if (mag < f.emin - f.p - 2) return signBit;
  } else {
    m = FLOAT_DEC.exec(body);
    if (!m) return null;
    const ip = digits(m[1], false);
    const fp = m[2] === undefined || m[2] === '' ? '' : digits(m[2], false);
    const ex = expValue(m[3]);
    if (ip === null || fp === null || ex === null) return null;
    num = BigInt(ip + fp);
    if (num === 0n) return signBit;
    const e10 = ex - fp.length;
    const mag = num.toString().length + e10; // value < 10^mag
    if (mag > 400) throw new OutOfRange();
    if (mag < -400) return signBit;
    if (e10 >= 0) num *= 10n ** BigInt(e10);
    else den = 10n ** BigInt(-e10);
  }
  return signBit | roundToFloat(num, den, binExp, f);
}

/** f32 literal → its 32-bit pattern (NaN payloads kept exactly). */
export function parseF32Bits(text: string): number | null {
  const b = parseFloatBits(text, F32);
  return b === null ? null : Number(b);
}

/** f64 literal → its 64-bit pattern as an unsigned bigint. */
export function parseF64Bits(text: string): bigint | null {
  return parseFloatBits(text, F64);
}
