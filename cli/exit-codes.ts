/**
 * Exit codes of the `weft` command, in one table so the CLI, its tests and the README agree.
 *
 * A trap exits with 134 like Wasmtime on Unix (128 + SIGABRT): shell scripts that already
 * tell a Wasmtime trap from a guest's own `proc_exit(n)` keep working. `proc_exit(n)` exits with
 * `n` itself. Internal errors use 70 (`EX_SOFTWARE` from sysexits.h) so they are never
 * mistaken for a guest's code.
 */
export const ExitCode = {
  Ok: 0,
  /** Compile, link or instantiation errors, a failed `weft wast` run. */
  Failure: 1,
  /** Bad command line: unknown flag, bad value, missing argument. */
  Usage: 2,
  /** Bug in weft itself (caught at the top level). */
  Internal: 70,
  /** The guest trapped (Wasmtime's code on Unix). */
  Trap: 134,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
