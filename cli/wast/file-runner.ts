import { readFileSync } from 'node:fs';
import { CompileError } from '../../kernel/errors/compile-error.js';
import { parseWast, type WastCommand } from '../../plugins/parser/text/index.js';
import { CommandRunner, describe, type Outcome } from './command-runner.js';
import type { HostRefs } from './host-refs.js';
import type { Reporter } from './reporters/reporter.js';
import { addTo, emptyTally, type CommandResult, type FileResult } from './wast-result.js';
import type { WastSession } from './wast-session.js';
import type { Watchdog } from './watchdog.js';

export interface FileRunOptions {
  readonly refs: HostRefs;
  readonly strictMessages: boolean;
  readonly watchdog: Watchdog | null;
  readonly reporter: Reporter;
  /** A fresh session (store, linker with spectest) for this file. */
  readonly newSession: () => WastSession;
}

/**
 * Runs one script. Every command is guarded: whatever it throws (one of our bugs included) is
 * that command's failure, and the next command still runs. A script that does not parse is one
 * failed `script` result at the line of the error.
 */
export function runWastFile(file: string, opts: FileRunOptions): FileResult {
  const { reporter } = opts;
  reporter.beginFile(file);
  const results: CommandResult[] = [];
  const tally = emptyTally();
  const record = (r: CommandResult) => {
    results.push(r);
    addTo(tally, r.status);
    reporter.command(file, r);
  };

  let commands: readonly WastCommand[] = [];
  try {
    commands = parseWast(readFileSync(file, 'utf8'), file).commands;
  } catch (e) {
    const line = e instanceof CompileError ? e.line : 0;
    record({ command: 'script', line, status: 'failed', message: `script does not parse: ${e instanceof CompileError ? e.message : describe(e)}` });
  }

  if (commands.length > 0) {
    let session: WastSession | null = null;
    try {
      session = opts.newSession();
    } catch (e) {
      record({ command: 'script', line: 0, status: 'failed', message: `cannot set up the spectest host module: ${describe(e)}` });
    }
    if (session !== null) {
      const runner = new CommandRunner(session, opts.refs, opts.strictMessages);
      for (const cmd of commands) record({ command: cmd.type, line: cmd.line, ...guarded(runner, session, cmd, opts.watchdog) });
      try {
        session.dispose();
      } catch {
        // a failing dispose must not hide the file's results
      }
    }
  }
  const result: FileResult = { file, results, tally };
  reporter.endFile(result);
  return result;
}

function guarded(runner: CommandRunner<unknown, unknown>, session: WastSession, cmd: WastCommand, watchdog: Watchdog | null): Outcome {
  try {
    session.arm();
    watchdog?.start();
    return runner.run(cmd);
  } catch (e) {
    return { status: 'failed', message: describe(e) };
  } finally {
    watchdog?.stop();
  }
}
