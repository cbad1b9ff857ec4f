import { malformed } from './text-error.js';

/** Token classes of the text format. Atoms are split by their first character. */
export const enum TokKind {
  LParen = 0,
  RParen = 1,
  /** Starts with a lowercase letter: instruction names, `i32`, `inf`, `nan:0x1`, `offset=4`. */
  Keyword = 2,
  /** Starts with a digit or a sign: numeric literals (validated where they are used). */
  Number = 3,
  /** `$name` or `$"name"`; `text` holds the name without the `$`. */
  Id = 4,
  /** A string literal; `bytes` holds its decoded value, `text` the raw source slice. */
  String = 5,
  /** Anything else made of id characters (the spec's `reserved`): always an error where used. */
  Reserved = 6,
  Eof = 7,
}

/** One token. Every token has the same fields in the same order (one hidden class). */
export class Token {
  constructor(
    readonly kind: TokKind,
    readonly text: string,
    readonly bytes: Uint8Array | null,
    readonly line: number,
    readonly col: number,
    readonly offset: number,
  ) {}
}

// Character classes, indexed by char code (ASCII only; everything else is handled apart).
const ID_CHAR = new Uint8Array(128);
for (const c of '!#$%&\'*+-./:<=>?@\\^_`|~') ID_CHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) ID_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ID_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ID_CHAR[c] = 1;

function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

