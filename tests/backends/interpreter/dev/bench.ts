/**
 * Dev benchmark (not a tap test): the interpreter against the host's WebAssembly on the same
 * bytes. `node dist/tests/backends/interpreter/dev/bench.js`
 */
import { watToBinary } from '../../../../plugins/parser/text/wat.js';
import { load } from '../test-support.js';

const WAT = `(module
  (memory (export "memory") 1)
  (func (export "loop") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done (loop $top
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (i32.xor (local.get $i) (i32.mul (local.get $i) (i32.const 7)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $top)))
    (local.get $s))
  (func (export "mem") (param $n i32) (result i32) (local $i i32) (local $a i32)
    (block $done (loop $top
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 65532)))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $top)))
    (i32.load (i32.const 400)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "f64") (param $n i32) (result f64) (local $i i32) (local $x f64)
    (block $done (loop $top
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $x (f64.add (f64.mul (local.get $x) (f64.const 0.999)) (f64.convert_i32_s (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $top)))
    (local.get $x)))`;

function time(f: () => unknown): [number, unknown] {
  const t0 = performance.now();
  const r = f();
  return [performance.now() - t0, r];
}

const bytes = watToBinary(WAT);
const host = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (...a: number[]) => number>;
const { exports } = load(WAT);
const cases: [string, number][] = [['loop', 30_000_000], ['mem', 20_000_000], ['fib', 30], ['f64', 20_000_000]];
for (const [name, arg] of cases) {
  exports[name](arg > 1000 ? 100_000 : 20); // warm up
  host[name](arg > 1000 ? 100_000 : 20);
  const [ti, ri] = time(() => exports[name](arg));
  const [th, rh] = time(() => host[name](arg));
  console.log(`${name.padEnd(5)} interpreter ${ti.toFixed(0).padStart(6)} ms   host ${th.toFixed(0).padStart(5)} ms   ratio ${(ti / th).toFixed(1)}x   ${ri === rh ? 'same result' : `DIFFERENT ${ri} vs ${rh}`}`);
}
