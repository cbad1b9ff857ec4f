import { basename } from 'node:path';
import { funcTypeToString, valTypeToString } from '../../kernel/ir/types.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../main.js';
import { readModuleBytes } from '../module-source.js';
import { formatWasmValue, parseWasmValue } from '../options/wasm-values.js';
import { UsageError } from '../usage-error.js';
import { Engine, isTrap, Linker, Module, Store, type Func, type Instance } from '../weft-api.js';
import { perfMapSupport } from '../../profiler/perfmap/perfmap-support.js';
import { TraceRecorder } from '../../profiler/trace/trace-recorder.js';
import { createRunEngine, effectiveTimeoutMs, runBackend, wasiConfig } from './engine-setup.js';
import { startEpochTimer, type EpochTimer } from './epoch-timer.js';
import { guestExitCode, reportGuestError } from './guest-outcome.js';
import { relaunchWithPerfFlags } from './perfmap-restart.js';
import { anyProfiler } from './profile-options.js';
import type { RunOptions } from './run-options.js';

/**
 * `weft run`: compile, link (WASI preview1 and the manifest's capabilities), instantiate, then
 * call `_start` (or the `""` export), or `--invoke NAME` and print its results one per line.
 */
export async function executeRun(o: RunOptions, io: CliIo, rawArgs: readonly string[] = []): Promise<number> {
  if (o.profile.perfmap) {
    const support = perfMapSupport(runBackend(o));
    if (!support.ok && support.reason === 'backend') {
      io.stderr(`weft: error: ${support.message}\n`);
      return ExitCode.Usage;
    }
    // V8 writes the map only when node starts with its perf flags: run again under them.
    if (!support.ok) return relaunchWithPerfFlags(rawArgs);
  }
  let timer: EpochTimer | null = null;
  let timeoutMs: number | null = o.timeoutMs;
  let engine: Engine | null = null;
  let recording: { recorder: TraceRecorder; detach(): void; store: Store } | null = null;
  const finishTrace = (exitCode: number | null, trap: string | null): void => {
    if (recording === null) return;
    const { recorder, store } = recording;
    recording.detach();
    recording = null;
    recorder.finish({ exitCode, trap, fuelConsumed: o.fuel !== null ? o.fuel - store.getFuel() : null });
  };
  try {
    const created = await createRunEngine(o);
    if (anyProfiler(o.profile)) engine = created.engine;
    const { manifest } = created;
    const eng = created.engine;
    timeoutMs = effectiveTimeoutMs(o, manifest);
    const store = new Store(eng, {
      limits: o.maxMemorySize !== null ? { maxMemoryBytes: o.maxMemorySize } : undefined,
    });
    if (o.fuel !== null) store.setFuel(o.fuel);
    const module = Module.fromBytes(eng, readModuleBytes(o.file, eng.parser), { name: basename(o.file) });
    const choice = module.backendChoice();
    if (o.verbose) io.stderr(`weft: backend ${choice.backend} (${eng.config.backend === 'auto' ? 'auto: ' : ''}${choice.reason})\n`);

    const linker = new Linker(eng);
    const wasi = eng.wasiProviders.get('preview1');
    if (o.trace !== null) {
      // As profiler/trace/record-run.ts does, around our own run loop: every host/WASI result
      // that crosses the sandbox goes through the recorder.
      const recorder = new TraceRecorder(o.trace);
      const attached = recorder.attach(eng.bus);
      recording = { recorder, detach: () => attached.detach(), store };
      const cfg = wasi && manifest.manifest.wasi ? wasiConfig(o, manifest) : null;
      recorder.begin({
        module: { name: module.name, hash: module.hash }, backend: choice.backend, fuel: o.fuel,
        args: cfg?.args ?? [o.file], env: cfg?.env ?? {}, ...(cfg ? { wasi: cfg } : {}),
      });
      if (wasi && cfg) wasi.addToLinker(recorder.wrapImports(linker), cfg);
    } else if (wasi && manifest.manifest.wasi) {
      wasi.addToLinker(linker, wasiConfig(o, manifest));
    }

    // The clock starts before instantiation: a start function that spins is interrupted too.
    if (timeoutMs !== null) {
      store.setEpochDeadline(1);
      timer = startEpochTimer(eng.epoch, timeoutMs);
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
    finishTrace(0, null);
    return ExitCode.Ok;
  } catch (e) {
    finishTrace(guestExitCode(e), isTrap(e) ? e.trapCode : null);
    const code = reportGuestError(e, o.file, io, { timeoutMs, fuel: o.fuel });
    if (code === null) throw e;
    return code;
  } finally {
    timer?.cancel();
    finishTrace(null, null);
    // Profilers write their output (guest profile file, OTLP flush) when the engine is disposed.
    if (engine !== null) await engine.dispose();
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
