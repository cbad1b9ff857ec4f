import type { Command } from 'commander';
import type { CliIo, SetExit } from '../main.js';
import { unprotect } from '../negative-literals.js';
import { executeRun } from './execute-run.js';
import { ALLOCATORS, BACKENDS, parseRunOptions, type RawRunFlags } from './run-options.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * `weft run FILE [ARGS...]`. weft's flags may come before or after FILE (so
 * `weft run add.wat --invoke add 2 3` works); arguments for the guest that look like flags go
 * after `--`.
 */
export function registerRun(program: Command, io: CliIo, setExit: SetExit): void {
  program.command('run')
    .description('run a WebAssembly module (.wasm or .wat): its _start (WASI command), or --invoke NAME')
    .argument('<file>', 'module to run (.wasm binary or .wat text)')
    .argument('[args...]', 'arguments for the guest program, or for the --invoke function')
    .option('--invoke <name>', 'call this export instead of _start, with ARGS parsed per parameter type; print results one per line')
    .option('--dir <host[::guest][:ro]>', 'grant a host directory to the guest (repeatable)', collect)
    .option('--env <name[=value]>', 'set an environment variable for the guest; without a value, copy it from the host (repeatable)', collect)
    .option('--fuel <n>', 'limit execution to N units of fuel; trap when exhausted')
    .option('--timeout <duration>', 'interrupt the guest after a duration (200ms, 2s, 1m)')
    .option('--max-memory-size <bytes>', 'limit each linear memory to this many bytes (65536, 64K, 16M, 4G)')
    .option('--max-wasm-stack <bytes>', 'limit the wasm stack depth, in bytes')
    .option('--tcplisten <addr>', 'pre-open a listening TCP socket for the guest, HOST:PORT (repeatable)', collect)
    .option('--backend <name>', `execution backend: ${BACKENDS.join(', ')} (default auto: native when it runs the module with the requested options, else interpreter)`)
    .option('--allocator <name>', `memory allocator: ${ALLOCATORS.join(', ')}`)
    .option('--manifest <file>', 'weft.json manifest (flags given here override it)')
    .option('--profile <profiler>', 'profile the run: otel (OTEL_* env), guest[=FILE][,INTERVAL] (.json, .folded, .svg), perfmap (native backend) (repeatable)', collect)
    .option('--trace <file>', 'record the run (lifecycle events and every host/WASI result) as an NDJSON trace for weft replay')
    .option('--verbose', 'say which backend runs the module and why; internal stack traces on errors')
    .action(async (file: string, args: string[], flags: RawRunFlags, command: Command) => {
      const options = parseRunOptions(file, args.map(unprotect), flags, process.env);
      const rawArgs = ((command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? []).map(unprotect);
      setExit(await executeRun(options, io, rawArgs));
    });
}
