/**
 * The shared-memory ring between the stdin reader thread (stdin-worker.ts, the producer) and
 * the guest's thread (stdin-reader.ts, the consumer). Counters are int32 and wrap; the
 * capacity is a power of two, so `counter & MASK` is the index even after wrapping.
 */

/** Incremented by the producer on every change (data, end, error) so a consumer can wait for any. */
export const SEQ = 0;
/** Bytes produced so far (wrapping). */
export const HEAD = 1;
/** Bytes consumed so far (wrapping); the producer waits on it when the ring is full. */
export const TAIL = 2;
/** One of StdinState. */
export const STATE = 3;
/** The libuv error number when STATE is ERROR. */
export const ERRNO = 4;
/** Set once the thread has taken in whatever was already waiting on the fd (or given up). */
export const STARTED = 5;
export const CTRL_SLOTS = 6;

export const enum StdinState {
  OPEN = 0,
  EOF = 1,
  ERROR = 2,
  /** The thread could not read this fd as a stream: the consumer goes back to plain reads. */
  UNSUPPORTED = 3,
}

export const RING_CAPACITY = 1 << 16;
export const RING_MASK = RING_CAPACITY - 1;
