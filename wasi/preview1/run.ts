import type { WasiPreview1 } from './wasi-preview1.js';
import { WasiExit } from './wasi-exit.js';

/** An instance's exports as a record (host engine) or through a getter (weft Instance). */
export type ExportsLike = Record<string, unknown> | { getFunc(name: string): unknown } | { getExport(name: string): unknown } | { exports: Record<string, unknown> };

function lookup(x: ExportsLike, name: string): unknown {
  // weft Instance: getFunc gives a Func with `call`.
  if (typeof (x as { getFunc?: unknown }).getFunc === 'function') return (x as { getFunc(n: string): unknown }).getFunc(name);
  if (typeof (x as { getExport?: unknown }).getExport === 'function') return (x as { getExport(n: string): unknown }).getExport(name);
  const rec = (x as { exports?: unknown }).exports;
  if (rec !== undefined && typeof rec === 'object' && rec !== null) return (rec as Record<string, unknown>)[name];
  return (x as Record<string, unknown>)[name];
}

function callable(f: unknown, name: string): () => unknown {
  if (typeof f === 'function') return f as () => unknown;
  const invoke = (f as { call?: unknown; invoke?: unknown } | undefined);
  if (invoke && typeof invoke.call === 'function') return () => (invoke.call as (...a: unknown[]) => unknown).call(invoke);
  if (invoke && typeof invoke.invoke === 'function') return () => (invoke.invoke as () => unknown)();
  throw new Error(`export ${name} is not a function`);
}

/**
 * Runs a WASI command: calls `_start`, catching WasiExit; returns the exit code (0 when
 * `_start` returns normally, as `wasmtime run` does). Traps and other errors propagate.
 */
export function runCommand(wasi: WasiPreview1, instance: ExportsLike): number {
  const start = callable(lookup(instance, '_start'), '_start');
  try {
    start();
    return 0;
  } catch (e) {
    if (e instanceof WasiExit) return e.exitCode;
    throw e;
  } finally {
    void wasi;
  }
}

/** Initialises a WASI reactor: calls `_initialize` if exported (once, before other exports). */
export function initializeReactor(wasi: WasiPreview1, instance: ExportsLike): void {
  void wasi;
  const init = lookup(instance, '_initialize');
  if (init === undefined) return;
  if (lookup(instance, '_start') !== undefined) throw new Error('module exports both _start and _initialize');
  callable(init, '_initialize')();
}
