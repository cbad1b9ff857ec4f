import { Worker } from 'node:worker_threads';

/**
 * `--timeout`: a guest loop that never yields cannot be stopped by a timer on its own thread,
 * so a Worker sleeps (`Atomics.wait`, no event loop needed) until the deadline and then bumps
 * the engine's shared epoch counter; the backend sees it at the next function entry or loop
 * back-edge and traps with `Interrupt`. The deadline is wall-clock from the call, so the
 * worker's start-up time is not added to the user's budget.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const epoch = new Int32Array(workerData.epochBuffer, workerData.epochByteOffset, 1);
const cancel = new Int32Array(workerData.cancelBuffer);
const left = workerData.deadline - Date.now();
const outcome = left > 0 ? Atomics.wait(cancel, 0, 0, left) : 'timed-out';
if (outcome === 'timed-out') Atomics.add(epoch, 0, 1);
`;

export interface EpochTimer {
  /** Stops the timer (idempotent); the epoch is not touched afterwards. */
  cancel(): void;
}

/** Starts a timer that increments `epoch[0]` after `ms` milliseconds, unless cancelled first. */
export function startEpochTimer(epoch: Int32Array, ms: number): EpochTimer {
  if (!(epoch.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError('the engine epoch counter must live in a SharedArrayBuffer');
  }
  const cancelBuffer = new SharedArrayBuffer(4);
  const cancelCell = new Int32Array(cancelBuffer);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      epochBuffer: epoch.buffer, epochByteOffset: epoch.byteOffset, cancelBuffer, deadline: Date.now() + ms,
    },
  });
  // The timer must never keep weft alive once the guest is done.
  worker.unref();
  let cancelled = false;
  return {
    cancel(): void {
      if (cancelled) return;
      cancelled = true;
      Atomics.store(cancelCell, 0, 1);
      Atomics.notify(cancelCell, 0);
      void worker.terminate();
    },
  };
}
