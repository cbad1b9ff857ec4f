import { MessageChannel, Worker } from 'node:worker_threads';

/**
 * Per-command time limit for `weft wast`. One Worker watches every command of the run: the
 * main thread bumps a generation counter when a command starts (`start`) and clears the armed
 * flag when it ends (`stop`); if a generation stays armed past the limit, the worker advances
 * the current engine's epoch so the guest traps with `Interrupt` at its next check, and the
 * command fails instead of stalling the suite. One worker for the run, not one per command or
 * file: worker start-up (~30 ms) would otherwise dominate a 60,000-command suite.
 *
 * Each script gets its own engine, so the epoch to advance changes; `target` posts the new
 * counter on a MessagePort that the worker drains synchronously (`receiveMessageOnPort`)
 * whenever it wakes, since a thread blocked in `Atomics.wait` never runs its event loop.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.ctlBuffer); // [generation, armed, stop]
const port = workerData.port;
const limit = workerData.limitMs;
let epoch = null;
const drain = () => {
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    epoch = new Int32Array(m.message.buffer, m.message.byteOffset, 1);
  }
};
for (;;) {
  drain();
  if (Atomics.load(ctl, 2) === 1) break;
  const gen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 1) === 0) { Atomics.wait(ctl, 0, gen); continue; }
  const outcome = Atomics.wait(ctl, 0, gen, limit);
  if (outcome === 'timed-out' && Atomics.load(ctl, 1) === 1 && Atomics.load(ctl, 0) === gen) {
    drain();
    if (epoch !== null) Atomics.add(epoch, 0, 1);
    while (Atomics.load(ctl, 0) === gen && Atomics.load(ctl, 2) === 0) Atomics.wait(ctl, 0, gen, 1000);
  }
}
port.close();
`;

export class Watchdog {
  private readonly ctl: Int32Array;
  private readonly worker: Worker;
  private readonly port: MessageChannel['port1'];
  private current: Int32Array | null = null;

  constructor(limitMs: number) {
    this.ctl = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ctlBuffer: this.ctl.buffer, port: port2, limitMs },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  /** The epoch counter to advance from now on (the engine of the script being run). */
  target(epoch: Int32Array): void {
    if (epoch === this.current) return;
    this.current = epoch;
    this.port.postMessage({ buffer: epoch.buffer, byteOffset: epoch.byteOffset });
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
    this.port.close();
    void this.worker.terminate();
  }
}
