/** Marks an argument commander must not read as a flag; `unprotect` removes the mark. */
const LITERAL_MARK = '\u2063';
const NEGATIVE_LITERAL = /^-(inf|infinity|nan(:0x[0-9a-f_]+)?|0x[0-9a-f_.]+(p[+-]?\d+)?)$/i;

/**
 * `weft run f.wat --invoke neg -inf` / `-0x10`: commander treats `-1.5` as a number but `-inf`
 * and `-0x10` as unknown flags. Wasm literals of that shape are marked so they stay arguments.
 */
export function protectNegativeLiterals(argv: readonly string[]): string[] {
  return argv.map((a) => (NEGATIVE_LITERAL.test(a) ? LITERAL_MARK + a : a));
}

export function unprotect(arg: string): string {
  return arg.startsWith(LITERAL_MARK) ? arg.slice(LITERAL_MARK.length) : arg;
}
