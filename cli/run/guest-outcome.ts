import { ManifestError } from '../../kernel/manifest/manifest-error.js';
import { PluginError } from '../../kernel/plugins/plugin-error.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { describeCompileError } from '../module-source.js';
import { isUsageError } from '../usage-error.js';
import { CompileError, LinkError, Trap, TrapCode, WeftError } from '../weft-api.js';

/**
 * What `weft run` prints and exits with when the guest (or loading it) did not finish normally.
 * Returns null for errors that are not the guest's, which the caller rethrows (usage errors,
 * our own bugs).
 */
export function reportGuestError(e: unknown, file: string, io: CliIo, context: { timeoutMs: number | null; fuel: number | null }): number | null {
  const exit = guestExitCode(e);
  if (exit !== null) return exit;
  if (e instanceof CompileError) {
    io.stderr(`${describeCompileError(file, e)}\n`);
    return ExitCode.Failure;
  }
  if (e instanceof LinkError) {
    io.stderr(`Error: ${file}: ${e.message}\n`);
    return ExitCode.Failure;
  }
  if (e instanceof Trap) {
    let message = e.message;
    if (e.trapCode === TrapCode.Interrupt && context.timeoutMs !== null) message += ` (time limit of ${context.timeoutMs} ms reached)`;
    if (e.trapCode === TrapCode.OutOfFuel && context.fuel !== null) message += ` (--fuel ${context.fuel})`;
    if (e.trapCode === TrapCode.HostError && e.cause instanceof Error) message += `: ${e.cause.message}`;
    io.stderr(`Error: ${message}\n`);
    const bt = e.formatBacktrace();
    io.stderr(bt ? `wasm backtrace:\n${bt}\n` : 'wasm backtrace: (not available)\n');
    return ExitCode.Trap;
  }
  if (isUsageError(e)) return null;
  if (e instanceof ManifestError || e instanceof PluginError) {
    io.stderr(`weft: error: ${e.message}\n`);
    return ExitCode.Usage;
  }
  return null;
}

/** WASI `proc_exit(n)` (the kernel's ExitSignal or the provider's own exit error): exit with n. */
export function guestExitCode(e: unknown): number | null {
  if (!(e instanceof WeftError)) return null;
  if (e.code !== 'exit' && e.code !== 'wasi_exit') return null;
  const code = (e as WeftError & { exitCode?: unknown }).exitCode;
  return typeof code === 'number' ? code : null;
}
