/**
 * An `ImportSink` in front of the Linker that records every host-function call: each function
 * defined through it is wrapped so its parameters, results, the guest memory it wrote and how
 * it ended go to the trace. WASI functions record exactly the regions they may write
 * (`wasi-write-regions.ts`); any other host function is bracketed by a whole-memory diff.
 * Externs defined with `define` (other instances' exports) pass through: calls into wasm are
 * deterministic and need no recording.
 */
import type { ImportSink } from '../../kernel/contracts/host-capability.js';
import { isExitSignal } from '../../kernel/errors/exit-signal.js';
import type { FuncType } from '../../kernel/ir/types.js';
import type { ExternValue } from '../../kernel/runtime/extern.js';
import type { Caller, HostFunction } from '../../kernel/runtime/func-instance.js';
import { parseFuncType } from '../../kernel/api/type-text.js';
import { MemoryDiff, type MemoryView } from './memory-diff.js';
import { stdioWrite } from './stdio-tap.js';
import { encodeValue, resultsOf, type EncodedValue } from './trace-format.js';
import type { TraceWriter } from './trace-writer.js';
import { WASI_MODULES, wasiRegionsFor, type RegionFn, type Regions } from './wasi-write-regions.js';

/** Receives what the guest wrote to stdout/stderr during recording (for the end record's hashes). */
export type StdioObserver = (fd: 1 | 2, bytes: Buffer) => void;

function memoryOf(caller: Caller): MemoryView | null {
  const m = caller.getExport('memory') as MemoryView | undefined;
  return m !== undefined && m !== null && m.buffer instanceof ArrayBuffer ? m : null;
}

function encodeRegions(mem: MemoryView | null, regions: Regions): [number, string][] {
  if (mem === null) return [];
  const out: [number, string][] = [];
  const limit = mem.byteLength;
  for (let i = 0; i < regions.length; i += 2) {
    const ptr = regions[i];
    const len = Math.min(regions[i + 1], limit - ptr);
    if (ptr >= limit || len <= 0) continue;
    out.push([ptr, Buffer.from(mem.buffer, ptr, len).toString('base64')]);
  }
  return out;
}

/** `args_get` / `environ_get`: the sizes call whose answer says what they write. */
const SIZED_BY: Readonly<Record<string, string>> = { args_get: 'args_sizes_get', environ_get: 'environ_sizes_get' };

export class RecordingImportSink implements ImportSink {
  private readonly inner: ImportSink;
  private readonly writer: TraceWriter;
  private readonly onStdio: StdioObserver;
  private readonly diff = new MemoryDiff();
  /** Scratch list of regions, reused by every call. */
  private readonly regions: Regions = [];
  /**
   * [count, bytes] from the last successful `args_sizes_get` / `environ_sizes_get`: what
   * `args_get` / `environ_get` then write (a pointer array and a buffer), so they are recorded
   * by region instead of by a whole-memory diff (which costs a copy of the whole memory).
   */
  private readonly sizes = new Map<string, readonly [number, number]>();

  constructor(inner: ImportSink, writer: TraceWriter, onStdio: StdioObserver) {
    this.inner = inner;
    this.writer = writer;
    this.onStdio = onStdio;
  }

  defineFunc(module: string, name: string, type: FuncType | string, fn: HostFunction): void {
    const t = typeof type === 'string' ? parseFuncType(type) : type;
    (this.inner.defineFunc as (m: string, n: string, t: FuncType | string, f: HostFunction) => void)(module, name, type, this.wrap(module, name, t, fn));
  }

  define(module: string, name: string, value: ExternValue): void {
    this.inner.define(module, name, value);
  }

  private wrap(module: string, name: string, type: FuncType, fn: HostFunction): HostFunction {
    const fixedRegions = wasiRegionsFor(module, name);
    const sizedBy = WASI_MODULES.has(module) ? SIZED_BY[name] : undefined;
    const resultCount = type.results.length;
    return (caller: Caller, ...params: unknown[]): unknown => {
      const mem = memoryOf(caller);
      const regionFn = fixedRegions ?? (sizedBy === undefined ? null : this.sizedRegions(sizedBy));
      if (regionFn === null && mem !== null) this.diff.snapshot(mem);
      let r: unknown;
      try {
        r = fn(caller, ...params);
      } catch (e) {
        this.record(module, name, params, null, e, mem, regionFn);
        throw e;
      }
      if (r instanceof Promise) {
        return r.then(
          (v) => { this.record(module, name, params, resultsOf(v, resultCount), undefined, memoryOf(caller), regionFn); return v; },
          (e) => { this.record(module, name, params, null, e, memoryOf(caller), regionFn); throw e; });
      }
      this.record(module, name, params, resultsOf(r, resultCount), undefined, mem, regionFn);
      return r;
    };
  }

  /** Regions of an `args_get` / `environ_get` call (pointer array at p0, buffer at p1), once sized. */
  private sizedRegions(sizesCall: string): RegionFn | null {
    const known = this.sizes.get(sizesCall);
    if (known === undefined) return null;
    const [count, bytes] = known;
    return (_dv, p, out) => { out.push(Number(p[0]) >>> 0, count * 4, Number(p[1]) >>> 0, bytes); };
  }

  private record(
    module: string, name: string, params: unknown[], results: unknown[] | null, thrown: unknown,
    mem: MemoryView | null, regionFn: ReturnType<typeof wasiRegionsFor>,
  ): void {
    const regions = this.regions;
    regions.length = 0;
    if (mem !== null) {
      // The memory may have been replaced by a grow inside the call: re-read it.
      if (regionFn !== null) regionFn(new DataView(mem.buffer, 0, mem.byteLength), params, regions);
      else this.diff.changes(mem, regions);
    }
    const rec: Record<string, unknown> = {
      kind: 'call', module, name,
      params: params.map(encodeValue),
      results: results === null ? null : results.map(encodeValue) as EncodedValue[],
      writes: encodeRegions(mem, regions),
    };
    if (thrown !== undefined) {
      if (isExitSignal(thrown)) rec.exit = thrown.exitCode;
      else rec.error = { name: thrown instanceof Error ? thrown.name : 'Error', message: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    this.writer.write(rec);
    if (results !== null && results[0] === 0 && mem !== null && (name === 'args_sizes_get' || name === 'environ_sizes_get') && WASI_MODULES.has(module)) {
      const dv = new DataView(mem.buffer, 0, mem.byteLength);
      const at = (v: unknown): number => Number(v) >>> 0;
      if (at(params[0]) + 4 <= dv.byteLength && at(params[1]) + 4 <= dv.byteLength) {
        this.sizes.set(name, [dv.getUint32(at(params[0]), true), dv.getUint32(at(params[1]), true)]);
      }
    }
    if (results !== null && results[0] === 0) {
      const w = stdioWrite(module, name, params, mem);
      if (w !== null) this.onStdio(w.fd, w.bytes);
    }
  }
}
