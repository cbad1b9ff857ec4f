/**
 * The sampling clock. A guest run blocks the event loop, so no timer on the main thread can
 * fire while it runs: a Worker adds 1 to a shared `Int32Array` every INTERVAL instead, and the
 * guest side (an interpreter check point or a call event) takes the accumulated ticks with
 * `Atomics.exchange(ticks, 0, 0)` and charges them to the stack that was current since the
 * previous check. The Worker is unref'd and exists only while a profile is being taken.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const ticks = new Int32Array(workerData.buffer);
const stop = new Int32Array(workerData.stop);
const interval = workerData.intervalMs;
let next = performance.now() + interval;
while (Atomics.load(stop, 0) === 0) {
  const wait = next - performance.now();
  if (wait > 0) Atomics.wait(stop, 0, 0, wait);
  if (Atomics.load(stop, 0) !== 0) break;
  Atomics.add(ticks, 0, 1);
  next += interval;
  const now = performance.now();
  if (next < now) next = now + interval; // a stalled worker does not burst
}
parentPort.postMessage('stopped');
`;

export class SampleClock {
  /** Ticks not yet charged to a stack (index 0). */
  readonly ticks: Int32Array;
  readonly intervalMs: number;
  private readonly stopFlag: Int32Array;
  private worker: Worker | null = null;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
    this.ticks = new Int32Array(new SharedArrayBuffer(4));
    this.stopFlag = new Int32Array(new SharedArrayBuffer(4));
  }

  start(): void {
    if (this.worker !== null) return;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { buffer: this.ticks.buffer, stop: this.stopFlag.buffer, intervalMs: this.intervalMs },
      // No inherited loaders or --import hooks: the ticker needs none.
      execArgv: [],
    });
    this.worker.unref();
  }

  /** Takes the ticks accumulated since the last call. */
  take(): number {
    return Atomics.exchange(this.ticks, 0, 0);
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (w === null) return;
    this.worker = null;
    Atomics.store(this.stopFlag, 0, 1);
    Atomics.notify(this.stopFlag, 0);
    await w.terminate();
  }
}
