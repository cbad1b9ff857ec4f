import { Lexer, Token, TokKind } from './lexer.js';
import { malformed } from './text-error.js';

/** A parenthesised list. `items` are tokens and nested lists in source order. */
export class SList {
  constructor(
    readonly items: SNode[],
    readonly line: number,
    readonly col: number,
    /** Source offsets of the `(` and one past the `)`. */
    readonly start: number,
    public end: number,
  ) {}
}

export type SNode = SList | Token;

export function isList(n: SNode | undefined): n is SList {
  return n instanceof SList;
}

/** Is `n` a list whose first item is the keyword `head`? */
export function isListOf(n: SNode | undefined, head: string): n is SList {
  if (!(n instanceof SList)) return false;
  const h = n.items[0];
  return h !== undefined && !(h instanceof SList) && h.kind === TokKind.Keyword && h.text === head;
}

/** The keyword heading a list, or null. */
export function headOf(n: SNode | undefined): string | null {
  if (!(n instanceof SList)) return null;
  const h = n.items[0];
  return h !== undefined && !(h instanceof SList) && h.kind === TokKind.Keyword ? h.text : null;
}

/**
 * Read a source text into S-expressions, handing each top-level item to `onTop` as soon as it
 * is complete. The tree is what every later stage walks: folded instructions and abbreviations
 * are easiest to expand on lists, and building it is one linear pass with an explicit stack
 * (no recursion limit on deep nesting). Streaming the top level lets a WAST parser drop each
 * command's tree when done, which keeps the live heap (and so GC time) small on big scripts.
 */
export function forEachTopLevel(src: string, onTop: (n: SNode) => void): void {
  const lexer = new Lexer(src);
  const stack: SList[] = [];
  for (;;) {
    const t = lexer.next();
    switch (t.kind) {
      case TokKind.Eof:
        if (stack.length > 0) throw malformed('unexpected end of input', t);
        return;
      case TokKind.LParen: {
        const l = new SList([], t.line, t.col, t.offset, -1);
        if (stack.length) stack[stack.length - 1].items.push(l);
        stack.push(l);
        break;
      }
      case TokKind.RParen: {
        const l = stack.pop();
        if (l === undefined) throw malformed('unexpected token', t);
        l.end = t.offset + 1;
        if (stack.length === 0) onTop(l);
        break;
      }
      default:
        if (stack.length) stack[stack.length - 1].items.push(t);
        else onTop(t);
    }
  }
}

/** Read a whole source text into its top-level S-expressions. */
export function readSExprs(src: string): SNode[] {
  const top: SNode[] = [];
  forEachTopLevel(src, (n) => top.push(n));
  return top;
}
