import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Errno } from './errno.js';
import { sleepMs } from './stdio.js';
import type { WasiContext } from './wasi-context.js';
import { WasiExit } from './wasi-exit.js';

/** proc_exit (throws WasiExit), proc_raise (ENOSYS, as Wasmtime), sched_yield. */
export function procImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    proc_exit(_caller, code: number): never {
      ctx.exitCode = code >>> 0;
      throw new WasiExit(code >>> 0);
    },
    proc_raise(_caller, _sig: number): number {
      return Errno.NOSYS;
    },
    sched_yield(_caller): number {
      // A synchronous guest has nobody on this thread to yield to; give the OS a chance instead.
      sleepMs(0);
      return 0;
    },
  };
}
