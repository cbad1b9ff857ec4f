import { Worker } from 'node:worker_threads';

/**
 * Per-command time limit for `weft wast`. One Worker watches every command of the run: the
 * main thread bumps a generation counter when a command starts (`start`) and clears the armed
 * flag when it ends (`stop`); if a generation stays armed past the limit, the worker advances
 * the engine's epoch so the guest traps with `Interrupt` at its next check, and the command
 * fails instead of stalling the suite. One worker for the run, not one per command: worker
 * start-up (~30 ms) would otherwise dominate a 60,000-command suite.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const epoch = new Int32Array(workerData.epochBuffer, workerData.epochByteOffset, 1);
const ctl = new Int32Array(workerData.ctlBuffer); // [generation, armed, stop]
const limit = workerData.limitMs;
for (;;) {
  if (Atomics.load(ctl, 2) === 1) break;
  const gen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 1) === 0) { Atomics.wait(ctl, 0, gen); continue; }
  const outcome = Atomics.wait(ctl, 0, gen, limit);
  if (outcome === 'timed-out' && Atomics.load(ctl, 1) === 1 && Atomics.load(ctl, 0) === gen) {
    Atomics.add(epoch, 0, 1);
    while (Atomics.load(ctl, 0) === gen && Atomics.load(ctl, 2) === 0) Atomics.wait(ctl, 0, gen, 1000);
  }
}
`;

export class Watchdog {
  private readonly ctl: Int32Array;
  private readonly worker: Worker;

  constructor(epoch: Int32Array, limitMs: number) {
    this.ctl = new Int32Array(new SharedArrayBuffer(12));
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { epochBuffer: epoch.buffer, epochByteOffset: epoch.byteOffset, ctlBuffer: this.ctl.buffer, limitMs },
    });
    this.worker.unref();
  }

  /** A command starts: its time limit starts now. */
  start(): void {
    Atomics.add(this.ctl, 0, 1);
    Atomics.store(this.ctl, 1, 1);
    Atomics.notify(this.ctl, 0);
  }

  /** The command ended (in time or not). */
  stop(): void {
    Atomics.store(this.ctl, 1, 0);
  }

  dispose(): void {
    Atomics.store(this.ctl, 2, 1);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    void this.worker.terminate();
  }
}
