import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ContainerModule } from 'inversify';
import { EventSink } from '../../kernel/contracts/event-sink.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { TrapEvent } from '../../kernel/events/runtime-event.js';
import { isReplayError } from '../../profiler/trace/replay-error.js';
import { replayTrace } from '../../profiler/trace/replay.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo, SetExit } from '../main.js';
import { parseChoice } from '../options/scalars.js';
import { reportGuestError } from '../run/guest-outcome.js';
import { BACKENDS } from '../run/run-options.js';
import { UsageError } from '../usage-error.js';
import { Trap, TrapCode } from '../weft-api.js';

/** Keeps the last trap event of the replayed run, for its message and backtrace. */
class TrapCapture implements EventSink {
  readonly id = 'replay-trap-capture';
  readonly needsCallEvents = false;
  last: TrapEvent | null = null;
  attach(events: EventBus): { detach(): void } {
    const sub = events.events$.subscribe((e) => {
      if (e.type === 'trap') this.last = e;
    });
    return { detach: () => sub.unsubscribe() };
  }
}

function capturePlugin(sink: TrapCapture): WeftPlugin {
  return {
    id: 'replay-trap-capture', version: '0.0.0', provides: ['event-sink'],
    module: () => new ContainerModule(({ bind }) => {
      bind<EventSink>(EventSink).toConstantValue(sink);
    }),
  };
}

/**
 * `weft replay TRACE FILE`: re-runs the WASI command FILE feeding it the results recorded in
 * TRACE (by `weft run --trace`), on any backend. Prints the replayed stdout/stderr and exits
 * with the recorded run's exit code; a trap is reported as `weft run` reports it (exit 134); a
 * guest call the trace does not have is `Error: ...` naming the event index, exit 1.
 */
export function registerReplay(program: Command, io: CliIo, setExit: SetExit): void {
  program.command('replay')
    .description('re-run a WASI command from a trace recorded by weft run --trace, reproducing its output and exit code')
    .argument('<trace>', 'trace file (NDJSON) written by weft run --trace')
    .argument('<file>', 'the module that was recorded (.wasm)')
    .option('--backend <name>', `execution backend to replay on: ${BACKENDS.join(', ')}`)
    .action(async (trace: string, file: string, flags: { backend?: string }) => {
      const backend = flags.backend === undefined ? undefined : parseChoice('--backend', flags.backend, BACKENDS);
      setExit(await executeReplay(trace, file, backend, io));
    });
}

function writeBytes(io: CliIo, fd: 1 | 2, bytes: Buffer): void {
  if (bytes.length === 0) return;
  if (io.writeBytes) io.writeBytes(fd, bytes);
  else (fd === 1 ? io.stdout : io.stderr)(bytes.toString('utf8'));
}

export async function executeReplay(trace: string, file: string, backend: string | undefined, io: CliIo): Promise<number> {
  for (const [what, p] of [['trace', trace], ['module', file]] as const) {
    if (!existsSync(p)) throw new UsageError(`${what} ${p}: no such file`);
  }
  const capture = new TrapCapture();
  try {
    const r = await replayTrace(trace, file, { backend, engineConfig: { plugins: [capturePlugin(capture)] } });
    writeBytes(io, 1, r.stdoutBytes);
    writeBytes(io, 2, r.stderrBytes);
    for (const m of r.mismatches) io.stderr(`weft: warning: replay differs from the recording: ${m}\n`);
    if (r.trap !== null) {
      const ev = capture.last;
      const trap = new Trap(r.trap as TrapCode, ev?.message, { backtrace: ev?.backtrace ?? [] });
      return reportGuestError(trap, file, io, { timeoutMs: null, fuel: null }) ?? ExitCode.Trap;
    }
    return r.exitCode ?? ExitCode.Ok;
  } catch (e) {
    if (isReplayError(e)) {
      io.stderr(`Error: ${e.message}\n`);
      return ExitCode.Failure;
    }
    const code = reportGuestError(e, file, io, { timeoutMs: null, fuel: null });
    if (code === null) throw e;
    return code;
  }
}
