import { basename } from 'node:path';
import { funcTypeToString, valTypeToString } from '../../kernel/ir/types.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { readModuleBytes } from '../module-source.js';
import { formatWasmValue, parseWasmValue } from '../options/wasm-values.js';
import { UsageError } from '../usage-error.js';
import { Linker, Module, Store, type Func, type Instance } from '../weft-api.js';
import { createRunEngine, effectiveTimeoutMs, wasiConfig } from './engine-setup.js';
import { startEpochTimer, type EpochTimer } from './epoch-timer.js';
import { reportGuestError } from './guest-outcome.js';
import type { RunOptions } from './run-options.js';

/**
 * `weft run`: compile, link (WASI preview1 and the manifest's capabilities), instantiate, then
 * call `_start` (or the `""` export), or `--invoke NAME` and print its results one per line.
 */
export async function executeRun(o: RunOptions, io: CliIo): Promise<number> {
  let timer: EpochTimer | null = null;
  let timeoutMs: number | null = o.timeoutMs;
  try {
    const { engine, manifest } = await createRunEngine(o);
    timeoutMs = effectiveTimeoutMs(o, manifest);
    const store = new Store(engine, {
      limits: o.maxMemorySize !== null ? { maxMemoryBytes: o.maxMemorySize } : undefined,
    });
    if (o.fuel !== null) store.setFuel(o.fuel);
    const module = Module.fromBytes(engine, readModuleBytes(o.file, engine.parser), { name: basename(o.file) });

    const linker = new Linker(engine);
    const wasi = engine.wasiProviders.get('preview1');
    if (wasi && manifest.manifest.wasi) wasi.addToLinker(linker, wasiConfig(o, manifest));

    // The clock starts before instantiation: a start function that spins is interrupted too.
    if (timeoutMs !== null) {
      store.setEpochDeadline(1);
      timer = startEpochTimer(engine.epoch, timeoutMs);
    }
    const instance = await linker.instantiateAsync(store, module);
    if (o.invoke !== null) {
      const f = exportedFunc(instance, o.invoke, o.file);
      const results = await f.callAsync(...invokeArgs(f, o.invoke, o.args));
      printResults(f, results, io);
    } else {
      const entry = instance.getFunc('_start') ?? instance.getFunc('');
      if (entry) await entry.callAsync();
    }
    return ExitCode.Ok;
  } catch (e) {
    const code = reportGuestError(e, o.file, io, { timeoutMs, fuel: o.fuel });
    if (code === null) throw e;
    return code;
  } finally {
    timer?.cancel();
  }
}

function exportedFunc(instance: Instance, name: string, file: string): Func {
  const f = instance.getFunc(name);
  if (f) return f;
  const funcs = instance.module.exports().filter((e) => e.kind === 'func').map((e) => JSON.stringify(e.name));
  throw new UsageError(`--invoke: ${file} exports no function ${JSON.stringify(name)}${funcs.length ? ` (exported functions: ${funcs.join(', ')})` : ''}`);
}

function invokeArgs(f: Func, name: string, args: readonly string[]): unknown[] {
  const params = f.type.params;
  if (args.length !== params.length) {
    throw new UsageError(`--invoke ${name}: expected ${params.length} argument${params.length === 1 ? '' : 's'} for ${funcTypeToString(f.type)}, got ${args.length}`);
  }
  return params.map((t, i) => parseWasmValue(args[i], t, `--invoke ${name}: argument ${i + 1} (${valTypeToString(t)})`));
}

function printResults(f: Func, result: unknown, io: CliIo): void {
  const types = f.type.results;
  const values = types.length === 1 ? [result] : types.length === 0 ? [] : (result as unknown[]);
  for (let i = 0; i < types.length; i++) io.stdout(`${formatWasmValue(values[i], types[i])}\n`);
}
