/**
 * The interpreter's fuel, epoch and stack-limit tests (tests/backends/interpreter/{fuel,epoch,
 * stack}.test.ts), on the native backend: the same programs and the same expected figures.
 * Plus the stack and fuel passes around a catch that lands on a loop label, run on the
 * interpreter (V8 11.3 has no try_table) to check nothing drifts.
 */
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { NativeBackend } from '../../../backends/native/index.js';
import { InterpreterBackend } from '../../../backends/interpreter/index.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { FuncInstance } from '../../../kernel/runtime/func-instance.js';
import { GlobalInstance } from '../../../kernel/runtime/global-instance.js';
import type { StoreContext } from '../../../kernel/runtime/store-context.js';
import { WeftParser } from '../../../plugins/parser/index.js';
import { OFF, allocator, fn, instantiate, makeStore, parse, registry, trapHandler } from './harness.js';
import { LOOP, SPIN, REC } from '../../fixtures/limits/programs.js';

const parser = new WeftParser();
const native = new NativeBackend();

interface Loaded {
  readonly store: StoreContext;
  readonly exports: Record<string, (...a: unknown[]) => unknown>;
}

function load(wat: string, opts: { fuel?: boolean; epoch?: boolean; stackLimit?: boolean } = {}): Loaded {
  const ir = parse(parser.watToBinary(wat, {}));
  const cm = native.compile(ir, { ...OFF, fuel: opts.fuel ?? false, epoch: opts.epoch ?? false, stackLimit: opts.stackLimit ?? false });
  const store = makeStore();
  store.fuelEnabled = opts.fuel ?? false;
  store.epochEnabled = opts.epoch ?? false;
  const inst = instantiate(cm, store);
  const exports: Record<string, (...a: unknown[]) => unknown> = {};
  for (const [name, v] of inst.exports) if (v instanceof FuncInstance) exports[name] = fn(inst, name);
  return { store, exports };
}

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('no trap');
}

t.test('fuel is exact: a completed run consumes the sum of its operator costs', async (t) => {
  const { exports, store } = load(LOOP, { fuel: true });
  store.fuel = 1_000_000;
  t.equal(exports.count(0), 0);
  t.equal(1_000_000 - store.fuel, 5, 'count(0) costs 5');
  store.fuel = 1_000_000;
  exports.count(10);
  t.equal(1_000_000 - store.fuel, 10 * 13 + 5);
  store.fuel = 100;
  exports.free();
  t.equal(100 - store.fuel, 1);
  store.fuel = 100;
  t.equal(exports.calls(), 2);
  t.equal(100 - store.fuel, 9);
});

t.test('running out of fuel traps deterministically at the same point', async (t) => {
  const results: [number, number][] = [];
  for (let run = 0; run < 3; run++) {
    const { exports, store } = load(LOOP, { fuel: true });
    store.fuel = 1000;
    const e = trapOf(() => exports.count(1_000_000));
    t.equal(e.trapCode, TrapCode.OutOfFuel);
    t.equal(e.message, 'all fuel consumed by WebAssembly');
    results.push([store.fuel, e.backtrace[0].offset]);
  }
  t.same(results[1], results[0]);
  t.same(results[2], results[0]);
  t.ok(results[0][0] >= 0 && results[0][0] < 13, 'remaining fuel is less than one iteration');
});

t.test('without the fuel option no fuel is consumed', async (t) => {
  const { exports, store } = load(LOOP);
  store.fuel = 7;
  exports.count(100);
  t.equal(store.fuel, 7);
});

