import { Worker } from 'node:worker_threads';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Eventrwflags, Fdflags, Filetype, Rights, RIGHTS_LISTENER, RIGHTS_SOCKET } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import { FdEntry, FdKind } from './fd-table.js';
import { SockFlag, SockOp } from './socket-protocol.js';
import type { WasiContext } from './wasi-context.js';

const DATA_SIZE = 1 << 20;

/** Where a pre-opened listener ended up (port 0 asks the OS for one). */
export interface ListenAddress { readonly host: string; readonly port: number }

/**
 * Synchronous sockets for a synchronous guest. Node offers no blocking accept/recv, and the
 * guest may not return to the event loop, so a worker thread owns the listeners and
 * connections (socket-worker.ts) and this side blocks in `Atomics.wait` for each answer.
 * Chosen over `fs.readSync` on a socket's fd because libuv keeps sockets non-blocking (reads
 * would need busy polling) and accepting needs an event loop anyway.
 */
export class SocketBridge {
  readonly addresses: ListenAddress[] = [];
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;

  constructor(addrs: readonly string[]) {
    const ctrl = new SharedArrayBuffer(32);
    const data = new SharedArrayBuffer(DATA_SIZE);
    const init = new Int32Array(new SharedArrayBuffer(4 * (addrs.length + 1)));
    this.ctrl = new Int32Array(ctrl);
    this.data = new Uint8Array(data);
    this.worker = new Worker(new URL('./socket-worker.js', import.meta.url), {
      workerData: { addrs: [...addrs], ctrl, data, init: init.buffer },
      // The socket thread needs none of the parent's loaders/flags (test runners' hooks would
      // otherwise route its module loading through the blocked main thread).
      execArgv: [],
    });
    this.worker.unref();
    if (Atomics.wait(init, 0, 0, 10_000) === 'timed-out') throw new Error('tcplisten: socket thread did not start');
    addrs.forEach((a, i) => {
      const port = init[1 + i];
      if (port < 0) throw new Error(`tcplisten: cannot listen on ${a}`);
      const at = a.lastIndexOf(':');
      this.addresses.push({ host: at < 0 ? '127.0.0.1' : a.slice(0, at), port });
    });
  }

  private call(op: number, id: number, arg: number, flags: number): number {
    const c = this.ctrl;
    c[1] = op; c[2] = id; c[3] = arg; c[4] = flags;
    Atomics.store(c, 0, 1);
    Atomics.notify(c, 0);
    while (Atomics.load(c, 0) === 1) Atomics.wait(c, 0, 1);
    const r = c[5];
    if (r < 0) throw new WasiErrno(-r);
    return r;
  }

  /** Descriptors for the listeners, to place in the fd table. */
  listenerEntries(): FdEntry[] {
    return this.addresses.map((_, i) => {
      const e = new FdEntry(FdKind.LISTENER, Filetype.SOCKET_STREAM, RIGHTS_LISTENER, RIGHTS_SOCKET);
      e.socketId = i;
      return e;
    });
  }

  accept(listener: FdEntry, fdflags: number): FdEntry {
    const nb = (fdflags | listener.flags) & Fdflags.NONBLOCK ? SockFlag.NONBLOCK : 0;
    const id = this.call(SockOp.ACCEPT, listener.socketId, 0, nb);
    const e = new FdEntry(FdKind.SOCKET, Filetype.SOCKET_STREAM, RIGHTS_SOCKET, 0);
    e.socketId = id;
    e.flags = fdflags;
    return e;
  }

