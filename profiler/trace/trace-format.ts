/**
 * The trace file: NDJSON, one record a line, every record with a sequence number `seq` (its
 * line index, starting at 0 with the header). Replay errors name this index.
 *
 *   {"seq":0,"kind":"header","format":"weft-trace","version":1,"module":{...},"backend":...}
 *   {"seq":1,"kind":"event","event":{"type":"instance.created",...}}           lifecycle, informative
 *   {"seq":2,"kind":"call","module":"wasi_snapshot_preview1","name":"clock_time_get",
 *    "params":[1,1000,{"i64":"1000"}],"results":[0],"writes":[[65520,"base64..."]]}
 *   {"seq":9,"kind":"end","exitCode":0,"trap":null,"fuelConsumed":1234,"stdout":{...}}
 *
 * A `call` record is one host-function call that crossed the sandbox: its parameters (to detect
 * divergence), its results, the guest-memory bytes it left behind (`writes`, after the call:
 * out-pointers, read buffers, random bytes, directory entries...) and how it ended (`exit` for a
 * WASI `proc_exit`, `error` for a host error). Everything non-deterministic a guest can observe
 * arrives through these, so feeding them back reproduces the run.
 */

export const TRACE_FORMAT = 'weft-trace';
export const TRACE_VERSION = 1;

/** A wasm value as JSON: numbers as-is; i64 `{"i64":"-1"}`; non-finite floats and -0 `{"f":"NaN"}`; null refs null. */
export type EncodedValue = number | null | { readonly i64: string } | { readonly f: 'NaN' | 'Infinity' | '-Infinity' | '-0' } | { readonly ref: 'opaque' };

export interface TraceHeader {
  readonly seq: 0;
  readonly kind: 'header';
  readonly format: typeof TRACE_FORMAT;
  readonly version: number;
  readonly module: { readonly name: string | null; readonly hash: string | null };
  readonly backend: string;
  readonly fuel: number | null;
  /** Informative: what the guest was given (the guest reads them through recorded calls). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly startedAt: string;
}

export interface TraceEventRecord {
  readonly seq: number;
  readonly kind: 'event';
  readonly event: Record<string, unknown>;
}

export interface TraceCallRecord {
  readonly seq: number;
  readonly kind: 'call';
  readonly module: string;
  readonly name: string;
  readonly params: readonly EncodedValue[];
  /** Results, or null when the call threw. */
  readonly results: readonly EncodedValue[] | null;
  /** [guest address, base64 bytes] regions as they were after the call. */
  readonly writes: readonly (readonly [number, string])[];
  /** The guest exited through this call (WASI proc_exit) with this code. */
  readonly exit?: number;
  /** The host function threw this (translated to a trap by the runtime). */
  readonly error?: { readonly name: string; readonly message: string };
}

/** How the recorded run ended, for replay to compare against. */
export interface TraceOutcome {
  readonly exitCode: number | null;
  /** Trap code, or null. */
  readonly trap: string | null;
  /** Fuel consumed by the run, or null when fuel was off. */
  readonly fuelConsumed: number | null;
  /** sha256 (hex) and length of what the guest wrote to stdout / stderr. */
  readonly stdout: { readonly sha256: string; readonly bytes: number } | null;
  readonly stderr: { readonly sha256: string; readonly bytes: number } | null;
}

export interface TraceEndRecord extends TraceOutcome {
  readonly seq: number;
  readonly kind: 'end';
}

export type TraceRecord = TraceHeader | TraceEventRecord | TraceCallRecord | TraceEndRecord;

export function encodeValue(v: unknown): EncodedValue {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? { f: '-0' } : v;
    return { f: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (typeof v === 'bigint') return { i64: v.toString() };
  if (v === null || v === undefined) return null;
  return { ref: 'opaque' };
}

export function decodeValue(e: EncodedValue): unknown {
  if (e === null || typeof e === 'number') return e;
  if ('i64' in e) return BigInt(e.i64);
  if ('f' in e) return Number(e.f);
  throw new Error('a recorded reference value cannot be replayed');
}

/** Results of a host function's return value, as an array (none, one, or several). */
export function resultsOf(r: unknown, count: number): unknown[] {
  if (count === 0) return [];
  if (count === 1) return [r];
  return Array.isArray(r) ? r : [r];
}
