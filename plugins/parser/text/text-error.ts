import { CompileError } from '../../../kernel/errors/compile-error.js';

/** Anything in the text that an error can point at: a token or a list. */
export interface Located {
  readonly line: number;
  readonly col: number;
}

/**
 * A text-format syntax error. Reasons use the spec testsuite's wording (`unexpected token`,
 * `unknown operator`, ...) so `assert_malformed` runners can match them by prefix.
 */
export function malformed(reason: string, at: Located | null): CompileError {
  return new CompileError(reason, { kind: 'malformed', line: at?.line ?? 0, column: at?.col ?? 0 });
}