t.test('a Worker advancing the shared epoch interrupts an infinite loop', async (t) => {
  const { exports, store } = load(SPIN, { epoch: true });
  store.epochDeadline = 1;
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => Atomics.add(new Int32Array(workerData), 0, 1), 50);`,
    { eval: true, workerData: store.epoch.buffer },
  );
  await new Promise((r) => worker.once('online', r));
  const t0 = Date.now();
  const e = trapOf(() => exports.spin());
  t.equal(e.trapCode, TrapCode.Interrupt);
  t.equal(e.message, 'interrupt');
  t.ok(Date.now() - t0 < 5000, 'stopped promptly');
  await worker.terminate();
});

t.test('an epoch already past the deadline traps at function entry', async (t) => {
  const { exports, store } = load(`(module (func (export "f") (result i32) (i32.const 1)))`, { epoch: true });
  store.epochDeadline = 0;
  t.equal(trapOf(() => exports.f()).trapCode, TrapCode.Interrupt);
  store.epochDeadline = 10;
  t.equal(exports.f(), 1);
});

t.test('deep recursion traps with StackOverflow for several limits, never a RangeError', async (t) => {
  const depths: number[] = [];
  // 4 MiB (the interpreter test's largest) would need more frames than V8's own stack holds.
  for (const limit of [16 * 1024, 64 * 1024, 512 * 1024]) {
    const { exports, store } = load(REC, { stackLimit: true });
    store.maxWasmStack = limit;
    for (let run = 0; run < 2; run++) {
      exports.reset();
      const e = trapOf(() => exports.rec(100_000_000));
      t.equal(e.trapCode, TrapCode.StackOverflow, `limit ${limit}`);
      t.equal(e.message, 'call stack exhausted');
      const d = exports.depth() as number;
      if (run === 1) t.equal(d, depths[depths.length - 1], 'same limit, same depth');
      else depths.push(d);
    }
  }
  for (let i = 1; i < depths.length; i++) t.ok(depths[i] > depths[i - 1], 'a larger limit allows deeper recursion');
});

t.test('recursion within the limit completes; tail calls reuse the frame', async (t) => {
  const { exports, store } = load(REC, { stackLimit: true });
  store.maxWasmStack = 64 * 1024;
  t.equal(exports.rec(100), 100);
  t.equal(exports.tail(1_000_000), 42, 'a million tail calls in a 64 KiB stack');
});

/** A try_table whose catch lands on a loop label: each round throws from deep down and retries. */
const CATCH_LOOP = `(module
  (tag $e)
  (func $deep (param i32)
    (if (i32.eqz (local.get 0)) (then (throw $e)))
    (call $deep (i32.sub (local.get 0) (i32.const 1))))
  (func (export "rounds") (param $n i32) (result i32) (local $i i32)
    (loop $retry
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_u (local.get $i) (local.get $n))
        (then (try_table (catch $e $retry) (call $deep (i32.const 20))))))
    (local.get $i)))`;

t.test('stack and fuel passes around a catch that lands on a loop label', async (t) => {
  const ir = parse(parser.watToBinary(CATCH_LOOP, {}));
  const interp = new InterpreterBackend();
  // The reference: the original module on the interpreter with its own fuel accounting.
  const refStore = makeStore();
  refStore.fuelEnabled = true;
  refStore.fuel = 1_000_000;
  const ref = interp.compile(ir, { ...OFF, fuel: true }).instantiate({
    store: refStore, imports: { funcs: [], tables: [], memories: [], globals: [], tags: [] }, allocator, trapHandler, registry, instanceId: 1,
  });
  t.equal(fn(ref, 'rounds')(10), 10);
  const refUsed = 1_000_000 - refStore.fuel;

  // The native passes' output, run by the interpreter with weft:rt provided by hand.
  const out = native.rewrite(ir, { ...OFF, fuel: true, stackLimit: true });
  const rewritten = parse(out.bytes);
  t.same(out.layout.runtimeImports, ['fuel', 'stack']);
  const fuel = new GlobalInstance({ type: 'i64', mutable: true }, 1_000_000n);
  // Room for one round (rounds' frame + 21 frames of $deep = 888 bytes), not for two: a
  // landing that left the thrower's frames charged overflows in the second round.
  const stack = new GlobalInstance({ type: 'i32', mutable: true }, 1500);
  const inst = interp.compile(rewritten, OFF).instantiate({
    store: makeStore(), imports: { funcs: [], tables: [], memories: [], globals: [fuel, stack], tags: [] },
    allocator, trapHandler, registry, instanceId: 2,
  });
  t.equal(fn(inst, 'rounds')(10), 10, 'same result');
  t.equal(stack.value, 1500, 'every caught throw put the stack counter back: no drift');
  t.equal(1_000_000n - (fuel.value as bigint), BigInt(refUsed), 'fuel charged exactly as the interpreter charges');
});
