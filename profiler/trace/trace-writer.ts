/**
 * Appends trace records to an NDJSON file. Lines are buffered and written synchronously in
 * 64 KiB batches: the guest blocks the event loop while it runs, so asynchronous writes would
 * only pile up in memory, and a synchronous flush at the end (or at a crash) leaves a complete
 * file. Each record gets the next sequence number.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 64 * 1024;

export class TraceWriter {
  readonly path: string;
  private fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  /** The sequence number the next record will get. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Writes `record` with `seq` set first; returns its sequence number. */
  write(record: Record<string, unknown>): number {
    const seq = this.seq++;
    const line = JSON.stringify({ seq, ...record }) + '\n';
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
    return seq;
  }

  flush(): void {
    if (this.pending.length === 0 || this.fd < 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}
