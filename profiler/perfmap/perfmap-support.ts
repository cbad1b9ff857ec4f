/**
 * Whether `--profile perfmap` can work for a backend, with the message the CLI prints when not.
 * A perf map names machine-code ranges: only backends whose wasm functions become machine code
 * of their own have any (native: V8 compiles each wasm function). The interpreter runs every
 * guest inside one JS loop, so perf can only ever see that loop: the guest sampler is the tool.
 */
import { v8PerfFlagsActive, V8_PERF_FLAGS } from './v8-wasm-symbols.js';

export type PerfMapSupport =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'backend' | 'restart'; readonly message: string };

export const PERFMAP_BACKENDS: ReadonlySet<string> = new Set(['native']);

export function perfMapSupport(backend: string, execArgv: readonly string[] = process.execArgv): PerfMapSupport {
  if (!PERFMAP_BACKENDS.has(backend)) {
    return {
      ok: false, reason: 'backend',
      message: `--profile perfmap: the ${backend} backend does not compile wasm functions to machine code, so perf cannot attribute samples to them; use --profile guest (sampling, every backend) or --backend native`,
    };
  }
  if (!v8PerfFlagsActive(execArgv)) {
    return {
      ok: false, reason: 'restart',
      message: `--profile perfmap: node must be started with ${V8_PERF_FLAGS.join(' ')} (V8 writes the map; the flags cannot be turned on after start-up)`,
    };
  }
  return { ok: true };
}
