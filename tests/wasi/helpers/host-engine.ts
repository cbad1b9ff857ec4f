/**
 * Test-only adapter: runs a WASI program on the host engine (`WebAssembly.instantiate`) with
 * weft's WASI host functions, until weft's Linker and interpreter can run it. A recording
 * ImportSink receives `wasi.addToLinker`, and each host function gets a Caller whose
 * `getExport('memory')` is a MemoryInstance-shaped view of the instance's memory.
 */
import { readFileSync } from 'node:fs';
import type { ImportSink } from '../../../kernel/contracts/host-capability.js';
import type { FuncType } from '../../../kernel/ir/types.js';
import type { Caller, HostFunction } from '../../../kernel/runtime/func-instance.js';
import { Engine, Instance, Linker, Module, Store } from '../../../index.js';
import { runCommand, WasiPreview1, type WasiPreview1Options } from '../../../wasi/preview1/index.js';

export const FIXTURES = new URL('../../../../tests/fixtures/wasi/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return readFileSync(new URL(name, FIXTURES));
}

/** Calls per import (`module.name`), shared by every run in this process. */
export const callCounts = new Map<string, number>();

class RecordingSink implements ImportSink {
  readonly funcs: { module: string; name: string; type: FuncType; fn: HostFunction }[] = [];
  defineFunc(module: string, name: string, type: FuncType, fn: HostFunction): void {
    this.funcs.push({ module, name, type, fn });
  }
  define(): void {
    throw new Error('not used by WASI');
  }
}

/** A MemoryInstance-compatible view: identity of the buffer tells when the memory grew. */
class HostMemoryView {
  memory: WebAssembly.Memory | null = null;
  generation = 0;
  get buffer(): ArrayBuffer { return this.memory!.buffer; }
  get byteLength(): number { return this.memory!.buffer.byteLength; }
}

function adapt(fn: HostFunction, caller: Caller, arity: number, key: string, count: boolean): (...a: any[]) => unknown {
  if (count) {
    return (...a: any[]) => {
      callCounts.set(key, (callCounts.get(key) ?? 0) + 1);
      return fn(caller, ...a);
    };
  }
  // Fixed-arity wrappers: no rest-array per call, so benchmarks measure WASI, not the adapter.
  switch (arity) {
    case 0: return () => fn(caller);
    case 1: return (a) => fn(caller, a);
    case 2: return (a, b) => fn(caller, a, b);
    case 3: return (a, b, c) => fn(caller, a, b, c);
    case 4: return (a, b, c, d) => fn(caller, a, b, c, d);
    case 5: return (a, b, c, d, e) => fn(caller, a, b, c, d, e);
    case 6: return (a, b, c, d, e, f) => fn(caller, a, b, c, d, e, f);
    default: return (...a: any[]) => fn(caller, ...a);
  }
}

export async function instantiateOnHost(bytes: Uint8Array, wasi: WasiPreview1, count = true): Promise<WebAssembly.Instance> {
  const sink = new RecordingSink();
  wasi.addToLinker(sink);
  const view = new HostMemoryView();
  const caller: Caller = {
    getExport: (name: string) => (name === 'memory' ? view : undefined),
    data: null,
  };
  const imports: Record<string, Record<string, (...a: any[]) => unknown>> = {};
  for (const f of sink.funcs) {
    (imports[f.module] ??= {})[f.name] = adapt(f.fn, caller, f.type.params.length, `${f.module}.${f.name}`, count);
  }
  const { instance } = await WebAssembly.instantiate(bytes, imports as WebAssembly.Imports);
  view.memory = instance.exports.memory as WebAssembly.Memory;
  return instance;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  wasi: WasiPreview1;
}

/** Which engine runs the guest: the host's WebAssembly, or weft's Linker + default backend. */
export type EngineKind = 'host' | 'weft';
export const ENGINES: readonly EngineKind[] = ['host', 'weft'];

let weftEngine: Engine | null = null;

/** Instantiates through weft's embedding API: `wasi.addToLinker(linker)` is the only wiring. */
export function instantiateOnWeft(bytes: Uint8Array, wasi: WasiPreview1): Instance {
  weftEngine ??= new Engine();
  const linker = new Linker(weftEngine);
  wasi.addToLinker(linker);
  return linker.instantiate(new Store(weftEngine), Module.fromBytes(weftEngine, bytes));
}

/** Runs a command with stdout/stderr captured (unless given) and returns its exit code and output. */
export async function runProgram(name: string, options: WasiPreview1Options, count = true, engine: EngineKind = 'host'): Promise<RunResult> {
  const wasi = new WasiPreview1({ stdout: 'capture', stderr: 'capture', ...options });
  try {
    const code = engine === 'weft'
      ? runCommand(wasi, instantiateOnWeft(fixture(name), wasi))
      : runCommand(wasi, (await instantiateOnHost(fixture(name), wasi, count)).exports);
    const cap = (f: () => string): string => { try { return f(); } catch { return ''; } };
    return { code, stdout: cap(() => wasi.stdoutText()), stderr: cap(() => wasi.stderrText()), wasi };
  } finally {
    wasi.close();
  }
}

/** Parses `SUMMARY prog pass=N fail=M`. */
export function summaryOf(stdout: string): { pass: number; fail: number } | null {
  const m = /SUMMARY \S+ pass=(\d+) fail=(\d+)/.exec(stdout);
  return m ? { pass: Number(m[1]), fail: Number(m[2]) } : null;
}

/** runProgram on the host engine (kept for brevity in tests). */
export function runOnHost(name: string, options: WasiPreview1Options, count = true): Promise<RunResult> {
  return runProgram(name, options, count, 'host');
}
