import type { ModuleIR } from '../ir/module-ir.js';
import type { BacktraceFrame, Trap } from '../errors/trap.js';

export const TrapHandler = Symbol.for('weft.TrapHandler');

/** Where a fault happened, as far as the backend knows. */
export interface FaultContext {
  readonly module: ModuleIR | null;
  readonly moduleName: string | null;
  /** Frames the backend recorded itself (the interpreter knows its stack), innermost first. */
  readonly backtrace: readonly BacktraceFrame[] | null;
}

/**
 * Turns whatever was thrown while wasm ran into what the embedder sees: a `Trap` with code and
 * backtrace (host `RangeError`s such as stack exhaustion and the host engine's
 * `WebAssembly.RuntimeError`s included), or passes through values that are not faults (a WASI
 * exit, a WebAssembly exception, an embedder's own error from a host function as `cause`).
 */
export interface TrapHandler {
  translate(error: unknown, context: FaultContext): unknown;
  /** Whether `error` is a fault this handler turns into a Trap. */
  isFault(error: unknown): boolean;
  /** Creates a trap with the module's names resolved for the given frames. */
  toTrap(error: unknown, context: FaultContext): Trap;
}
