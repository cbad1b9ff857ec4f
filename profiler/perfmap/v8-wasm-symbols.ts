/**
 * What V8 11.3 (Node 20) reports for wasm code when the process runs with `--perf-basic-prof`:
 * a `START SIZE JS:<name>-<funcIndex>-<tier>` line per compiled function and tier (`liftoff`,
 * then `turbofan` when tiered up), `<name>` being the name-section name (V8 reads it from the
 * module the native backend hands it). `--no-wasm-lazy-compilation` makes V8 compile, and so
 * report, every function at instantiation instead of at first call.
 *
 * Research notes (documented for the CLI): the flags are process-level and must be on the
 * `node` command line (`v8.setFlagsFromString` after start-up does not reach the already
 * created code-event logger), so `weft run --profile perfmap` re-executes node with
 * `V8_PERF_FLAGS`. `--perf-prof` (jitdump, for `perf inject`) also covers wasm but needs
 * `perf inject --jit`; the basic map is what `perf report` reads directly.
 */
import type { PerfMapEntry } from './perf-map-format.js';

export const V8_PERF_FLAGS: readonly string[] = ['--perf-basic-prof', '--no-wasm-lazy-compilation'];

export interface WasmCodeEntry extends PerfMapEntry {
  /** V8's function index: in the module as the backend handed it (under limits, shifted by its `weft:rt` imports). */
  readonly funcIndex: number;
  /** Name as V8 printed it (the name section's, or V8's own placeholder). */
  readonly wasmName: string;
  readonly tier: string;
}

const WASM = /^JS:(.*)-(\d+)-(liftoff|turbofan|debug)$/;

/** The wasm functions among a perf map's entries. */
export function wasmEntries(entries: readonly PerfMapEntry[]): WasmCodeEntry[] {
  const out: WasmCodeEntry[] = [];
  for (const e of entries) {
    const m = WASM.exec(e.name);
    if (m) out.push({ ...e, wasmName: m[1], funcIndex: Number(m[2]), tier: m[3] });
  }
  return out;
}

/** Whether this process was started with the flags that make V8 write the map. */
export function v8PerfFlagsActive(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((a) => a === '--perf-basic-prof' || a === '--perf-prof' || a === '--perf-basic-prof-only-functions');
}
