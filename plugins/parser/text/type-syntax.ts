import { ByteWriter } from './byte-writer.js';
import { Cursor, unexpected } from './cursor.js';
import { IndexSpace } from './index-space.js';
import { Token, TokKind } from './lexer.js';
import { SList, SNode, isList } from './sexpr.js';
import { malformed } from './text-error.js';

/** Binary codes of the abstract heap types. */
const ABS_HEAP: ReadonlyMap<string, number> = new Map([
  ['func', 0x70], ['extern', 0x6f], ['any', 0x6e], ['eq', 0x6d], ['i31', 0x6c],
  ['struct', 0x6b], ['array', 0x6a], ['none', 0x71], ['nofunc', 0x73], ['noextern', 0x72],
  ['exn', 0x69], ['noexn', 0x74],
]);

/** `xxxref` shorthands: all nullable, each one byte (the heap type's code). */
const REF_SHORTHAND: ReadonlyMap<string, number> = new Map([
  ['funcref', 0x70], ['externref', 0x6f], ['anyref', 0x6e], ['eqref', 0x6d], ['i31ref', 0x6c],
  ['structref', 0x6b], ['arrayref', 0x6a], ['nullref', 0x71], ['nullfuncref', 0x73],
  ['nullexternref', 0x72], ['exnref', 0x69], ['nullexnref', 0x74],
]);

const NUM_VEC: ReadonlyMap<string, number> = new Map([
  ['i32', 0x7f], ['i64', 0x7e], ['f32', 0x7d], ['f64', 0x7c], ['v128', 0x7b],
]);

/**
 * A reference type as the encoder needs it: nullability plus the heap type already in its
 * binary form (abstract code, or a type index as a non-negative number).
 */
export interface RefTypeSyntax {
  readonly nullable: boolean;
  /** Abstract heap type code (0x69..0x74) when `index` is -1. */
  readonly absCode: number;
  readonly index: number;
}

/** Write a heap type: an abstract code byte or a type index as s33. */
export function writeHeap(w: ByteWriter, r: RefTypeSyntax): void {
  if (r.index >= 0) w.s32(r.index);
  else w.byte(r.absCode);
}

/** Write a reference type in its shortest form (`funcref` as one byte). */
export function writeRefType(w: ByteWriter, r: RefTypeSyntax): void {
  if (r.nullable && r.index < 0) {
    w.byte(r.absCode);
    return;
  }
  w.byte(r.nullable ? 0x63 : 0x64);
  writeHeap(w, r);
}

/** Parse a heap type token: an abstract name or a type index. */
export function parseHeapType(n: SNode, types: IndexSpace): { absCode: number; index: number } {
  if (n instanceof Token) {
    if (n.kind === TokKind.Keyword) {
      const code = ABS_HEAP.get(n.text);
      if (code === undefined) throw malformed('unknown type', n);
      return { absCode: code, index: -1 };
    }
    return { absCode: 0, index: types.resolve(n) };
  }
  throw unexpected(n);
}

/** Parse a reference type: a shorthand keyword or `(ref null? heaptype)`. Null when `n` is not one. */
export function tryParseRefType(n: SNode | undefined, types: IndexSpace): RefTypeSyntax | null {
  if (n === undefined) return null;
  if (n instanceof Token) {
    if (n.kind !== TokKind.Keyword) return null;
    const code = REF_SHORTHAND.get(n.text);
    return code === undefined ? null : { nullable: true, absCode: code, index: -1 };
  }
  const items = n.items;
  const h = items[0];
  if (!(h instanceof Token) || h.kind !== TokKind.Keyword || h.text !== 'ref') return null;
  const c = new Cursor(n);
  const nullable = c.takeKeyword('null');
  const ht = c.next();
  c.done();
  const heap = parseHeapType(ht, types);
  return { nullable, absCode: heap.absCode, index: heap.index };
}

export function parseRefType(n: SNode | undefined, types: IndexSpace, where: SList): RefTypeSyntax {
  const r = tryParseRefType(n, types);
  if (r === null) throw n === undefined ? malformed('unexpected token', where) : unexpected(n);
  return r;
}

/** Write a value type, or return false when `n` is not a value type (caller decides the error). */
export function tryWriteValType(w: ByteWriter, n: SNode | undefined, types: IndexSpace): boolean {
  if (n === undefined) return false;
  if (n instanceof Token && n.kind === TokKind.Keyword) {
    const code = NUM_VEC.get(n.text);
    if (code !== undefined) {
      w.byte(code);
      return true;
    }
  }
  const r = tryParseRefType(n, types);
  if (r === null) return false;
  writeRefType(w, r);
  return true;
}

export function writeValType(w: ByteWriter, n: SNode | undefined, types: IndexSpace, where: SList): void {
  if (!tryWriteValType(w, n, types)) {
    if (n === undefined) throw malformed('unexpected token', where);
    throw unexpected(n);
  }
}

/** Encoded value types and their (optional) ids, as read from `(param ...)`/`(local ...)` lists. */
export interface NamedTypes {
  readonly types: Uint8Array[];
  readonly ids: (Token | null)[];
}

/**
 * Read a run of `(head $id type)` / `(head type*)` lists (params, results, locals) from the
 * cursor. `allowIds` is false for results and for type uses where ids are not allowed.
 */
