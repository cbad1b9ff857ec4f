import { Token, TokKind } from './lexer.js';
import { OutOfRange, parseU32 } from './literals.js';
import { SNode } from './sexpr.js';
import { malformed } from './text-error.js';
import { unexpected } from './cursor.js';

/**
 * One index space (functions, tables, types, locals, ...): hands out indices in declaration
 * order and resolves `$names` or numbers to indices. `what` names the space in messages,
 * with the spec testsuite's wording (`unknown function`, `duplicate func`).
 */
export class IndexSpace {
  readonly names = new Map<string, number>();
  /** Index → name, for the name section. */
  readonly nameOf: (string | null)[] = [];
  count = 0;

  constructor(
    private readonly unknownWhat: string,
    private readonly duplicateWhat: string,
  ) {}

  /** Declare the next index, optionally named. */
  declare(id: Token | null): number {
    const index = this.count++;
    if (id !== null) {
      if (this.names.has(id.text)) throw malformed(`duplicate ${this.duplicateWhat}`, id);
      this.names.set(id.text, index);
    }
    this.nameOf.push(id?.text ?? null);
    return index;
  }

  /** Resolve a `$name` or a number. Numbers are not range-checked (that is validation's job). */
  resolve(n: SNode): number {
    if (n instanceof Token) {
      if (n.kind === TokKind.Id) {
        const i = this.names.get(n.text);
        if (i === undefined) throw malformed(`unknown ${this.unknownWhat} $${n.text}`, n);
        return i;
      }
      if (n.kind === TokKind.Number) return parseIndex(n);
    }
    throw unexpected(n);
  }
}

/** Is this token usable as an index (`$id` or a number)? */
export function isIndexToken(n: SNode | undefined): n is Token {
  return n instanceof Token && (n.kind === TokKind.Id || n.kind === TokKind.Number);
}

/** A numeric `u32` token (index, count, lane). */
export function parseIndex(t: Token): number {
  if (t.kind !== TokKind.Number) throw unexpected(t);
  try {
    const v = parseU32(t.text);
    if (v === null) throw unexpected(t);
    return v;
  } catch (e) {
    if (e instanceof OutOfRange) throw malformed('constant out of range', t);
    throw e;
  }
}
