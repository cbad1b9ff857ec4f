/**
 * The stdin reader thread: reads a pipe, socket or terminal without blocking (a libuv stream,
 * so the thread never sits in a read(2) that would hold up process exit) and copies what
 * arrives into the shared ring, pausing the stream while the ring is full.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tty from 'node:tty';
import { workerData } from 'node:worker_threads';
import { ERRNO, HEAD, RING_CAPACITY, RING_MASK, SEQ, STARTED, STATE, StdinState, TAIL } from './stdin-ring.js';

interface StdinWorkerData {
  readonly fd: number;
  readonly ctrl: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

/** Atomics.waitAsync (Node 16+), missing from the TypeScript lib this project targets. */
interface WaitAsync {
  waitAsync(a: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

const { fd, ctrl, data } = workerData as StdinWorkerData;
const c = new Int32Array(ctrl);
const ring = new Uint8Array(data);

function publish(state?: StdinState, errno = 0): void {
  if (state !== undefined) {
    Atomics.store(c, ERRNO, errno);
    Atomics.store(c, STATE, state);
  }
  Atomics.add(c, SEQ, 1);
  Atomics.notify(c, SEQ);
}

/**
 * A second open file description of the same pipe or terminal (Linux), so the non-blocking
 * mode and the close at exit stay ours and the process's own fd is left as it was. Sockets
 * cannot be reopened this way; they are read through the fd itself.
 */
function ownDescriptor(): number {
  try {
    return fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return fd;
  }
}

type PausableStream = NodeJS.ReadableStream & { pause(): unknown; resume(): unknown };

function openStream(): PausableStream | null {
  try {
    const own = ownDescriptor();
    return tty.isatty(own) ? new tty.ReadStream(own) : new net.Socket({ fd: own, readable: true, writable: false });
  } catch {
    return null;
  }
}

let pending: Uint8Array | null = null;

/** Copies as much of `pending` as fits; true when all of it went in. */
function drain(): boolean {
  while (pending !== null) {
    const head = Atomics.load(c, HEAD);
    const free = RING_CAPACITY - ((head - Atomics.load(c, TAIL)) | 0);
    if (free === 0) return false;
    const start = head & RING_MASK;
    const n = Math.min(free, pending.length, RING_CAPACITY - start);
    ring.set(pending.subarray(0, n), start);
    Atomics.store(c, HEAD, (head + n) | 0);
    pending = n === pending.length ? null : pending.subarray(n);
    publish();
  }
  return true;
}

function pump(stream: PausableStream): void {
  const retry = (): void => {
    if (drain()) stream.resume();
    else waitForSpace();
  };
  const waitForSpace = (): void => {
    const tail = Atomics.load(c, TAIL);
    // The consumer may have made room since drain() looked: waiting then could wait forever.
    if (((Atomics.load(c, HEAD) - tail) | 0) < RING_CAPACITY) { retry(); return; }
    const r = (Atomics as unknown as WaitAsync).waitAsync(c, TAIL, tail);
    if (r.async) void r.value.then(retry);
    else retry();
  };
  stream.on('data', (chunk: Buffer | string) => {
    pending = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!drain()) {
      stream.pause();
      waitForSpace();
    }
  });
  stream.on('end', () => publish(StdinState.EOF));
  stream.on('error', (e: NodeJS.ErrnoException) => publish(StdinState.ERROR, typeof e.errno === 'number' ? e.errno : -5 /* EIO */));
}

function started(): void {
  Atomics.store(c, STARTED, 1);
  publish();
}

const stream = openStream();
if (stream === null) {
  publish(StdinState.UNSUPPORTED);
  started();
} else {
  pump(stream);
  // Reading starts on the next tick and the loop's first poll phase takes what is already
  // there before check-phase callbacks run: after two, the ring reflects the fd's state.
  setImmediate(() => setImmediate(started));
}
