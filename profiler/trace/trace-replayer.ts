/**
 * The replaying `ImportSink` side of `weft replay`: for every function the module imports it
 * defines a host function that, instead of touching the host, takes the next recorded call,
 * checks it is the same function with the same parameters, copies the recorded bytes into guest
 * memory, and returns the recorded results (or exits / throws as recorded). Writes to stdout
 * and stderr are re-emitted from the replayed guest's own memory. The first mismatch stops the
 * replay with a `ReplayError` naming the trace event index (`seq`).
 *
 * No WASI provider is involved: the trace holds every answer the host gave, so a trace recorded
 * on one backend replays on any other.
 */
import type { ImportSink } from '../../kernel/contracts/host-capability.js';
import { ExitSignal } from '../../kernel/errors/exit-signal.js';
import type { FuncType } from '../../kernel/ir/types.js';
import type { Caller, HostFunction } from '../../kernel/runtime/func-instance.js';
import type { MemoryView } from './memory-diff.js';
import { ReplayError } from './replay-error.js';
import { stdioWrite } from './stdio-tap.js';
import { decodeValue, encodeValue, type TraceCallRecord } from './trace-format.js';
import type { ParsedTrace } from './trace-reader.js';
import { GrantsCheck } from './trace-grants.js';

/** A function import as the module declares it. */
export interface FuncImport {
  readonly module: string;
  readonly name: string;
  readonly type: FuncType;
}

/** A host error replayed as thrown (the runtime turns it into the same kind of trap). */
export class ReplayedHostError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export class TraceReplayer {
  readonly trace: ParsedTrace;
  /** Index into `trace.calls` of the next call to serve. */
  private next = 0;
  private readonly out: [Buffer[], Buffer[]] = [[], []];
  /** The first divergence (kept: the runtime wraps what a host function throws into a trap). */
  divergence: ReplayError | null = null;
  /** Checks answers that reveal capabilities against the trace's grants (null: none recorded). */
  private readonly grants: GrantsCheck | null;

  constructor(trace: ParsedTrace) {
    this.trace = trace;
    this.grants = trace.grants === null ? null : new GrantsCheck(trace.grants.grants, trace.grants.seq);
  }

  /** Calls served so far. */
  get served(): number {
    return this.next;
  }

  /** Recorded calls the guest has not made (non-zero after a normal end means divergence). */
  get remaining(): number {
    return this.trace.calls.length - this.next;
  }

  stdout(): Buffer { return Buffer.concat(this.out[0]); }
  stderr(): Buffer { return Buffer.concat(this.out[1]); }

  /** Defines a replaying host function for each function import in `sink`. */
  defineImports(sink: ImportSink, imports: readonly FuncImport[]): void {
    for (const imp of imports) sink.defineFunc(imp.module, imp.name, imp.type, this.replaying(imp));
  }

  private fail(seq: number, message: string): never {
    const err = new ReplayError('replay_divergence', `replay diverged at trace event #${seq}: ${message}`, seq);
    this.divergence ??= err;
    throw err;
  }

  private take(module: string, name: string, params: readonly unknown[]): TraceCallRecord {
    const rec = this.trace.calls[this.next];
    if (rec === undefined) {
      const last = this.trace.records.length;
      this.fail(this.trace.end?.seq ?? last, `the guest called ${module}.${name} but the trace has no more calls`);
    }
    if (rec.module !== module || rec.name !== name) {
      this.fail(rec.seq, `the trace has ${rec.module}.${rec.name} here, but the guest called ${module}.${name}`);
    }
    const got = JSON.stringify(params.map(encodeValue));
    if (got !== JSON.stringify(rec.params)) {
      this.fail(rec.seq, `${module}.${name} called with ${got}, recorded with ${JSON.stringify(rec.params)}`);
    }
    if (this.grants !== null) {
      try {
        this.grants.check(rec);
      } catch (e) {
        if (e instanceof ReplayError) this.divergence ??= e;
        throw e;
      }
    }
    this.next++;
    return rec;
  }

  private replaying(imp: FuncImport): HostFunction {
    const { module, name } = imp;
    const resultCount = imp.type.results.length;
    return (caller: Caller, ...params: unknown[]): unknown => {
      if (this.divergence !== null) throw this.divergence;
      const rec = this.take(module, name, params);
      const mem = caller.getExport('memory') as MemoryView | undefined;
      if (rec.writes.length > 0) {
        if (mem === undefined) this.fail(rec.seq, `the recorded ${module}.${name} wrote guest memory, but the instance exports no memory`);
        const u8 = new Uint8Array(mem.buffer, 0, mem.byteLength);
        for (const [ptr, b64] of rec.writes) {
          const bytes = Buffer.from(b64, 'base64');
          if (ptr + bytes.length > u8.length) this.fail(rec.seq, `recorded write at ${ptr} (+${bytes.length}) is outside memory (${u8.length} bytes)`);
          u8.set(bytes, ptr);
        }
      }
      if (rec.results !== null && rec.results[0] === 0) {
        const w = stdioWrite(module, name, params, mem ?? null);
        if (w !== null) this.out[w.fd - 1].push(Buffer.from(w.bytes));
      }
      if (rec.exit !== undefined) throw new ExitSignal(rec.exit);
      if (rec.error !== undefined) throw new ReplayedHostError(rec.error.name, rec.error.message);
      if (rec.results === null) this.fail(rec.seq, `the recorded ${module}.${name} has no results`);
      if (resultCount === 0) return undefined;
      if (resultCount === 1) return decodeValue(rec.results[0]);
      return rec.results.map(decodeValue);
    };
  }
}