  /** Receives into the iovecs; one receive, like recv(2). */
  recvv(ctx: WasiContext, e: FdEntry, iovs: number, count: number, riflags: number): number {
    const m = ctx.mem;
    let want = 0;
    for (let i = 0; i < count; i++) want += m.u32(iovs + i * 8 + 4);
    if (want === 0) return 0;
    const flags = (e.flags & Fdflags.NONBLOCK ? SockFlag.NONBLOCK : 0) | (riflags & 1 ? SockFlag.PEEK : 0);
    const n = this.call(SockOp.RECV, e.socketId, Math.min(want, DATA_SIZE), flags);
    let off = 0;
    for (let i = 0; i < count && off < n; i++) {
      const len = m.u32(iovs + i * 8 + 4);
      off += m.write(m.u32(iovs + i * 8), this.data.subarray(off, n), len);
    }
    return n;
  }

  sendv(ctx: WasiContext, e: FdEntry, iovs: number, count: number): number {
    const m = ctx.mem;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const bytes = m.bytes(m.u32(iovs + i * 8), m.u32(iovs + i * 8 + 4));
      for (let off = 0; off < bytes.length; off += DATA_SIZE) {
        const chunk = bytes.subarray(off, Math.min(bytes.length, off + DATA_SIZE));
        this.data.set(chunk);
        total += this.call(SockOp.SEND, e.socketId, chunk.length, 0);
      }
    }
    return total;
  }

  shutdown(e: FdEntry, how: number): void {
    this.call(SockOp.SHUTDOWN, e.socketId, how, 0);
  }

  close(e: FdEntry): void {
    this.call(SockOp.CLOSE, e.socketId, 0, e.kind === FdKind.LISTENER ? SockFlag.LISTENER : 0);
  }

  /** Readiness for poll_oneoff: [bytes or pending connections, hangup flag]. */
  poll(e: FdEntry): [number, number] {
    const n = this.call(SockOp.POLL, e.socketId, 0, e.kind === FdKind.LISTENER ? SockFlag.LISTENER : 0);
    return [n, this.ctrl[6] ? Eventrwflags.HANGUP : 0];
  }

  stop(): void {
    void this.worker.terminate();
  }
}

function socketEntry(ctx: WasiContext, fd: number, rights: number): FdEntry {
  const e = ctx.fds.get(fd);
  if (e.kind !== FdKind.SOCKET && e.kind !== FdKind.LISTENER) throw new WasiErrno(Errno.NOTSOCK);
  if ((e.rightsBase & rights) !== rights) throw new WasiErrno(Errno.NOTCAPABLE);
  return e;
}

export function socketImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    sock_accept(caller, fd: number, flags: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        m.check(out, 4);
        const l = socketEntry(ctx, fd, Rights.SOCK_ACCEPT);
        if (l.kind !== FdKind.LISTENER) return Errno.INVAL;
        if (flags & ~Fdflags.NONBLOCK) return Errno.INVAL;
        m.setU32(out, ctx.fds.add(ctx.sockets!.accept(l, flags)));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    sock_recv(caller, fd: number, iovs: number, count: number, riflags: number, outLen: number, outFlags: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = socketEntry(ctx, fd, Rights.FD_READ);
        if (e.kind !== FdKind.SOCKET) return Errno.NOTCONN;
        if (riflags & ~3) return Errno.INVAL;
        m.check(outLen, 4); m.check(outFlags, 2);
        m.setU32(outLen, ctx.sockets!.recvv(ctx, e, iovs, count, riflags));
        m.setU16(outFlags, 0);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    sock_send(caller, fd: number, iovs: number, count: number, _siflags: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = socketEntry(ctx, fd, Rights.FD_WRITE);
        if (e.kind !== FdKind.SOCKET) return Errno.NOTCONN;
        m.check(out, 4);
        m.setU32(out, ctx.sockets!.sendv(ctx, e, iovs, count));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    sock_shutdown(caller, fd: number, how: number): number {
      try {
        const e = socketEntry(ctx, fd, Rights.SOCK_SHUTDOWN);
        if (e.kind !== FdKind.SOCKET) return Errno.NOTCONN;
        if (how < 1 || how > 3) return Errno.INVAL;
        ctx.sockets!.shutdown(e, how);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
  };
}
