import type { FaultContext, TrapHandler } from '../../kernel/contracts/trap-handler.js';
import { Trap, type BacktraceFrame } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { WeftError } from '../../kernel/errors/weft-error.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import { trapCodeForHostMessage } from './host-fault-table.js';


/**
 * The built-in `TrapHandler`. Everything thrown out of wasm becomes either:
 * - the same `Trap` (names filled in from the module's name section),
 * - a `Trap` for a host engine fault (`WebAssembly.RuntimeError`, stack exhaustion),
 * - a pass-through: uncaught `WasmException`s and weft's own errors other than traps (WASI exit
 *   signals `exit`/`wasi_exit`, `LinkError`s and resource limits raised while instantiating),
 * - `Trap(HostError)` with the original error as `cause` for anything else a host function threw.
 */
export class TrapTranslator implements TrapHandler {
  translate(error: unknown, context: FaultContext): unknown {
    if (error instanceof WasmException) return error;
    if (error instanceof WeftError && !(error instanceof Trap)) return error;
    return this.toTrap(error, context);
  }

  isFault(error: unknown): boolean {
    if (error instanceof Trap) return true;
    if (error instanceof RangeError && /maximum call stack size exceeded/i.test(error.message)) return true;
    return isHostRuntimeError(error) && trapCodeForHostMessage((error as Error).message) !== null;
  }

  toTrap(error: unknown, context: FaultContext): Trap {
    if (error instanceof Trap) {
      if (error.backtrace.length === 0 && context.backtrace) error.backtrace = this.resolveNames(context.backtrace, context);
      else error.backtrace = this.resolveNames(error.backtrace, context);
      return error;
    }
    const frames = context.backtrace ? this.resolveNames(context.backtrace, context) : [];
    if (error instanceof RangeError && /maximum call stack size exceeded/i.test(error.message)) {
      return new Trap(TrapCode.StackOverflow, undefined, { cause: error, backtrace: frames });
    }
    if (isHostRuntimeError(error)) {
      const code = trapCodeForHostMessage((error as Error).message);
      if (code !== null) return new Trap(code, undefined, { cause: error, backtrace: frames });
    }
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new Trap(TrapCode.HostError, `host function failed: ${what}`, { cause: error, backtrace: frames });
  }

  /** Fills in function and module names the backend did not know, from the name section. */
  private resolveNames(frames: readonly BacktraceFrame[], context: FaultContext): BacktraceFrame[] {
    const names = context.module?.names;
    return frames.map((f) => (f.funcName !== null && f.module !== null ? f : {
      module: f.module ?? context.moduleName ?? names?.module ?? null,
      funcIndex: f.funcIndex,
      funcName: f.funcName ?? names?.funcs.get(f.funcIndex) ?? null,
      offset: f.offset,
    }));
  }
}

/** A `WebAssembly.RuntimeError` from the host engine (checked by name too: other realms, workers). */
function isHostRuntimeError(e: unknown): boolean {
  const RE = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly?.RuntimeError;
  return (RE !== undefined && e instanceof RE) || (e instanceof Error && e.name === 'RuntimeError');
}
