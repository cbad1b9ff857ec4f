import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Clockid } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import type { WasiContext } from './wasi-context.js';

const hrOrigin = process.hrtime.bigint();

/** Default realtime clock: wall time with sub-millisecond precision, in ns. */
export function defaultRealtime(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() - hrOrigin) % 1_000_000n;
}

/** Default monotonic clock, in ns. */
export function defaultMonotonic(): bigint {
  return process.hrtime.bigint();
}

/** CPU time of the process (user + system), in ns; the guest runs on this thread only, so thread time is the same. */
function cpuTimeNs(): bigint {
  const u = process.cpuUsage();
  return BigInt(u.user + u.system) * 1000n;
}

/** Reads clock `id` (ns); EINVAL for unknown ids. */
export function readClock(ctx: WasiContext, id: number): bigint {
  switch (id) {
    case Clockid.REALTIME: return ctx.realtime();
    case Clockid.MONOTONIC: return ctx.monotonic();
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID: return cpuTimeNs();
    default: throw new WasiErrno(Errno.INVAL);
  }
}

/** Resolution in ns: 1 µs for realtime (Date + hrtime), 1 ns monotonic, 1 µs CPU (cpuUsage). */
function resolution(id: number): bigint {
  switch (id) {
    case Clockid.REALTIME: return 1000n;
    case Clockid.MONOTONIC: return 1n;
    case Clockid.PROCESS_CPUTIME_ID:
    case Clockid.THREAD_CPUTIME_ID: return 1000n;
    default: throw new WasiErrno(Errno.INVAL);
  }
}

export function clockImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    clock_res_get(caller, id: number, out: number): number {
      try { ctx.mem.bind(caller).setU64(out, resolution(id)); return 0; } catch (e) { return ctx.errno(e); }
    },
    clock_time_get(caller, id: number, _precision: bigint, out: number): number {
      try { ctx.mem.bind(caller).setU64(out, readClock(ctx, id)); return 0; } catch (e) { return ctx.errno(e); }
    },
  };
}
