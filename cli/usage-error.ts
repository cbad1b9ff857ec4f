import { ExitCode } from './exit-codes.js';

/**
 * A bad command line: printed as one line `weft: error: <message>` and exit code 2, never
 * with a stack. Thrown by option parsers and subcommands before any guest code runs.
 */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}

/** `--fuel: expected a non-negative integer, got "abc"` */
export function badValue(flag: string, expected: string, got: string): UsageError {
  return new UsageError(`${flag}: expected ${expected}, got ${JSON.stringify(got)}`);
}
