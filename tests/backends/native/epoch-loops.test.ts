/**
 * The epoch pass leaves a loop at its header every LOOP_POLL_INTERVAL iterations, polls outside
 * it and re-enters (loop-poll.ts), re-encoding branches that cross the inserted labels. Loops
 * running many intervals, with branches to every kind of outer label, nested loops, loop
 * results and legacy exceptions, must compute what the interpreter computes.
 */
import t from 'tap';
import { NativeBackend } from '../../../backends/native/index.js';
import { LOOP_POLL_INTERVAL } from '../../../backends/native/instrument/body-rewriter.js';
import { InterpreterBackend } from '../../../backends/interpreter/index.js';
import { WeftParser } from '../../../plugins/parser/index.js';
import { NO_IMPORTS, OFF, allocator, fn, makeStore, parse, registry, trapHandler } from './harness.js';

const WAT = `(module
  (tag $skip (param i32))
  ;; br_table to the loop, an inner block and the function label; br_if out of two levels
  (func (export "mixed") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $out
      (loop $top
        (block $odd
          (block $even
            (br_table $even $odd $out (select (i32.const 2) (i32.and (local.get $i) (i32.const 1))
              (i32.ge_u (local.get $i) (local.get $n)))))
          (local.set $acc (i32.add (local.get $acc) (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $top))
        (local.set $acc (i32.xor (local.get $acc) (i32.mul (local.get $i) (i32.const 7))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $top (i32.lt_u (local.get $i) (i32.const 1000000)))
        (return (i32.const -1))))
    (local.get $acc))
  ;; nested loops, the inner one continuing the outer one directly
  (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $outer (i32.and (i32.eq (local.get $j) (i32.const 3)) (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (br_if $inner (i32.lt_u (local.get $j) (i32.const 700)))))
    (local.get $s))
  ;; a loop with a result, left by falling through
  (func (export "result") (param $n i32) (result i32) (local $i i32)
    (loop $l (result i32)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))
      (i32.mul (local.get $i) (i32.const 3))))
  ;; legacy exceptions thrown and caught inside a polled loop, rethrow and delegate across it
  (func $maybe (param i32) (if (i32.eqz (i32.rem_u (local.get 0) (i32.const 5))) (then (throw $skip (local.get 0)))))
  (func (export "exceptions") (param $n i32) (result i32) (local $i i32) (local $caught i32)
    (try
      (do
        (loop $l
          (try
            (do (call $maybe (local.get $i)))
            (catch $skip (drop) (local.set $caught (i32.add (local.get $caught) (i32.const 1)))))
          ;; delegate to the try just outside it, inside the loop
          (try (do (try (do (if (i32.eq (local.get $i) (i32.const 4321)) (then (call $maybe (i32.const 0)))))
                        (delegate 0)))
               (catch_all (local.set $caught (i32.add (local.get $caught) (i32.const 1000)))))
          ;; delegate across the loop (and its inserted labels) to the function's try
          (try (do (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 2))) (then (call $maybe (i32.const 0)))))
               (delegate 1))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
      (catch_all (return (i32.sub (local.get $caught) (i32.const 100000)))))
    (local.get $caught)))`;

t.test('loops polled many times compute what the interpreter computes', async (t) => {
  const ir = parse(new WeftParser().watToBinary(WAT, {}));
  const opts = { ...OFF, epoch: true };
  const nat = new NativeBackend().compile(ir, opts);
  const int = new InterpreterBackend().compile(ir, opts);
  const store = (): ReturnType<typeof makeStore> => {
    const s = makeStore();
    s.epochEnabled = true;
    s.epochDeadline = 1;
    return s;
  };
  const a = nat.instantiate({ store: store(), imports: NO_IMPORTS, allocator, trapHandler, registry, instanceId: 1 });
  const b = int.instantiate({ store: store(), imports: NO_IMPORTS, allocator, trapHandler, registry, instanceId: 2 });
  const n = LOOP_POLL_INTERVAL * 7 + 13;
  for (const [name, arg] of [['mixed', n], ['mixed', 5], ['nested', 40], ['result', n], ['result', 1], ['exceptions', n]] as const) {
    t.equal(fn(a, name)(arg), fn(b, name)(arg), `${name}(${arg})`);
  }
  t.equal(fn(a, 'result')(n), n * 3);
  t.equal(fn(a, 'exceptions')(n), Math.floor((n - 2) / 5) + 1 + 1000 - 100000, 'the last delegate reached the outer try');
});
