import { CompileError } from '../../../kernel/errors/compile-error.js';
import { decodeUtf8 } from './lexer.js';
import { encodeFields, encodeModuleList } from './module-encoder.js';
import { headOf, readSExprs, SList, SNode } from './sexpr.js';
import { malformed } from './text-error.js';
import { Cursor } from './cursor.js';

export interface WatOptions {
  /** Source name (file path) put on errors. */
  readonly source?: string;
}

/**
 * Text bytes → string, rejecting invalid UTF-8 (the spec's `malformed UTF-8 encoding`).
 * `(module quote ...)` strings in WAST scripts are bytes and may be anything.
 */
export function textFromBytes(bytes: Uint8Array): string {
  const s = decodeUtf8(bytes);
  if (s === null) throw malformed('malformed UTF-8 encoding', null);
  return s;
}

/**
 * Encode a `(module ...)` list to a binary module. The WAST-only forms are accepted too:
 * `(module binary "..."*)` yields its bytes and `(module quote "..."*)` is parsed as text.
 */
export function encodeModule(l: SList): Uint8Array {
  const c = new Cursor(l);
  c.takeId();
  if (c.takeKeyword('binary')) return concatStrings(c);
  if (c.takeKeyword('quote')) return watToBinary(concatStrings(c));
  return encodeModuleList(l);
}

/** The bytes of the remaining string tokens, concatenated. */
export function concatStrings(c: Cursor): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  while (!c.atEnd()) {
    const s = c.expectString();
    parts.push(s.bytes as Uint8Array);
    n += (s.bytes as Uint8Array).length;
  }
  const out = new Uint8Array(n);
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/**
 * WebAssembly text (a `(module ...)` or a bare list of module fields) → binary module.
 * Errors are `CompileError`s with kind `malformed` and the line:column of the offending token.
 */
export function watToBinary(text: string | Uint8Array, opts: WatOptions = {}): Uint8Array {
  try {
    const src = typeof text === 'string' ? text : textFromBytes(text);
    const top: SNode[] = readSExprs(src);
    if (top.length === 1 && headOf(top[0]) === 'module') return encodeModule(top[0] as SList);
    return encodeFields(top);
  } catch (e) {
    if (e instanceof CompileError && opts.source) throw e.withSource(opts.source);
    throw e;
  }
}
