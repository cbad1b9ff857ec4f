/**
 * The types of imports and definitions in text form: limits (with the address type of
 * memory64/table64 and `shared`), table types, memory types and global types, written in
 * their binary encoding.
 */
import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected, unexpectedAt } from './cursor.js';
import { IndexSpace } from './index-space.js';
import { TokKind } from './lexer.js';
import { parseNat } from './literals.js';
import { headOf, isList } from './sexpr.js';
import { malformed } from './text-error.js';
import { parseRefType, RefTypeSyntax, writeRefType, writeValType } from './type-syntax.js';

/** A natural number literal (limits are u64). */
export function readNat(c: Cursor): bigint {
  const t = c.peekToken(TokKind.Number);
  if (!t) throw unexpectedAt(c);
  const v = parseNat(t.text);
  if (v === null) throw unexpected(t);
  if (v >= 1n << 64n) throw malformed('constant out of range', t);
  c.pos++;
  return v;
}

/** `min max? shared?` → the limits flags byte (`flags` carries the address-type bit) and bounds. */
export function readLimits(c: Cursor, w: ByteWriter, flags: number): void {
  const min = readNat(c);
  const maxTok = c.peekToken(TokKind.Number);
  const max = maxTok ? readNat(c) : null;
  const shared = c.takeKeyword('shared');
  w.byte(flags | (max !== null ? 1 : 0) | (shared ? 2 : 0));
  w.u64(min);
  if (max !== null) w.u64(max);
}

/** An optional address type: 0x04 (the limits flag) for `i64`, 0 for `i32` or none. */
export function addressFlag(c: Cursor): number {
  if (c.takeKeyword('i64')) return 0x04;
  c.takeKeyword('i32');
  return 0;
}

/** `addrtype? min max? reftype` → binary `reftype limits`. */
export function readTableType(c: Cursor, w: ByteWriter, types: IndexSpace): RefTypeSyntax {
  const flag = addressFlag(c);
  const lim = new ByteWriter(12);
  readLimits(c, lim, flag);
  const rt = parseRefType(c.peek(), types, c.list);
  c.pos++;
  writeRefType(w, rt);
  w.append(lim);
  return rt;
}

/** `addrtype? min max? shared?`. */
export function readMemoryType(c: Cursor, w: ByteWriter): void {
  const flag = addressFlag(c);
  readLimits(c, w, flag);
}

/** `valtype` or `(mut valtype)` → binary `valtype mut`. */
export function readGlobalType(c: Cursor, w: ByteWriter, types: IndexSpace): void {
  const n = c.next();
  if (isList(n) && headOf(n) === 'mut') {
    const mc = new Cursor(n);
    writeValType(w, mc.next(), types, n);
    mc.done();
    w.byte(1);
  } else {
    writeValType(w, n, types, c.list);
    w.byte(0);
  }
}
