import * as fs from 'node:fs';
import { Errno, WasiErrno } from './errno.js';
import { needsReader, NOT_READY, READY_UNKNOWN, StdinReader } from './stdin-reader.js';

export { NOT_READY, READY_UNKNOWN } from './stdin-reader.js';

/** A guest stdio stream, synchronous as the guest's calls are. */
export interface StdioStream {
  /** Reads into `buf`; 0 at end of input. */
  read(buf: Uint8Array): number;
  /** Writes all `len` bytes of `buf` from `off`; returns `len`. */
  write(buf: Uint8Array, off: number, len: number): number;
  /**
   * For poll_oneoff: bytes readable now, 0 at end of input, READY_UNKNOWN when a read would
   * not block but the count is unknown, NOT_READY when a read would block.
   */
  readiness(): number;
  /** Blocks until readiness may have changed or `ms` pass (streams that can wait for input). */
  waitReadable?(ms: number): void;
  readonly isTty: boolean;
}

/** What the embedder may pass for stdin: inherit, nothing, bytes, a string, a stream or a host fd. */
export type StdinSpec = 'inherit' | 'null' | Uint8Array | string | NodeJS.ReadableStream | number;
/** What the embedder may pass for stdout/stderr: inherit, capture to a buffer, discard, a stream or a host fd. */
export type StdoutSpec = 'inherit' | 'capture' | 'null' | NodeJS.WritableStream | number;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` (the guest is synchronous; nothing else may run meanwhile). */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

function isAgain(e: unknown): boolean {
  const c = (e as { code?: string }).code;
  return c === 'EAGAIN' || c === 'EWOULDBLOCK';
}

/** A host file descriptor read and written with blocking semantics (retrying EAGAIN). */
class FdStream implements StdioStream {
  readonly isTty: boolean;
  private readonly fd: number;
  constructor(fd: number) {
    this.fd = fd;
    let tty = false;
    try { tty = (fs.fstatSync(fd).isCharacterDevice()); } catch { /* closed */ }
    this.isTty = tty;
  }
  read(buf: Uint8Array): number {
    for (;;) {
      try {
        return fs.readSync(this.fd, buf, 0, buf.length, null);
      } catch (e) {
        const c = (e as { code?: string }).code;
        if (c === 'EOF') return 0;
        if (!isAgain(e)) throw e;
        sleepMs(1);
      }
    }
  }
  write(buf: Uint8Array, off: number, len: number): number {
    const end = off + len;
    while (off < end) {
      try {
        off += fs.writeSync(this.fd, buf, off, end - off);
      } catch (e) {
        if (!isAgain(e)) throw e;
        sleepMs(1);
      }
    }
    return len;
  }
  readiness(): number { return READY_UNKNOWN; }
}

/**
 * Stdin from a host fd. Files and devices are always ready; a pipe, socket or terminal is
 * ready only when bytes or the end have arrived, which takes the process-wide StdinReader:
 * it starts with the first poll of this fd, and reads go through it from then on (before
 * that, plain blocking reads).
 */
class FdStdin implements StdioStream {
  readonly isTty: boolean;
  private readonly direct: FdStream;
  private readonly fd: number;
  private readonly streamed: boolean;
  constructor(fd: number) {
    this.fd = fd;
    this.direct = new FdStream(fd);
    this.isTty = this.direct.isTty;
    this.streamed = needsReader(fd);
  }
  private reader(start: boolean): StdinReader | undefined {
    if (!this.streamed) return undefined;
    const r = start ? StdinReader.for(this.fd) : StdinReader.existing(this.fd);
    return r === undefined || r.unsupported ? undefined : r;
  }
  read(buf: Uint8Array): number {
    const r = this.reader(false);
    return r === undefined ? this.direct.read(buf) : r.read(buf);
  }
  write(): number { throw new WasiErrno(Errno.BADF); }
  readiness(): number {
    const r = this.reader(true);
    return r === undefined ? READY_UNKNOWN : r.readiness();
  }
  waitReadable(ms: number): void {
    const r = this.reader(true);
    if (r !== undefined) r.waitReadable(ms);
  }
}

class BytesIn implements StdioStream {
  readonly isTty = false;
  private readonly data: Uint8Array;
  private pos = 0;
  constructor(data: Uint8Array) { this.data = data; }
  read(buf: Uint8Array): number {
    const n = Math.min(buf.length, this.data.length - this.pos);
    buf.set(this.data.subarray(this.pos, this.pos + n));
    this.pos += n;
    return n;
  }
  write(): number { throw new WasiErrno(Errno.BADF); }
  readiness(): number { return this.data.length - this.pos; }
}

/**
 * A Node readable stream without an fd: only what it has already buffered can be read
 * synchronously (`read()`); at its end reads return 0, otherwise EAGAIN. Embedders wanting
 * blocking reads from such a stream should collect it first and pass the bytes.
 */
class StreamIn implements StdioStream {
  readonly isTty = false;
  private readonly stream: NodeJS.ReadableStream;
  private pending: Uint8Array = new Uint8Array(0);
  constructor(stream: NodeJS.ReadableStream) { this.stream = stream; }
  private fill(): void {
    if (this.pending.length > 0) return;
    const chunk = this.stream.read() as Buffer | string | null;
    if (chunk !== null) this.pending = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
  read(buf: Uint8Array): number {
    this.fill();
    if (this.pending.length === 0) {
      if ((this.stream as { readableEnded?: boolean }).readableEnded) return 0;
      throw new WasiErrno(Errno.AGAIN);
    }
    const n = Math.min(buf.length, this.pending.length);
    buf.set(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
    return n;
  }
  write(): number { throw new WasiErrno(Errno.BADF); }
  readiness(): number {
    this.fill();
    if (this.pending.length > 0) return this.pending.length;
    return (this.stream as { readableEnded?: boolean }).readableEnded ? 0 : NOT_READY;
  }
}

class NullStream implements StdioStream {
  readonly isTty = false;
  read(): number { return 0; }
  write(_buf: Uint8Array, _off: number, len: number): number { return len; }
  readiness(): number { return 0; }
}

/** Collects everything written, for `stdoutText()` and friends. */
export class CaptureStream implements StdioStream {
  readonly isTty = false;
  readonly chunks: Buffer[] = [];
  read(): number { throw new WasiErrno(Errno.BADF); }
  write(buf: Uint8Array, off: number, len: number): number {
    this.chunks.push(Buffer.from(buf.subarray(off, off + len)));
    return len;
  }
  readiness(): number { return 0; }
  bytes(): Buffer { return Buffer.concat(this.chunks); }
}

/** A Node writable stream; bytes are copied because guest memory changes after the call. */
class StreamOut implements StdioStream {
  readonly isTty = false;
  private readonly stream: NodeJS.WritableStream;
  constructor(stream: NodeJS.WritableStream) { this.stream = stream; }
  read(): number { throw new WasiErrno(Errno.BADF); }
  write(buf: Uint8Array, off: number, len: number): number {
    this.stream.write(Buffer.from(buf.subarray(off, off + len)));
    return len;
  }
  readiness(): number { return 0; }
}

function streamFd(s: object): number | null {
  const fd = (s as { fd?: unknown }).fd;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}

export function makeStdin(spec: StdinSpec | undefined): StdioStream {
  if (spec === undefined || spec === 'null') return new NullStream();
  if (spec === 'inherit') return new FdStdin(0);
  if (typeof spec === 'number') return new FdStdin(spec);
  if (typeof spec === 'string') return new BytesIn(Buffer.from(spec));
  if (spec instanceof Uint8Array) return new BytesIn(spec);
  const fd = streamFd(spec);
  return fd !== null ? new FdStdin(fd) : new StreamIn(spec);
}

export function makeStdout(spec: StdoutSpec | undefined, inheritFd: number): StdioStream {
  if (spec === undefined || spec === 'null') return new NullStream();
  if (spec === 'inherit') return new FdStream(inheritFd);
  if (spec === 'capture') return new CaptureStream();
  if (typeof spec === 'number') return new FdStream(spec);
  // process.stdout / fs.WriteStream: write synchronously to the fd so output keeps its order.
  const fd = streamFd(spec);
  return fd !== null ? new FdStream(fd) : new StreamOut(spec);
}