export function readTypeLists(c: Cursor, head: string, types: IndexSpace, allowIds: boolean, out: NamedTypes): void {
  for (;;) {
    const l = c.takeList(head);
    if (!l) return;
    const lc = new Cursor(l);
    const id = lc.takeId();
    if (id) {
      if (!allowIds) throw unexpected(id);
      out.types.push(oneValType(lc.next(), types, l));
      out.ids.push(id);
      lc.done();
      continue;
    }
    while (!lc.atEnd()) {
      out.types.push(oneValType(lc.next(), types, l));
      out.ids.push(null);
    }
  }
}

function oneValType(n: SNode, types: IndexSpace, where: SList): Uint8Array {
  const w = new ByteWriter(8);
  writeValType(w, n, types, where);
  return w.finish();
}

/** The binary form of a function type `0x60 params results`, used as a structural key too. */
export function encodeFuncType(params: readonly Uint8Array[], results: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter(16);
  w.byte(0x60);
  w.u32(params.length);
  for (const p of params) w.bytes(p);
  w.u32(results.length);
  for (const r of results) w.bytes(r);
  return w.finish();
}

export function bytesKey(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Write a storage type (value type or packed `i8`/`i16`). */
function writeStorageType(w: ByteWriter, n: SNode | undefined, types: IndexSpace, where: SList): void {
  if (n instanceof Token && n.kind === TokKind.Keyword && (n.text === 'i8' || n.text === 'i16')) {
    w.byte(n.text === 'i8' ? 0x78 : 0x77);
    return;
  }
  writeValType(w, n, types, where);
}

/** Write a field type: storage type or `(mut storage)`. */
function writeFieldType(w: ByteWriter, n: SNode | undefined, types: IndexSpace, where: SList): void {
  if (isList(n) && n.items[0] instanceof Token && (n.items[0] as Token).text === 'mut') {
    const c = new Cursor(n);
    writeStorageType(w, c.next(), types, n);
    c.done();
    w.byte(1);
    return;
  }
  writeStorageType(w, n, types, where);
  w.byte(0);
}

/** What a type definition turned out to be, for type-use checks and field names. */
export interface TypeDefInfo {
  /** The `0x60 ...` function type key when this is a function type, else null. */
  readonly funcKey: string | null;
  readonly paramCount: number;
  /** True when the type is `final`, has no supertypes and is alone in its rec group. */
  readonly standaloneFinal: boolean;
}

/**
 * Encode one composite type `(func ...)`, `(struct ...)` or `(array ...)`. Struct field names
 * are declared in `fields`.
 */
export function writeCompositeType(
  w: ByteWriter, l: SList, types: IndexSpace, fields: IndexSpace | null,
): { funcKey: string | null; paramCount: number } {
  const c = new Cursor(l);
  const head = c.items[0];
  const kind = head instanceof Token ? head.text : '';
  if (kind === 'func') {
    const params: NamedTypes = { types: [], ids: [] };
    const results: NamedTypes = { types: [], ids: [] };
    readTypeLists(c, 'param', types, true, params);
    readTypeLists(c, 'result', types, false, results);
    c.done();
    const ft = encodeFuncType(params.types, results.types);
    w.bytes(ft);
    return { funcKey: bytesKey(ft), paramCount: params.types.length };
  }
  if (kind === 'struct') {
    const body = new ByteWriter(16);
    let n = 0;
    while (!c.atEnd()) {
      const f = c.next();
      if (!isList(f) || !(f.items[0] instanceof Token) || (f.items[0] as Token).text !== 'field') throw unexpected(f);
      const fc = new Cursor(f);
      const id = fc.takeId();
      if (id) {
        fields?.declare(id);
        writeFieldType(body, fc.next(), types, f);
        fc.done();
        n++;
        continue;
      }
      while (!fc.atEnd()) {
        fields?.declare(null);
        writeFieldType(body, fc.next(), types, f);
        n++;
      }
    }
    w.byte(0x5f);
    w.u32(n);
    w.append(body);
    return { funcKey: null, paramCount: 0 };
  }
  if (kind === 'array') {
    w.byte(0x5e);
    writeFieldType(w, c.next(), types, l);
    c.done();
    return { funcKey: null, paramCount: 0 };
  }
  throw unexpected(head ?? l);
}

/**
 * Encode the body of a `(type $id? ...)` definition: a composite type or `(sub final? x* comp)`.
 * `inRec` tells whether it shares a rec group, for the implicit type-use matching rule.
 */
export function writeTypeDef(
  w: ByteWriter, def: SList, types: IndexSpace, fields: IndexSpace | null, groupSize: number,
): TypeDefInfo {
  const c = new Cursor(def);
  c.takeId();
  const body = c.expectList();
  c.done();
  const bc = new Cursor(body);
  const head = body.items[0];
  if (head instanceof Token && head.kind === TokKind.Keyword && head.text === 'sub') {
    const final = bc.takeKeyword('final');
    const supers: number[] = [];
    while (!bc.atEnd() && !isList(bc.peek())) supers.push(types.resolve(bc.next()));
    const comp = bc.expectList();
    bc.done();
    if (final && supers.length === 0) {
      const r = writeCompositeType(w, comp, types, fields);
      return { funcKey: r.funcKey, paramCount: r.paramCount, standaloneFinal: groupSize === 1 };
    }
    w.byte(final ? 0x4f : 0x50);
    w.u32(supers.length);
    for (const s of supers) w.u32(s);
    const r = writeCompositeType(w, comp, types, fields);
    return { funcKey: r.funcKey, paramCount: r.paramCount, standaloneFinal: false };
  }
  const r = writeCompositeType(w, body, types, fields);
  return { funcKey: r.funcKey, paramCount: r.paramCount, standaloneFinal: groupSize === 1 };
}
