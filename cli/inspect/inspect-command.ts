import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CliIo, SetExit } from '../main.js';
import { describeCompileError, readModuleBytes } from '../module-source.js';
import { CompileError, Engine } from '../weft-api.js';
import { formatInspect } from './format-inspect.js';
import { inspectModule } from './inspect-module.js';

/** `weft inspect FILE [--json]`: what a module contains, without running it. */
export function registerInspect(program: Command, io: CliIo, setExit: SetExit): void {
  program.command('inspect')
    .description('show a module\'s sections, imports, exports, features and functions')
    .argument('<file>', 'module to inspect (.wasm or .wat)')
    .option('--json', 'print one JSON object instead of text')
    .action((file: string, flags: { json?: boolean }) => {
      setExit(inspectFile(file, flags.json ?? false, io));
    });
}

export function inspectFile(file: string, json: boolean, io: CliIo): number {
  const engine = new Engine();
  try {
    const bytes = readModuleBytes(file, engine.parser);
    const ir = engine.parser.parseBinary(bytes, engine.registry, { source: file });
    const report = inspectModule(ir);
    io.stdout(json ? `${JSON.stringify({ file, ...report })}\n` : `${formatInspect(file, report)}\n`);
    return ExitCode.Ok;
  } catch (e) {
    if (e instanceof CompileError) {
      io.stderr(`${describeCompileError(file, e)}\n`);
      return ExitCode.Failure;
    }
    throw e;
  }
}
