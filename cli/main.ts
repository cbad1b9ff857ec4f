#!/usr/bin/env node
/**
 * `weft`: the command-line face of the runtime. Every subcommand lives in its own file and
 * returns an exit code; this file only wires commander, and owns the rule that a user never
 * sees one of our stack traces: usage errors are one line and exit 2, anything unexpected is
 * `weft: internal error: ...` and exit 70 (the stack only with `--verbose`).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ManifestError } from '../kernel/manifest/manifest-error.js';
import { PluginError } from '../kernel/plugins/plugin-error.js';
import { ExitCode } from './exit-codes.js';
import { registerInspect } from './inspect/inspect-command.js';
import { registerReplay } from './replay/replay-command.js';
import { registerRun } from './run/run-command.js';
import { protectNegativeLiterals } from './negative-literals.js';
import { isUsageError } from './usage-error.js';
import { packageVersion } from './version.js';
import { registerWast } from './wast/wast-command.js';

/** Where subcommands write; a seam for tests that run `main` in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Raw bytes to fd 1 or 2 (guest output replayed byte for byte); else the text writers. */
  readonly writeBytes?: (fd: 1 | 2, bytes: Buffer) => void;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  writeBytes: (fd, b) => (fd === 1 ? process.stdout : process.stderr).write(b),
};

/** Sets the exit code a subcommand's action produced (commander actions return nothing). */
export type SetExit = (code: number) => void;

export function buildProgram(io: CliIo, setExit: SetExit): Command {
  const program = new Command('weft');
  program
    .description('A WebAssembly runtime for Node.js')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .addHelpCommand('help [command]', 'print help for a command')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // commander's messages start with `error: `; ours are `weft: error: ...` on one line.
      outputError: (msg, write) => write(`weft: ${msg.trimEnd().split('\n')[0]}\n`),
    });
  registerRun(program, io, setExit);
  registerReplay(program, io, setExit);
  registerWast(program, io, setExit);
  registerInspect(program, io, setExit);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return ExitCode.Usage;
  }
  try {
    await program.parseAsync(protectNegativeLiterals(argv), { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and --version throw with exitCode 0; every parse error is a usage error.
      return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    // A bad flag, or a bad manifest or plugin choice: the user's to fix, in one line.
    if (isUsageError(e) || e instanceof ManifestError || e instanceof PluginError) {
      io.stderr(`weft: error: ${e.message}\n`);
      return ExitCode.Usage;
    }
    reportInternalError(e, argv.includes('--verbose'), io);
    return ExitCode.Internal;
  }
}

export function reportInternalError(e: unknown, verbose: boolean, io: CliIo): void {
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`weft: internal error: ${message}\n`);
  if (verbose && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  else io.stderr('(run again with --verbose for the stack trace)\n');
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  // Exit once stdout has drained, even if a guest left a handle (socket, timer) open.
  setTimeout(() => process.exit(code), 50).unref();
}
