/**
 * The sampling clock. A guest run blocks the event loop, so no timer on the main thread can
 * fire while it runs: a Worker adds 1 to a shared `Int32Array` every INTERVAL instead, and the
 * guest side (an interpreter check point) takes the accumulated ticks with
 * `Atomics.exchange(ticks, 0, 0)` and charges them to the stack that was current since the
 * previous check.
 *
 * Booting a Worker costs tens of ms of CPU, which a short profiled run would pay every time,
 * so the ticker thread is shared by the process (one per interval): the first clock to start
 * boots it, the last to stop pauses it (it then sleeps in `Atomics.wait` with no timeout, using
 * no CPU), and it is unref'd so it never keeps the process alive. Clocks of the same interval
 * running at the same time share its tick counter, so two profiles taken concurrently in one
 * process split the ticks between them.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const ticks = new Int32Array(workerData.ticks);
const run = new Int32Array(workerData.run);
const interval = workerData.intervalMs;
let next = performance.now() + interval;
for (;;) {
  if (Atomics.load(run, 0) === 0) {
    Atomics.wait(run, 0, 0);
    next = performance.now() + interval;
    continue;
  }
  const wait = next - performance.now();
  if (wait > 0) Atomics.wait(run, 0, 1, wait);
  if (Atomics.load(run, 0) === 0) continue;
  Atomics.add(ticks, 0, 1);
  next += interval;
  const now = performance.now();
  if (next < now) next = now + interval; // a stalled thread does not burst
}
`;

/** One ticker thread and its shared counters. */
class Ticker {
  readonly ticks = new Int32Array(new SharedArrayBuffer(4));
  /** Index 0: 1 while some clock runs, 0 paused. */
  private readonly run = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | null = null;
  private users = 0;
  private readonly intervalMs: number;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  acquire(): void {
    if (this.users++ > 0) return;
    Atomics.store(this.ticks, 0, 0);
    Atomics.store(this.run, 0, 1);
    if (this.worker === null) {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { ticks: this.ticks.buffer, run: this.run.buffer, intervalMs: this.intervalMs },
        // No inherited loaders or --import hooks: the ticker needs none.
        execArgv: [],
      });
      this.worker.unref();
    } else {
      Atomics.notify(this.run, 0);
    }
  }

  release(): void {
    if (this.users === 0 || --this.users > 0) return;
    Atomics.store(this.run, 0, 0);
    Atomics.notify(this.run, 0);
  }
}

const tickers = new Map<number, Ticker>();

export class SampleClock {
  /** Ticks not yet charged to a stack (index 0). */
  readonly ticks: Int32Array;
  readonly intervalMs: number;
  private readonly ticker: Ticker;
  private running = false;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
    let t = tickers.get(intervalMs);
    if (!t) tickers.set(intervalMs, t = new Ticker(intervalMs));
    this.ticker = t;
    this.ticks = t.ticks;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.ticker.acquire();
  }

  /** Takes the ticks accumulated since the last call. */
  take(): number {
    return Atomics.exchange(this.ticks, 0, 0);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.ticker.release();
  }
}
