/**
 * An epoch interrupt cannot be swallowed by the guest. V8 11.3's legacy `catch_all` catches JS
 * exceptions thrown by imports, so the epoch pass's `weft:rt.poll` returns non-zero instead of
 * throwing and the guest traps at a recorded `unreachable` site, which the fault translator
 * reports as `Interrupt`. A guest re-entering a `try`/`catch_all` around an endless loop must be
 * interrupted on native as on the interpreter. A regression returns -1 (the guest gives up
 * after catching 100 exceptions) instead of hanging the test.
 */
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { NativeBackend } from '../../../backends/native/index.js';
import { InterpreterBackend } from '../../../backends/interpreter/index.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { WeftParser } from '../../../plugins/parser/index.js';
import { NO_IMPORTS, OFF, allocator, fn, makeStore, parse, registry, trapHandler } from './harness.js';

const WAT = `(module
  (func $tick (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  ;; the endless loop polls at its header (loop-poll wrapper)
  (func $swallow_loop (export "swallow_loop") (result i32) (local $caught i32) (local $i i32)
    (loop $again
      (try
        (do (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))
        (catch_all (local.set $caught (i32.add (local.get $caught) (i32.const 1)))))
      (br_if $again (i32.lt_u (local.get $caught) (i32.const 100))))
    (i32.const -1))
  ;; the endless loop calls a function: the entry check polls too
  (func (export "swallow_calls") (result i32) (local $caught i32) (local $i i32)
    (loop $again
      (try
        (do (loop $l (local.set $i (call $tick (local.get $i))) (br $l)))
        (catch_all (local.set $caught (i32.add (local.get $caught) (i32.const 1)))))
      (br_if $again (i32.lt_u (local.get $caught) (i32.const 100))))
    (i32.const -1)))`;

const parser = new WeftParser();
const ir = parse(parser.watToBinary(WAT, {}));
const opts = { ...OFF, epoch: true };

const backends = [
  ['native', new NativeBackend().compile(ir, opts)],
  ['interpreter', new InterpreterBackend().compile(ir, opts)],
] as const;

for (const [name, cm] of backends) {
  for (const exp of ['swallow_loop', 'swallow_calls']) {
    t.test(`${name}: ${exp} is interrupted through try/catch_all`, async (t) => {
      const store = makeStore();
      store.epochEnabled = true;
      store.epochDeadline = 1;
      const inst = cm.instantiate({ store, imports: NO_IMPORTS, allocator, trapHandler, registry, instanceId: 1 });
      const worker = new Worker(
        `const { workerData } = require('node:worker_threads');
         setTimeout(() => Atomics.add(new Int32Array(workerData), 0, 1), 50);`,
        { eval: true, workerData: store.epoch.buffer },
      );
      await new Promise((r) => worker.once('online', r));
      const t0 = Date.now();
      let result: unknown = null;
      let error: unknown = null;
      try {
        result = fn(inst, exp)();
      } catch (e) {
        error = e;
      }
      await worker.terminate();
      t.equal(result, null, 'no result: the guest did not catch the interrupt');
      t.ok(error instanceof Trap, 'a weft trap');
      const trap = error as Trap;
      t.equal(trap.trapCode, TrapCode.Interrupt);
      t.equal(trap.message, 'interrupt');
      t.ok(Date.now() - t0 < 5000, 'stopped promptly');
      t.ok(trap.backtrace.length > 0, "has a backtrace");
      // Innermost frame: where the poll found the deadline passed (original indices and names).
      const inner = trap.backtrace[0];
      if (exp === 'swallow_loop') t.same([inner.funcIndex, inner.funcName], [1, 'swallow_loop'], 'innermost frame: the loop');
      else t.ok(inner.funcIndex === 0 || inner.funcIndex === 2, 'innermost frame: tick or its caller');
      t.equal(trap.backtrace[trap.backtrace.length - 1].funcIndex, exp === 'swallow_loop' ? 1 : 2, 'outermost frame: the export');
    });
  }
}
