/**
 * The thread that owns the pre-opened TCP listeners and their connections. The guest's calls
 * are synchronous, so the main thread posts one request at a time in shared memory and blocks
 * in `Atomics.wait`; this thread's event loop keeps accepting and buffering meanwhile and
 * answers when it can (immediately, or when a connection or data arrives for a blocking call).
 * Protocol (Int32 cells of `ctrl`): 0 state (1 = request posted, 2 = answered), 1 op, 2 id,
 * 3 arg, 4 flags, 5 result (>= 0 value, < 0 minus a WASI errno), 6 result flags.
 */
import * as net from 'node:net';
import { workerData } from 'node:worker_threads';

import { SockFlag, SockOp } from './socket-protocol.js';

const EAGAIN = 6, EBADF = 8, ECONNRESET = 15, EINVAL = 28, ENOTCONN = 53, EPIPE = 64, EADDRINUSE = 3;

interface Conn {
  readonly sock: net.Socket;
  chunks: Buffer[];
  buffered: number;
  ended: boolean;
  failed: boolean;
  readShut: boolean;
}

interface Data { addrs: string[]; ctrl: SharedArrayBuffer; data: SharedArrayBuffer; init: SharedArrayBuffer }

/** `Atomics.waitAsync` (Node >= 16; missing from the ES2023 lib typings). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

function main(d: Data): void {
  const ctrl = new Int32Array(d.ctrl);
  const data = new Uint8Array(d.data);
  const init = new Int32Array(d.init);
  const pending: net.Socket[][] = [];
  const conns = new Map<number, Conn>();
  let nextId = 1;
  let retry: (() => boolean) | null = null;

  const answer = (result: number, flags = 0): void => {
    ctrl[5] = result;
    ctrl[6] = flags;
    Atomics.store(ctrl, 0, 2);
    Atomics.notify(ctrl, 0);
    arm();
  };
  const wake = (): void => {
    if (retry !== null && retry()) retry = null;
  };

  const adopt = (sock: net.Socket): number => {
    const id = nextId++;
    const c: Conn = { sock, chunks: [], buffered: 0, ended: false, failed: false, readShut: false };
    sock.on('data', (b: Buffer) => { if (!c.readShut) { c.chunks.push(b); c.buffered += b.length; } wake(); });
    sock.on('end', () => { c.ended = true; wake(); });
    sock.on('error', () => { c.failed = true; c.ended = true; wake(); });
    sock.on('close', () => { c.ended = true; wake(); });
    conns.set(id, c);
    return id;
  };

  const handle = (): void => {
    const op = ctrl[1], id = ctrl[2], arg = ctrl[3], flags = ctrl[4];
    const nonblock = (flags & SockFlag.NONBLOCK) !== 0;
    switch (op) {
      case SockOp.ACCEPT: {
        const q = pending[id];
        if (q === undefined) return answer(-EBADF);
        const attempt = (): boolean => {
          const s = q.shift();
          if (s === undefined) return false;
          s.resume();
          answer(adopt(s));
          return true;
        };
        if (attempt()) return;
        if (nonblock) return answer(-EAGAIN);
        retry = attempt;
        return;
      }
      case SockOp.RECV: {
        const c = conns.get(id);
        if (c === undefined) return answer(-EBADF);
        const attempt = (): boolean => {
          if (c.buffered === 0) {
            if (c.failed && c.chunks.length === 0) { answer(-ECONNRESET); return true; }
            if (c.ended || c.readShut) { answer(0); return true; }
            return false;
          }
          const want = Math.min(arg, data.length);
          let n = 0;
          let i = 0;
          while (n < want && i < c.chunks.length) {
            const ch = c.chunks[i];
            const take = Math.min(ch.length, want - n);
            data.set(ch.subarray(0, take), n);
            n += take;
            if ((flags & SockFlag.PEEK) === 0) {
              if (take === ch.length) { c.chunks.shift(); continue; }
              c.chunks[i] = ch.subarray(take);
            } else {
              i++;
            }
          }
          if ((flags & SockFlag.PEEK) === 0) c.buffered -= n;
          answer(n);
          return true;
        };
        if (attempt()) return;
        if (nonblock) return answer(-EAGAIN);
        retry = attempt;
        return;
      }
      case SockOp.SEND: {
        const c = conns.get(id);
        if (c === undefined) return answer(-EBADF);
        if (c.sock.destroyed || !c.sock.writable) return answer(-EPIPE);
        c.sock.write(Buffer.from(data.subarray(0, arg)));
        return answer(arg);
      }
      case SockOp.SHUTDOWN: {
        const c = conns.get(id);
        if (c === undefined) return answer(-EBADF);
        if (c.sock.destroyed) return answer(-ENOTCONN);
        if (arg & 1) { c.readShut = true; c.chunks = []; c.buffered = 0; }
        if (arg & 2) c.sock.end();
        wake();
        return answer(0);
      }
      case SockOp.CLOSE: {
        if (flags & SockFlag.LISTENER) return answer(0);
        const c = conns.get(id);
        if (c === undefined) return answer(-EBADF);
        conns.delete(id);
        c.sock.end();
        c.sock.destroySoon();
        return answer(0);
      }
      case SockOp.POLL: {
        if (flags & SockFlag.LISTENER) return answer(pending[id]?.length ?? 0);
        const c = conns.get(id);
        if (c === undefined) return answer(-EBADF);
        return answer(c.buffered, c.ended || c.failed ? 1 : 0);
      }
      default:
        return answer(-EINVAL);
    }
  };

  const arm = (): void => {
    const cur = Atomics.load(ctrl, 0);
    if (cur === 1) { setImmediate(handle); return; }
    const w = waitAsync(ctrl, 0, cur);
    if (w.async) void (w.value as Promise<string>).then(arm); else arm();
  };

  let left = d.addrs.length;
  const done = (): void => {
    if (--left > 0) return;
    Atomics.store(init, 0, 1);
    Atomics.notify(init, 0);
    arm();
  };
  if (left === 0) { left = 1; done(); }
  d.addrs.forEach((addr, i) => {
    const at = addr.lastIndexOf(':');
    const host = at < 0 ? '127.0.0.1' : addr.slice(0, at).replace(/^\[|\]$/g, '');
    const port = Number(at < 0 ? addr : addr.slice(at + 1));
    pending[i] = [];
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (s) => { pending[i].push(s); wake(); });
    server.on('error', () => { init[1 + i] = -EADDRINUSE; done(); });
    server.listen({ host, port }, () => {
      init[1 + i] = (server.address() as net.AddressInfo).port;
      done();
    });
  });
}

main(workerData as Data);