/** Characters that glue onto a token and make it `reserved` in the spec's longest-match lexing. */
function isReservedTail(c: number): boolean {
  return isIdChar(c) || c === 0x22 /* " */ || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode bytes as UTF-8, or null when they are not valid UTF-8 (names, quoted ids). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A hand-written scanner over the source string. It hands out one token at a time; comments,
 * whitespace and annotations `(@id ...)` are skipped. Positions are tracked incrementally so
 * errors carry line:column without a second pass.
 */
export class Lexer {
  private pos = 0;
  /** Inside an annotation body `(@` is an ordinary parenthesis followed by a reserved token. */
  private annotationDepth = 0;
  private line = 1;
  private lineStart = 0;
  private readonly src: string;
  private readonly len: number;

  constructor(src: string) {
    this.src = src;
    this.len = src.length;
  }

  private here(): { line: number; col: number } {
    return { line: this.line, col: this.pos - this.lineStart + 1 };
  }

  private fail(reason: string): never {
    throw malformed(reason, this.here());
  }

  /** The next token; `Eof` at the end of the input. */
  next(): Token {
    this.skipTrivia();
    const src = this.src;
    if (this.pos >= this.len) return new Token(TokKind.Eof, '', null, this.line, this.pos - this.lineStart + 1, this.pos);
    const start = this.pos;
    const line = this.line;
    const col = start - this.lineStart + 1;
    const c = src.charCodeAt(start);
    if (c === 0x28 /* ( */) {
      if (src.charCodeAt(start + 1) === 0x40 /* @ */ && this.annotationDepth === 0) {
        this.skipAnnotation();
        return this.next();
      }
      this.pos++;
      return new Token(TokKind.LParen, '(', null, line, col, start);
    }
    if (c === 0x29 /* ) */) {
      this.pos++;
      return new Token(TokKind.RParen, ')', null, line, col, start);
    }
    if (c === 0x22 /* " */) {
      const bytes = this.readString();
      if (this.pos < this.len && isReservedTail(src.charCodeAt(this.pos))) return this.reserved(start, line, col);
      return new Token(TokKind.String, src.slice(start, this.pos), bytes, line, col, start);
    }
    if (c === 0x24 /* $ */ && src.charCodeAt(start + 1) === 0x22) {
      this.pos++;
      let bytes: Uint8Array;
      try {
        bytes = this.readString();
      } catch (e) {
        // A quoted id that is not a proper string (raw newline, tab) is no identifier at all.
        if ((e as { reason?: string }).reason === 'malformed UTF-8 encoding') throw e;
        throw malformed('empty identifier', { line, col });
      }
      if (this.pos < this.len && isReservedTail(src.charCodeAt(this.pos))) return this.reserved(start, line, col);
      const name = decodeUtf8(bytes);
      if (name === null) throw malformed('malformed UTF-8 encoding', { line, col });
      if (name.length === 0) throw malformed('empty identifier', { line, col });
      return new Token(TokKind.Id, name, null, line, col, start);
    }
    if (isIdChar(c)) {
      let p = start + 1;
      while (p < this.len && isIdChar(src.charCodeAt(p))) p++;
      this.pos = p;
      if (p < this.len && isReservedTail(src.charCodeAt(p))) return this.reserved(start, line, col);
      const text = src.slice(start, p);
      if (c === 0x24) {
        if (text.length === 1) throw malformed('empty identifier', { line, col });
        return new Token(TokKind.Id, text.slice(1), null, line, col, start);
      }
      if (c >= 0x61 && c <= 0x7a) return new Token(TokKind.Keyword, text, null, line, col, start);
      if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d) return new Token(TokKind.Number, text, null, line, col, start);
      return new Token(TokKind.Reserved, text, null, line, col, start);
    }
    if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x3b) {
      return this.reserved(start, line, col);
    }
    if (c >= 0xd800 && c <= 0xdfff && !(c <= 0xdbff && (src.charCodeAt(start + 1) & 0xfc00) === 0xdc00)) {
      this.fail('malformed UTF-8 encoding');
    }
    return this.fail('illegal character');
  }

  /** Swallow a run of characters glued together into one `reserved` token (always an error later). */
  private reserved(start: number, line: number, col: number): Token {
    const src = this.src;
    for (;;) {
      while (this.pos < this.len) {
        const c = src.charCodeAt(this.pos);
        if (c === 0x22) break;
        if (!isReservedTail(c) && c !== 0x3b) break;
        if (c === 0x3b && src.charCodeAt(this.pos + 1) === 0x3b) break;
        this.pos++;
      }
      if (this.pos < this.len && src.charCodeAt(this.pos) === 0x22) {
        this.readString();
        continue;
      }
      break;
    }
    return new Token(TokKind.Reserved, src.slice(start, this.pos), null, line, col, start);
  }

  /**
   * Skip whitespace, `;;` line comments and nested `(; ;)` block comments. A newline is LF,
   * CR or CR LF (the spec's `newline`): each ends a line comment and counts as one line.
   */
  private skipTrivia(): void {
    const src = this.src;
    while (this.pos < this.len) {
      const c = src.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09) {
        this.pos++;
      } else if (c === 0x0a || c === 0x0d) {
        this.pos += c === 0x0d && src.charCodeAt(this.pos + 1) === 0x0a ? 2 : 1;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === 0x3b && src.charCodeAt(this.pos + 1) === 0x3b) {
        // Line comment: up to the newline (which the loop then counts). A lone CR ends it
        // too: the spec's line characters exclude both U+0A and U+0D.
        let p = this.pos + 2;
        while (p < this.len) {
          const ch = src.charCodeAt(p);
          if (ch === 0x0a || ch === 0x0d) break;
          this.checkChar(p);
          p++;
        }
        this.pos = p;
      } else if (c === 0x28 && src.charCodeAt(this.pos + 1) === 0x3b) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  /** Comments may hold any Unicode text but no lone surrogates (malformed UTF-8 in the source). */
  private checkChar(p: number): void {
    const c = this.src.charCodeAt(p);
    if (c >= 0xd800 && c <= 0xdfff) {
      const ok = c <= 0xdbff ? (this.src.charCodeAt(p + 1) & 0xfc00) === 0xdc00 : (this.src.charCodeAt(p - 1) & 0xfc00) === 0xd800;
      if (!ok) throw malformed('malformed UTF-8 encoding', { line: this.line, col: p - this.lineStart + 1 });
    }
  }

  private skipBlockComment(): void {
    const src = this.src;
    const at = this.here();
    let depth = 1;
    this.pos += 2;
    while (depth > 0) {
      if (this.pos >= this.len) throw malformed('unclosed comment', at);
      const c = src.charCodeAt(this.pos);
      if (c === 0x28 && src.charCodeAt(this.pos + 1) === 0x3b) {
        depth++;
        this.pos += 2;
      } else if (c === 0x3b && src.charCodeAt(this.pos + 1) === 0x29) {
        depth--;
        this.pos += 2;
      } else {
        // LF, or a CR not followed by LF (CR LF is counted at its LF): one newline.
        if (c === 0x0a || (c === 0x0d && src.charCodeAt(this.pos + 1) !== 0x0a)) {
          this.line++;
          this.lineStart = this.pos + 1;
        } else {
          this.checkChar(this.pos);
        }
        this.pos++;
      }
    }
  }

  /**
   * Annotations `(@id ...)` are skipped as a balanced token sequence. Tokens inside must still
   * lex (the spec's annotation body is ordinary tokens), so a stray character there is an error.
   */
  private skipAnnotation(): void {
    const at = this.here();
    const src = this.src;
    this.pos += 2;
    const c = src.charCodeAt(this.pos);
    if (c === 0x22) {
      let bytes: Uint8Array;
      try {
        bytes = this.readString();
      } catch (e) {
        if ((e as { reason?: string }).reason === 'malformed UTF-8 encoding') throw e;
        throw malformed('empty annotation id', at);
      }
      const name = decodeUtf8(bytes);
      if (name === null) throw malformed('malformed UTF-8 encoding', at);
      if (name.length === 0) throw malformed('empty annotation id', at);
    } else {
      let p = this.pos;
      while (p < this.len && isIdChar(src.charCodeAt(p))) p++;
      if (p === this.pos) throw malformed('empty annotation id', at);
      this.pos = p;
    }
    let depth = 1;
    this.annotationDepth++;
    try {
      while (depth > 0) {
        const t = this.next();
        if (t.kind === TokKind.Eof) throw malformed('unclosed annotation', at);
        if (t.kind === TokKind.LParen) depth++;
        else if (t.kind === TokKind.RParen) depth--;
      }
    } finally {
      this.annotationDepth--;
    }
  }

  /** Read a string literal at `pos` (on the opening quote) and return its bytes. */
  private readString(): Uint8Array {
    const src = this.src;
    const at = this.here();
    this.pos++;
    let out = new Uint8Array(16);
    let n = 0;
    const push = (b: number): void => {
      if (n === out.length) {
        const bigger = new Uint8Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[n++] = b;
    };
    for (;;) {
      if (this.pos >= this.len) throw malformed('unclosed string', at);
      const c = src.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        return out.subarray(0, n);
      }
      if (c === 0x0a) throw malformed('unclosed string', at);
      if (c < 0x20 || c === 0x7f) this.fail('illegal control character');
      if (c === 0x5c /* \ */) {
        const e = src.charCodeAt(this.pos + 1);
        this.pos += 2;
        switch (e) {
          case 0x74: push(0x09); break; // \t
          case 0x6e: push(0x0a); break; // \n
          case 0x72: push(0x0d); break; // \r
          case 0x22: push(0x22); break;
          case 0x27: push(0x27); break;
          case 0x5c: push(0x5c); break;
          case 0x75: { // \u{hex}
            if (src.charCodeAt(this.pos) !== 0x7b) this.fail('malformed escape');
            const close = src.indexOf('}', this.pos);
            const hex = close < 0 ? '' : src.slice(this.pos + 1, close);
            if (!/^[0-9a-fA-F](_?[0-9a-fA-F])*$/.test(hex)) this.fail('malformed escape');
            const cp = parseInt(hex.replace(/_/g, ''), 16);
            if (hex.length > 8 || cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000)) this.fail('malformed escape');
            for (const b of utf8.encode(String.fromCodePoint(cp))) push(b);
            this.pos = close + 1;
            break;
          }
          default: {
            const h = hexVal(e);
            const l = hexVal(src.charCodeAt(this.pos));
            if (h < 0 || l < 0) {
              this.pos -= 2;
              this.fail('unknown escape');
            }
            push(h * 16 + l);
            this.pos++;
          }
        }
        continue;
      }
      if (c < 0x80) {
        push(c);
        this.pos++;
        continue;
      }
      // Non-ASCII: re-encode the code point as UTF-8 (a lone surrogate means the input was bad).
      const cp = src.codePointAt(this.pos) ?? c;
      if (cp >= 0xd800 && cp <= 0xdfff) this.fail('malformed UTF-8 encoding');
      const step = cp > 0xffff ? 2 : 1;
      for (const b of utf8.encode(src.slice(this.pos, this.pos + step))) push(b);
      this.pos += step;
    }
  }
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
