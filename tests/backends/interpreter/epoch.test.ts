import t from 'tap';
import { Worker } from 'node:worker_threads';
import { load } from './test-support.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { SPIN } from '../../fixtures/limits/programs.js';

t.test('a Worker advancing the shared epoch interrupts an infinite loop', async (t) => {
  const { exports, store } = load(SPIN, { epoch: true });
  store.epochEnabled = true;
  store.epochDeadline = 1;
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => Atomics.add(new Int32Array(workerData), 0, 1), 50);`,
    { eval: true, workerData: store.epoch.buffer },
  );
  await new Promise((r) => worker.once('online', r));
  const t0 = Date.now();
  try {
    exports.spin();
    t.fail('should be interrupted');
  } catch (e) {
    t.ok(e instanceof Trap, 'a Trap');
    t.equal((e as Trap).trapCode, TrapCode.Interrupt);
    t.equal((e as Trap).message, 'interrupt');
  }
  t.ok(Date.now() - t0 < 5000, 'stopped promptly');
  await worker.terminate();
});

t.test('an epoch already past the deadline traps at function entry', (t) => {
  const { exports, store } = load(`(module (func (export "f") (result i32) (i32.const 1)))`, { epoch: true });
  store.epochDeadline = 0;
  try {
    exports.f();
    t.fail('should trap');
  } catch (e) {
    t.ok(e instanceof Trap && e.trapCode === TrapCode.Interrupt);
  }
  store.epochDeadline = 10;
  t.equal(exports.f(), 1);
  t.end();
});
