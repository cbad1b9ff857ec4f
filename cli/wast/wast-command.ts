import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo, SetExit } from '../main.js';
import { parseChoice, parseDuration } from '../options/scalars.js';
import { ALLOCATORS, BACKENDS } from '../run/run-options.js';
import { Engine } from '../weft-api.js';
import { createApiSession } from './api-session.js';
import { collectWastFiles } from './collect-files.js';
import { runWastFile } from './file-runner.js';
import { HostRefs } from './host-refs.js';
import { createReporter } from './reporters/create-reporter.js';
import { REPORTER_NAMES } from './reporters/reporter.js';
import { SUITE_POOLING_CONFIG } from './suite-pooling-config.js';
import type { FileResult } from './wast-result.js';
import { Watchdog } from './watchdog.js';

const DEFAULT_COMMAND_TIMEOUT = '10s';

interface RawWastFlags {
  backend?: string;
  allocator?: string;
  reporter?: string;
  timeout?: string;
  strictMessages?: boolean;
}

/** `weft wast [--backend B] [--reporter tap|json|summary] PATH...` */
export function registerWast(program: Command, io: CliIo, setExit: SetExit): void {
  program.command('wast')
    .description('run WebAssembly spec test scripts (.wast files, or folders searched recursively)')
    .argument('<paths...>', '.wast files or folders')
    .option('--backend <name>', `execution backend: ${BACKENDS.join(', ')}`)
    .option('--allocator <name>', `memory allocator: ${ALLOCATORS.join(', ')} (pooling is sized for the suite: see suite-pooling-config.ts)`)
    .option('--reporter <name>', `output format: ${REPORTER_NAMES.join(', ')} (default: tap)`)
    .option('--timeout <duration>', `time limit per command (default: ${DEFAULT_COMMAND_TIMEOUT})`)
    .option('--strict-messages', 'also require compile, link and instantiation errors to carry the expected message')
    .action((paths: string[], flags: RawWastFlags) => {
      setExit(runWast(paths, flags, io));
    });
}

export function runWast(paths: readonly string[], flags: RawWastFlags, io: CliIo): number {
  const backend = flags.backend === undefined ? undefined : parseChoice('--backend', flags.backend, BACKENDS);
  const allocator = flags.allocator === undefined ? undefined : parseChoice('--allocator', flags.allocator, ALLOCATORS);
  const allocatorConfig = allocator === 'pooling' ? { ...SUITE_POOLING_CONFIG } : undefined;
  const reporterName = parseChoice('--reporter', flags.reporter ?? 'tap', REPORTER_NAMES);
  const limitMs = parseDuration('--timeout', flags.timeout ?? DEFAULT_COMMAND_TIMEOUT);
  const files = collectWastFiles(paths);

  // A fresh engine per script, as the reference interpreter starts each script from scratch:
  // nothing one script compiles or registers can change how the next one runs.
  const newEngine = () => new Engine({ backend, allocator, allocatorConfig, epochInterruption: true });
  newEngine(); // fail fast on a bad --backend, before any output
  const reporter = createReporter(reporterName, io.stdout);
  const watchdog = new Watchdog(limitMs);
  const refs = new HostRefs();
  const results: FileResult[] = [];
  try {
    for (const file of files) {
      results.push(runWastFile(file, {
        refs, strictMessages: flags.strictMessages ?? false, watchdog, reporter,
        newSession: () => {
          const engine = newEngine();
          watchdog.target(engine.epoch);
          return createApiSession(engine, refs);
        },
      }));
    }
  } finally {
    watchdog.dispose();
  }
  reporter.end(results);
  return results.some((r) => r.tally.failed > 0) ? ExitCode.Failure : ExitCode.Ok;
}
