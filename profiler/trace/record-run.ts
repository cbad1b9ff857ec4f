/**
 * Runs a WASI command while recording a trace: the reference sequence for `weft run --trace`
 * (the CLI may call this, or repeat its steps around its own run loop). The engine must have a
 * `preview1` WASI provider; stdout/stderr are captured and returned besides going to the trace
 * digests.
 */
import { Writable } from 'node:stream';
import type { Engine } from '../../kernel/api/engine.js';
import { Linker } from '../../kernel/api/linker.js';
import type { Module } from '../../kernel/api/module.js';
import { Store } from '../../kernel/api/store.js';
import type { WasiConfig } from '../../kernel/contracts/wasi-provider.js';
import { isExitSignal } from '../../kernel/errors/exit-signal.js';
import { isTrap } from '../../kernel/errors/trap.js';
import type { TraceOutcome } from './trace-format.js';
import { TraceRecorder } from './trace-recorder.js';

export interface RecordRunOptions {
  readonly engine: Engine;
  readonly module: Module;
  /** Where the trace goes. */
  readonly trace: string;
  /** WASI config; stdout/stderr are replaced by capturing streams. */
  readonly wasi: Omit<WasiConfig, 'stdout' | 'stderr'>;
  /** Starting fuel (the engine must consume fuel), or undefined. */
  readonly fuel?: number;
}

export interface RecordRunResult extends TraceOutcome {
  readonly stdoutBytes: Buffer;
  readonly stderrBytes: Buffer;
}

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
}

export async function recordWasiRun(o: RecordRunOptions): Promise<RecordRunResult> {
  const { engine, module } = o;
  const provider = engine.wasiProviders.get('preview1');
  if (!provider) throw new Error('recordWasiRun: the engine has no preview1 WASI provider (load the wasi-preview1 plugin)');
  const recorder = new TraceRecorder(o.trace);
  const attached = recorder.attach(engine.bus);
  const fuel = o.fuel ?? null;
  recorder.begin({ module: { name: module.name, hash: module.hash }, backend: engine.backend.id, fuel, args: o.wasi.args, env: o.wasi.env, wasi: o.wasi });
  const out = new Collector();
  const err = new Collector();
  const linker = new Linker(engine);
  provider.addToLinker(recorder.wrapImports(linker), { ...o.wasi, stdout: out, stderr: err });
  const store = new Store(engine);
  if (fuel !== null) store.setFuel(fuel);
  let exitCode: number | null = null;
  let trap: string | null = null;
  try {
    const instance = linker.instantiate(store, module);
    instance.getFunc('_start')!.call();
    exitCode = 0;
  } catch (e) {
    if (isExitSignal(e)) exitCode = e.exitCode;
    else if (isTrap(e)) trap = e.trapCode;
    else throw e;
  } finally {
    attached.detach();
  }
  await new Promise((r) => setImmediate(r)); // let the capture streams drain
  const outcome = recorder.finish({ exitCode, trap, fuelConsumed: fuel !== null ? fuel - store.getFuel() : null });
  store.dispose();
  return { ...outcome, stdoutBytes: Buffer.concat(out.chunks), stderrBytes: Buffer.concat(err.chunks) };
}
