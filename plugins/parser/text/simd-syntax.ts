import { Cursor, unexpectedAt, unexpected } from './cursor.js';
import { Token, TokKind } from './lexer.js';
import { OutOfRange, parseF32Bits, parseF64Bits, parseInt, parseSmallInt, parseU32 } from './literals.js';
import { malformed } from './text-error.js';

/** The lane interpretations of a `v128.const` literal. */
export type V128Shape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

export const LANE_COUNT: Readonly<Record<V128Shape, number>> = {
  i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2,
};

export function isV128Shape(s: string): s is V128Shape {
  return Object.prototype.hasOwnProperty.call(LANE_COUNT, s);
}

/** Read the shape keyword after `v128.const`. */
export function readShape(c: Cursor): V128Shape {
  const t = c.peek();
  if (t instanceof Token && t.kind === TokKind.Keyword && isV128Shape(t.text)) {
    c.pos++;
    return t.text;
  }
  throw unexpectedAt(c);
}

/** Write one lane literal into `out` (little-endian) at lane `i` of `shape`. */
export function writeLane(shape: V128Shape, t: Token, out: Uint8Array, i: number): void {
  const dv = new DataView(out.buffer, out.byteOffset, 16);
  const isNum = t.kind === TokKind.Number || t.kind === TokKind.Keyword;
  try {
    switch (shape) {
      case 'i8x16': {
        const v = t.kind === TokKind.Number ? parseSmallInt(t.text, 8) : null;
        if (v === null) break;
        out[i] = v;
        return;
      }
      case 'i16x8': {
        const v = t.kind === TokKind.Number ? parseSmallInt(t.text, 16) : null;
        if (v === null) break;
        dv.setUint16(i * 2, v, true);
        return;
      }
      case 'i32x4': {
        const v = t.kind === TokKind.Number ? parseInt(t.text, 32) : null;
        if (v === null) break;
        dv.setInt32(i * 4, Number(v), true);
        return;
      }
      case 'i64x2': {
        const v = t.kind === TokKind.Number ? parseInt(t.text, 64) : null;
        if (v === null) break;
        dv.setBigInt64(i * 8, v, true);
        return;
      }
      case 'f32x4': {
        const v = isNum ? parseF32Bits(t.text) : null;
        if (v === null) break;
        dv.setUint32(i * 4, v, true);
        return;
      }
      case 'f64x2': {
        const v = isNum ? parseF64Bits(t.text) : null;
        if (v === null) break;
        dv.setBigUint64(i * 8, v, true);
        return;
      }
    }
  } catch (e) {
    if (e instanceof OutOfRange) {
      throw malformed('constant out of range', t);
    }
    throw e;
  }
  throw unexpected(t);
}

/** Could this item be meant as a lane literal (a number, `inf`/`nan...`, or a glued reserved run)? */
function isLaneToken(n: unknown): n is Token {
  return n instanceof Token && (n.kind === TokKind.Number || n.kind === TokKind.Reserved ||
    (n.kind === TokKind.Keyword && (n.text.startsWith('nan') || n.text === 'inf')));
}

/** Read `shape lane*` of a `v128.const` and return the 16 bytes. Lanes are counted first. */
export function readV128Const(c: Cursor): Uint8Array {
  const shape = readShape(c);
  const n = LANE_COUNT[shape];
  let k = 0;
  while (k <= n && isLaneToken(c.peek(k))) k++;
  if (k !== n) throw malformed('wrong number of lane literals', c.where());
  const out = new Uint8Array(16);
  for (let i = 0; i < n; i++) writeLane(shape, c.next() as Token, out, i);
  return out;
}

/** A lane index immediate (`u8`). */
export function readLaneIndex(c: Cursor): number {
  const t = c.peek();
  if (!(t instanceof Token) || t.kind !== TokKind.Number) throw unexpectedAt(c);
  let v: number | null;
  try {
    v = parseU32(t.text);
  } catch {
    v = 256;
  }
  if (v === null) throw unexpected(t);
  if (v > 255) throw malformed('i8 constant out of range', t);
  c.pos++;
  return v;
}

/** The 16 lane indices of `i8x16.shuffle`. */
export function readShuffleLanes(c: Cursor): Uint8Array {
  const out = new Uint8Array(16);
  let i = 0;
  for (;;) {
    const t = c.peek();
    if (!isLaneToken(t)) break;
    let v: number | null = null;
    try {
      v = t.kind === TokKind.Number ? parseU32(t.text) : null;
    } catch {
      v = null;
    }
    if (v === null || v > 255) throw malformed('i8 constant out of range', t);
    if (i >= 16) throw malformed('invalid lane length', t);
    out[i++] = v;
    c.pos++;
  }
  if (i !== 16) throw malformed('invalid lane length', c.where());
  return out;
}
