/**
 * The trace recorder (`--trace FILE`): an EventSink that logs lifecycle events, plus the
 * `wrapImports` ImportSink that logs every host call (see `recording-import-sink.ts`), into one
 * NDJSON file (`trace-format.ts`). The embedder (the CLI) calls, in order:
 *
 *   const rec = new TraceRecorder(file);          // or engine.eventSinks.find(isTraceRecorder)
 *   rec.attach(engine.bus);                       // done by the engine when it is a plugin
 *   rec.begin({ module, backend, fuel, args, env });
 *   wasi.addToLinker(rec.wrapImports(linker), config);   // and any host functions
 *   ... run ...
 *   rec.finish({ exitCode, trap, fuelConsumed });
 */
import { createHash, type Hash } from 'node:crypto';
import type { Subscription } from 'rxjs';
import type { EventSink } from '../../kernel/contracts/event-sink.js';
import type { ImportSink } from '../../kernel/contracts/host-capability.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { RuntimeEvent } from '../../kernel/events/runtime-event.js';
import { RecordingImportSink } from './recording-import-sink.js';
import { TRACE_FORMAT, TRACE_VERSION, type TraceOutcome } from './trace-format.js';
import { TraceWriter } from './trace-writer.js';
import { grantsOf } from './trace-grants.js';
import type { WasiConfig } from '../../kernel/contracts/wasi-provider.js';

export interface TraceBegin {
  readonly module: { readonly name: string | null; readonly hash: string | null };
  readonly backend: string;
  /** Fuel the store started with, or null when fuel is off. */
  readonly fuel: number | null;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The WASI configuration: its capabilities are recorded as a `capabilities.granted` event. */
  readonly wasi?: WasiConfig;
}

/** Per-call event types are not logged: they would dwarf the trace (WASI calls are logged as call records). */
const SKIPPED: ReadonlySet<RuntimeEvent['type']> = new Set(['call.enter', 'call.exit', 'host.call', 'wasi.call']);

function eventJson(e: RuntimeEvent): Record<string, unknown> {
  if (e.type === 'trap') return { ...e, backtrace: e.backtrace.map((f) => ({ ...f })) };
  return { ...e };
}

export class TraceRecorder implements EventSink {
  readonly id = 'trace';
  readonly needsCallEvents = false;
  readonly writer: TraceWriter;
  private began = false;
  private finished = false;
  private readonly hashes: [Hash, Hash] = [createHash('sha256'), createHash('sha256')];
  private readonly lengths = [0, 0];
  private readonly onStdio = (fd: 1 | 2, bytes: Buffer): void => {
    this.hashes[fd - 1].update(bytes);
    this.lengths[fd - 1] += bytes.length;
  };

  constructor(path: string) {
    this.writer = new TraceWriter(path);
  }

  get path(): string {
    return this.writer.path;
  }

  attach(events: EventBus): { detach(): void } {
    const sub: Subscription = events.events$.subscribe((e) => {
      if (this.finished || SKIPPED.has(e.type)) return;
      if (!this.began) this.begin({ module: { name: null, hash: null }, backend: 'unknown', fuel: null });
      this.writer.write({ kind: 'event', event: eventJson(e) });
    });
    return { detach: () => { sub.unsubscribe(); this.writer.flush(); } };
  }

  /** Writes the header (must precede everything else; implicit with unknowns otherwise). */
  begin(info: TraceBegin): void {
    if (this.began) return;
    this.began = true;
    this.writer.write({
      kind: 'header', format: TRACE_FORMAT, version: TRACE_VERSION, module: info.module, backend: info.backend,
      fuel: info.fuel, args: info.args ?? [], env: info.env ?? {}, startedAt: new Date().toISOString(),
    });
    if (info.wasi !== undefined) this.writer.write({ kind: 'event', event: { ...grantsOf(info.wasi) } });
  }

  /** An ImportSink that records every host function defined through it, in front of `sink`. */
  wrapImports(sink: ImportSink): RecordingImportSink {
    return new RecordingImportSink(sink, this.writer, this.onStdio);
  }

  /** Writes the end record (with stdout/stderr digests) and closes the file. Idempotent. */
  finish(outcome: Partial<Pick<TraceOutcome, 'exitCode' | 'trap' | 'fuelConsumed'>>): TraceOutcome {
    const result: TraceOutcome = {
      exitCode: outcome.exitCode ?? null,
      trap: outcome.trap ?? null,
      fuelConsumed: outcome.fuelConsumed ?? null,
      stdout: { sha256: this.hashes[0].copy().digest('hex'), bytes: this.lengths[0] },
      stderr: { sha256: this.hashes[1].copy().digest('hex'), bytes: this.lengths[1] },
    };
    if (this.finished) return result;
    if (!this.began) this.begin({ module: { name: null, hash: null }, backend: 'unknown', fuel: null });
    this.finished = true;
    this.writer.write({ kind: 'end', ...result });
    this.writer.close();
    return result;
  }
}

export function isTraceRecorder(s: EventSink): s is TraceRecorder {
  return s instanceof TraceRecorder;
}
