import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Clockid, Eventrwflags, Eventtype, Subclockflags } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import { FdKind } from './fd-table.js';
import { NOT_READY, READY_UNKNOWN, sleepMs, type StdioStream } from './stdio.js';
import type { WasiContext } from './wasi-context.js';

/** Where the fields of a subscription sit; `wasi_unstable` has an extra clock `identifier`. */
export interface SubscriptionLayout {
  readonly size: number;
  readonly clockId: number;
  readonly timeout: number;
  readonly flags: number;
  readonly fd: number;
}

export const PREVIEW1_SUBSCRIPTION: SubscriptionLayout = { size: 48, clockId: 16, timeout: 24, flags: 40, fd: 16 };

const EVENT_SIZE = 32;

interface Sub {
  userdata: bigint;
  type: number;
  /** Clock: monotonic deadline in ns (or -1n if the clock id was invalid). */
  deadline: bigint;
  fd: number;
}

/** Readiness of an fd subscription: null if not ready, else [errno, nbytes, flags]. */
function fdReady(ctx: WasiContext, s: Sub): [number, number, number] | null {
  let e;
  try { e = ctx.fds.get(s.fd); } catch { return [Errno.BADF, 0, 0]; }
  const reading = s.type === Eventtype.FD_READ;
  switch (e.kind) {
    case FdKind.FILE: {
      if (!reading) return [0, 0, 0];
      const left = Number(e.file!.stat().size) - e.position;
      return [0, left > 0 ? left : 0, 0];
    }
    case FdKind.STDIO: {
      if (!reading) return [0, 0, 0];
      const n = e.stream!.readiness();
      if (n === NOT_READY) return null;
      if (n === READY_UNKNOWN) return [0, 0, 0];
      if (n === 0) return [0, 0, Eventrwflags.HANGUP];
      return [0, n, 0];
    }
    case FdKind.SOCKET:
    case FdKind.LISTENER: {
      if (!reading) return e.kind === FdKind.SOCKET ? [0, 0, 0] : null;
      const [n, hup] = ctx.sockets!.poll(e);
      return n > 0 || hup ? [0, n, hup] : null;
    }
    default:
      return [Errno.BADF, 0, 0];
  }
}

/**
 * What the wait should block on: null when only clocks remain, the one stdio stream that can
 * wait for input when it is the only fd watched, or true for anything else (sockets, several).
 */
function pendingFds(ctx: WasiContext, subs: readonly Sub[]): StdioStream | true | null {
  let only: StdioStream | null = null;
  let count = 0;
  for (const s of subs) {
    if (s.type === Eventtype.CLOCK) continue;
    count++;
    const e = ctx.fds.has(s.fd) ? ctx.fds.get(s.fd) : null;
    if (e !== null && e.kind === FdKind.STDIO && e.stream!.waitReadable !== undefined) only = e.stream!;
  }
  if (count === 0) return null;
  return count === 1 && only !== null ? only : true;
}

/** poll_oneoff for either layout: clocks absolute/relative, fd read/write readiness. */
export function pollOneoff(ctx: WasiContext, inPtr: number, outPtr: number, n: number, L: SubscriptionLayout): number {
  const m = ctx.mem;
  if (n === 0) throw new WasiErrno(Errno.INVAL);
  m.check(inPtr, n * L.size);
  m.check(outPtr, n * EVENT_SIZE);
  const subs: Sub[] = [];
  const now = ctx.monotonic();
  for (let i = 0; i < n; i++) {
    const p = inPtr + i * L.size;
    const type = m.u8At(p + 8);
    const s: Sub = { userdata: m.u64(p), type, deadline: 0n, fd: -1 };
    if (type === Eventtype.CLOCK) {
      const id = m.u32(p + L.clockId);
      const timeout = m.u64(p + L.timeout);
      const abs = (m.u16(p + L.flags) & Subclockflags.ABSTIME) !== 0;
      if (id > Clockid.THREAD_CPUTIME_ID) s.deadline = -1n;
      else if (!abs) s.deadline = now + timeout;
      else if (id === Clockid.REALTIME) s.deadline = now + (timeout - ctx.realtime());
      else if (id === Clockid.MONOTONIC) s.deadline = timeout;
      else s.deadline = now; // CPU-time deadlines: treated as already due
    } else if (type === Eventtype.FD_READ || type === Eventtype.FD_WRITE) {
      s.fd = m.u32(p + L.fd);
    } else {
      throw new WasiErrno(Errno.INVAL);
    }
    subs.push(s);
  }
  let count = 0;
  const emit = (s: Sub, error: number, nbytes: number, flags: number): void => {
    const p = outPtr + count++ * EVENT_SIZE;
    m.u8.fill(0, m.check(p, EVENT_SIZE), p + EVENT_SIZE);
    m.setU64(p, s.userdata);
    m.setU16(p + 8, error);
    m.setU8(p + 10, s.type);
    m.setU64n(p + 16, nbytes);
    m.setU16(p + 24, flags);
  };
  let earliest = -1n;
  for (const s of subs) {
    if (s.type === Eventtype.CLOCK && s.deadline >= 0n && (earliest < 0n || s.deadline < earliest)) earliest = s.deadline;
  }
  for (;;) {
    for (const s of subs) {
      if (s.type === Eventtype.CLOCK) {
        if (s.deadline < 0n) emit(s, Errno.INVAL, 0, 0);
        continue;
      }
      const r = fdReady(ctx, s);
      if (r !== null) emit(s, r[0], r[1], r[2]);
    }
    if (count > 0) return count;
    const t = ctx.monotonic();
    if (earliest >= 0n && t >= earliest) {
      for (const s of subs) if (s.type === Eventtype.CLOCK && s.deadline <= t) emit(s, 0, 0, 0);
      return count;
    }
    const ms = earliest >= 0n ? Number(earliest - t) / 1e6 : Infinity;
    const waiting = pendingFds(ctx, subs);
    if (waiting === null) sleepMs(ms);
    // Sockets (or several streams) not ready yet: re-check every millisecond until a deadline.
    else if (waiting === true) sleepMs(Math.min(1, ms));
    else waiting.waitReadable!(ms);
  }
}

export function pollImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    poll_oneoff(caller, inPtr: number, outPtr: number, n: number, outN: number): number {
      try {
        const m = ctx.mem.bind(caller);
        m.check(outN, 4);
        m.setU32(outN, pollOneoff(ctx, inPtr, outPtr, n >>> 0, PREVIEW1_SUBSCRIPTION));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
  };
}
