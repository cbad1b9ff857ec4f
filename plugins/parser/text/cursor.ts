import { Token, TokKind } from './lexer.js';
import { SList, SNode, headOf, isListOf } from './sexpr.js';
import { malformed, Located } from './text-error.js';
import { OutOfRange, parseF64Bits, parseNat } from './literals.js';
import { opByName } from '../../../kernel/ir/opcodes.js';

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

/** Keywords of the text format besides instruction names. */
const KNOWN_WORDS: ReadonlySet<string> = new Set([
  'module', 'func', 'param', 'result', 'local', 'type', 'import', 'export', 'table', 'memory',
  'global', 'elem', 'data', 'start', 'offset', 'item', 'declare', 'mut', 'ref', 'null', 'rec',
  'sub', 'final', 'struct', 'array', 'field', 'tag', 'then', 'do', 'catch_ref', 'catch_all_ref',
  'i32', 'i64', 'f32', 'f64', 'v128', 'i8', 'i16', 'shared', 'binary', 'quote', 'definition',
  'instance', 'register', 'invoke', 'get', 'either', 'inf', 'nan', 'nan:canonical', 'nan:arithmetic',
  'funcref', 'externref', 'anyref', 'eqref', 'i31ref', 'structref', 'arrayref', 'nullref',
  'nullfuncref', 'nullexternref', 'exnref', 'nullexnref', 'extern', 'any', 'eq', 'i31', 'none',
  'nofunc', 'noextern', 'exn', 'noexn', 'i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2',
  'ref.extern', 'ref.host', 'ref.struct', 'ref.array', 'ref.eq', 'ref.any', 'ref.exn',
  'assert_return', 'assert_trap', 'assert_exhaustion', 'assert_exception', 'assert_invalid',
  'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable',
]);

/** Does this numeric-looking token have valid number syntax (in any numeric form)? */
function isWellFormedNumber(text: string): boolean {
  try {
    const body = text[0] === '+' || text[0] === '-' ? text.slice(1) : text;
    return parseNat(body) !== null || parseF64Bits(text) !== null;
  } catch (e) {
    return e instanceof OutOfRange;
  }
}

/**
 * The error for a token or list that does not belong where it is. Like the reference
 * interpreter, tokens that are not tokens of the language at all (glued `reserved` runs,
 * malformed numbers, unknown keywords) are `unknown operator`; real tokens out of place are
 * `unexpected token`.
 */
export function unexpected(n: SNode | SList): Error {
  if (n instanceof Token) {
    switch (n.kind) {
      case TokKind.Reserved:
        return malformed(`unknown operator ${n.text}`, n);
      case TokKind.Number:
        if (!isWellFormedNumber(n.text)) return malformed(`unknown operator ${n.text}`, n);
        break;
      case TokKind.Keyword:
        if (!KNOWN_WORDS.has(n.text) && opByName(n.text) === undefined && !/^(offset|align)=|^nan:0x/.test(n.text)) {
          return malformed(`unknown operator ${n.text}`, n);
        }
        break;
      default:
        break;
    }
  }
  return malformed('unexpected token', n);
}

/** The error for whatever is at the cursor (or the list's end when nothing is left). */
export function unexpectedAt(c: Cursor): Error {
  const n = c.peek();
  return n === undefined ? malformed('unexpected token', c.list) : unexpected(n);
}
