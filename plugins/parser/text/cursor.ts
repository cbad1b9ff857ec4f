import { Token, TokKind } from './lexer.js';
import { SList, SNode, headOf, isListOf } from './sexpr.js';
import { malformed, Located } from './text-error.js';

/**
 * A read position inside one list. Parsers consume items left to right; `done()` checks that
 * nothing is left over (leftovers are the spec's `unexpected token`).
 */
export class Cursor {
  pos: number;
  constructor(
    readonly list: SList,
    start = 1,
  ) {
    this.pos = start;
  }

  get items(): SNode[] {
    return this.list.items;
  }

  atEnd(): boolean {
    return this.pos >= this.list.items.length;
  }

  peek(offset = 0): SNode | undefined {
    return this.list.items[this.pos + offset];
  }

  /** Where the next item is, or the closing paren of the list when none is left. */
  where(): Located {
    const n = this.peek();
    if (n) return n;
    return this.list;
  }

  next(): SNode {
    const n = this.list.items[this.pos];
    if (n === undefined) throw malformed('unexpected token', this.list);
    this.pos++;
    return n;
  }

  /** The next item if it is a token of this kind. */
  peekToken(kind: TokKind): Token | null {
    const n = this.peek();
    return n instanceof Token && n.kind === kind ? n : null;
  }

  peekKeyword(word?: string): boolean {
    const n = this.peek();
    return n instanceof Token && n.kind === TokKind.Keyword && (word === undefined || n.text === word);
  }

  peekList(head: string): boolean {
    return isListOf(this.peek(), head);
  }

  peekHead(): string | null {
    return headOf(this.peek());
  }

  takeList(head: string): SList | null {
    const n = this.peek();
    if (isListOf(n, head)) {
      this.pos++;
      return n;
    }
    return null;
  }

  takeKeyword(word: string): boolean {
    if (this.peekKeyword(word)) {
      this.pos++;
      return true;
    }
    return false;
  }

  expectKeyword(word: string): Token {
    const n = this.peek();
    if (n instanceof Token && n.kind === TokKind.Keyword && n.text === word) {
      this.pos++;
      return n;
    }
    throw unexpected(n ?? this.list);
  }

  /** An optional `$id`. */
  takeId(): Token | null {
    const t = this.peekToken(TokKind.Id);
    if (t) this.pos++;
    return t;
  }

  takeString(): Token | null {
    const t = this.peekToken(TokKind.String);
    if (t) this.pos++;
    return t;
  }

  expectString(): Token {
    const t = this.takeString();
    if (!t) throw unexpected(this.peek() ?? this.list);
    return t;
  }

  expectToken(): Token {
    const n = this.peek();
    if (n instanceof Token) {
      this.pos++;
      return n;
    }
    throw unexpected(n ?? this.list);
  }

  expectList(): SList {
    const n = this.peek();
    if (n instanceof SList) {
      this.pos++;
      return n;
    }
    throw unexpected(n ?? this.list);
  }

  /** Nothing may follow. */
  done(): void {
    const n = this.peek();
    if (n !== undefined) throw unexpected(n);
  }
}

/** The error for a token or list that does not belong where it is. */
export function unexpected(n: SNode | SList): Error {
  if (n instanceof Token && n.kind === TokKind.Reserved) return malformed('unexpected token', n);
  return malformed('unexpected token', n);
}
