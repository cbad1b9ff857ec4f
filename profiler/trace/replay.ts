/**
 * `weft replay TRACE app.wasm`: re-runs a recorded WASI command on any backend, feeding it the
 * recorded host results, and reports whether stdout, stderr, exit code, trap and fuel match
 * the recording (the trace's `end` record). The CLI prints `stdout`/`stderr` and exits with
 * `exitCode`; a divergence is thrown as a `ReplayError` naming the trace event index.
 */
import { createHash } from 'node:crypto';
import { Engine, type EngineConfig } from '../../kernel/api/engine.js';
import { Linker } from '../../kernel/api/linker.js';
import { Module } from '../../kernel/api/module.js';
import { Store } from '../../kernel/api/store.js';
import { isExitSignal } from '../../kernel/errors/exit-signal.js';
import { isTrap } from '../../kernel/errors/trap.js';
import type { FuncType } from '../../kernel/ir/types.js';
import { ReplayError } from './replay-error.js';
import type { TraceOutcome } from './trace-format.js';
import { readTrace, type ParsedTrace } from './trace-reader.js';
import { TraceReplayer, type FuncImport } from './trace-replayer.js';
import type { TraceGrants } from './trace-grants.js';

export interface ReplayOptions {
  /** Backend to replay on (default: the engine default). Any backend replays any trace. */
  readonly backend?: string;
  /** More engine settings (plugins, manifest...); `backend` and `consumeFuel` are set from the trace. */
  readonly engineConfig?: EngineConfig;
  /** Export to call instead of `_start` (no arguments). */
  readonly invoke?: string;
}

export interface ReplayResult extends TraceOutcome {
  readonly stdoutBytes: Buffer;
  readonly stderrBytes: Buffer;
  /** What the recording ended with (null when the trace was cut short). */
  readonly expected: TraceOutcome | null;
  /** Human-readable differences from `expected` (empty: identical). */
  readonly mismatches: readonly string[];
  /** Recorded calls the replayed guest did not make. */
  readonly unusedCalls: number;
  /** The capabilities the recorded run was granted (every answer revealing one was checked against them), or null. */
  readonly grants: TraceGrants | null;
}

const digest = (b: Buffer): { sha256: string; bytes: number } => ({ sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length });

/** Replays `trace` (a path or a parsed trace) against the module at `wasmPath`. */
export async function replayTrace(trace: string | ParsedTrace, wasmPath: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const parsed = typeof trace === 'string' ? readTrace(trace) : trace;
  const h = parsed.header;
  const engine = new Engine({
    ...options.engineConfig,
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
    consumeFuel: h.fuel !== null,
  });
  try {
    const module = await Module.fromFile(engine, wasmPath);
    if (h.module.hash !== null && module.hash !== h.module.hash) {
      throw new ReplayError('replay_module_mismatch', `${wasmPath} (sha256 ${module.hash.slice(0, 12)}…) is not the module the trace recorded (sha256 ${h.module.hash.slice(0, 12)}…)`, 0);
    }
    const replayer = new TraceReplayer(parsed);
    const linker = new Linker(engine);
    const imports: FuncImport[] = module.imports()
      .filter((i) => i.type.kind === 'func')
      .map((i) => ({ module: i.module, name: i.name, type: i.type.type as FuncType }));
    replayer.defineImports(linker, imports);
    const store = new Store(engine);
    if (h.fuel !== null) store.setFuel(h.fuel);
    let exitCode: number | null = null;
    let trap: string | null = null;
    try {
      const instance = linker.instantiate(store, module);
      const name = options.invoke ?? '_start';
      const f = instance.getFunc(name);
      if (!f) throw new ReplayError('replay_bad_trace', `${wasmPath} exports no function "${name}"`);
      f.call();
      exitCode = options.invoke === undefined ? 0 : null;
    } catch (e) {
      if (replayer.divergence !== null) throw replayer.divergence;
      if (isExitSignal(e)) exitCode = e.exitCode;
      else if (isTrap(e)) trap = e.trapCode;
      else throw e;
    }
    if (replayer.divergence !== null) throw replayer.divergence;
    const fuelConsumed = h.fuel !== null ? h.fuel - store.getFuel() : null;
    const stdoutBytes = replayer.stdout();
    const stderrBytes = replayer.stderr();
    const got: TraceOutcome = { exitCode, trap, fuelConsumed, stdout: digest(stdoutBytes), stderr: digest(stderrBytes) };
    const expected = parsed.end;
    return {
      ...got, stdoutBytes, stderrBytes,
      expected: expected === null ? null : { exitCode: expected.exitCode, trap: expected.trap, fuelConsumed: expected.fuelConsumed, stdout: expected.stdout, stderr: expected.stderr },
      mismatches: expected === null ? ['the trace has no end record (the recording was cut short)'] : compareOutcomes(expected, got),
      unusedCalls: replayer.remaining,
      grants: parsed.grants?.grants ?? null,
    };
  } finally {
    await engine.dispose();
  }
}

function compareOutcomes(want: TraceOutcome, got: TraceOutcome): string[] {
  const out: string[] = [];
  if (want.exitCode !== got.exitCode) out.push(`exit code ${String(got.exitCode)}, recorded ${String(want.exitCode)}`);
  if (want.trap !== got.trap) out.push(`trap ${String(got.trap)}, recorded ${String(want.trap)}`);
  if (want.fuelConsumed !== null && want.fuelConsumed !== got.fuelConsumed) out.push(`fuel consumed ${String(got.fuelConsumed)}, recorded ${want.fuelConsumed}`);
  for (const s of ['stdout', 'stderr'] as const) {
    const w = want[s];
    const g = got[s];
    if (w !== null && g !== null && (w.sha256 !== g.sha256 || w.bytes !== g.bytes)) out.push(`${s} differs (${g.bytes} bytes, recorded ${w.bytes})`);
  }
  return out;
}
