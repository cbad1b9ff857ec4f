import * as fs from 'node:fs';
import * as tty from 'node:tty';
import { getSystemErrorName } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fsError } from '../fs/filesystem.js';
import {
  CTRL_SLOTS, ERRNO, HEAD, RING_CAPACITY, RING_MASK, SEQ, STARTED, STATE, StdinState, TAIL,
} from './stdin-ring.js';

/** What `StdioStream.readiness()` may answer besides a byte count (0 meaning end of input). */
export const READY_UNKNOWN = -1;
export const NOT_READY = -2;

/** How long the first poll waits for the reader thread to come up. */
const START_TIMEOUT_MS = 10_000;

/**
 * Makes a pipe, socket or terminal readable with a timeout: a worker thread (stdin-worker.ts)
 * reads the fd and fills a shared ring, and this side waits on it with `Atomics.wait`. One
 * reader per host fd for the whole process, started by the first poll that needs it: from
 * then on every read of that fd comes out of the ring, so no byte is read twice or skipped,
 * and bytes it read ahead stay there for the next guest. It never reads more than the ring
 * holds before the guest consumes some.
 */
export class StdinReader {
  private static readonly byFd = new Map<number, StdinReader>();

  /** The fd's reader, started on first use. */
  static for(fd: number): StdinReader {
    let r = StdinReader.byFd.get(fd);
    if (r === undefined) {
      r = new StdinReader(fd);
      StdinReader.byFd.set(fd, r);
    }
    return r;
  }

  /** The fd's reader if one was started (reads must then go through it). */
  static existing(fd: number): StdinReader | undefined {
    return StdinReader.byFd.get(fd);
  }

  private readonly ctrl: Int32Array;
  private readonly ring: Uint8Array;

  private constructor(fd: number) {
    const ctrl = new SharedArrayBuffer(4 * CTRL_SLOTS);
    const data = new SharedArrayBuffer(RING_CAPACITY);
    this.ctrl = new Int32Array(ctrl);
    this.ring = new Uint8Array(data);
    const worker = new Worker(new URL('./stdin-worker.js', import.meta.url), {
      workerData: { fd, ctrl, data },
      // Like the socket thread: none of the parent's loader hooks (they would run on the blocked main thread).
      execArgv: [],
    });
    worker.on('error', () => this.fail());
    worker.unref();
    // Wait until input already waiting on the fd is in the ring, so a first zero-timeout poll
    // sees it. The thread's start-up is paid once per process.
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (Atomics.load(this.ctrl, STARTED) === 0) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(this.ctrl, SEQ, Atomics.load(this.ctrl, SEQ), Math.min(left, 50));
    }
  }

  private fail(): void {
    if (Atomics.load(this.ctrl, STATE) === StdinState.OPEN) Atomics.store(this.ctrl, STATE, StdinState.UNSUPPORTED);
  }

  /** The thread could not stream this fd: the caller should read it directly. */
  get unsupported(): boolean {
    return Atomics.load(this.ctrl, STATE) === StdinState.UNSUPPORTED;
  }

  private available(): number {
    return (Atomics.load(this.ctrl, HEAD) - Atomics.load(this.ctrl, TAIL)) | 0;
  }

  /** Bytes buffered, 0 at end of input, READY_UNKNOWN on error (the read reports it), else NOT_READY. */
  readiness(): number {
    const n = this.available();
    if (n > 0) return n;
    const state = Atomics.load(this.ctrl, STATE);
    if (state === StdinState.EOF) return 0;
    return state === StdinState.OPEN ? NOT_READY : READY_UNKNOWN;
  }

  /** Blocks until something changes (data, end, error) or `ms` pass; returns at once if ready. */
  waitReadable(ms: number): void {
    const seq = Atomics.load(this.ctrl, SEQ);
    if (this.readiness() !== NOT_READY) return;
    Atomics.wait(this.ctrl, SEQ, seq, ms);
  }

  /** Blocking read of what is buffered (at least one byte), 0 at end of input. */
  read(buf: Uint8Array): number {
    for (;;) {
      const seq = Atomics.load(this.ctrl, SEQ);
      const n = Math.min(buf.length, this.available());
      if (n > 0) {
        const tail = Atomics.load(this.ctrl, TAIL);
        const start = tail & RING_MASK;
        const first = Math.min(n, RING_CAPACITY - start);
        buf.set(this.ring.subarray(start, start + first));
        if (first < n) buf.set(this.ring.subarray(0, n - first), first);
        Atomics.store(this.ctrl, TAIL, (tail + n) | 0);
        Atomics.notify(this.ctrl, TAIL);
        return n;
      }
      const state = Atomics.load(this.ctrl, STATE);
      if (state === StdinState.EOF || buf.length === 0) return 0;
      if (state === StdinState.ERROR) throw fsError(getSystemErrorName(Atomics.load(this.ctrl, ERRNO)), 'stdin read failed');
      if (state === StdinState.UNSUPPORTED) throw fsError('EIO', 'stdin reader stopped');
      Atomics.wait(this.ctrl, SEQ, seq);
    }
  }
}

/**
 * Whether an fd needs the reader to know its readiness: pipes, sockets and terminals may have
 * nothing to read yet; regular files and other devices always answer at once.
 */
export function needsReader(fd: number): boolean {
  try {
    const s = fs.fstatSync(fd);
    return s.isFIFO() || s.isSocket() || (s.isCharacterDevice() && tty.isatty(fd));
  } catch {
    return false;
  }
}
