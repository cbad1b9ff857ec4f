/**
 * The translator's superinstructions (fused address modes, load→store copies, AddI2, Mov2,
 * a + (b << k), rotations by constants) and the inline i64 operators, checked against the
 * host engine on the same bytes: results, wrap-around of `base + constant` addresses, and
 * out-of-bounds traps raised by the fused instruction.
 */
import t from 'tap';
import { watToBinary } from '../../../plugins/parser/text/wat.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { load } from './test-support.js';

const WAT = `(module
  (memory 1)
  ;; AddI feeding loads of every fused width; the constant may wrap the 32-bit address.
  (func (export "ldA") (param $p i32) (result i32)
    (i32.add
      (i32.add (i32.load offset=4 (i32.add (local.get $p) (i32.const 8)))
               (i32.load8_u offset=1 (i32.add (local.get $p) (i32.const -4))))
      (i32.add (i32.load16_s (i32.add (local.get $p) (i32.const 2)))
               (i32.wrap_i64 (i64.load offset=8 (i32.add (local.get $p) (i32.const 16)))))))
  ;; AddI feeding stores (value a local or a constant)
  (func (export "stA") (param $p i32) (param $v i32)
    (i32.store offset=4 (i32.add (local.get $p) (i32.const 8)) (local.get $v))
    (i32.store8 (i32.add (local.get $p) (i32.const 1)) (i32.const 0x1ff))
    (i32.store16 (i32.add (local.get $p) (i32.const 2)) (local.get $v))
    (f64.store (i32.add (local.get $p) (i32.const 24)) (f64.convert_i32_s (local.get $v))))
  ;; a + (b << k) feeding loads and stores, and a load feeding a store (copy)
  (func (export "idx") (param $a i32) (param $b i32) (result i32) (local $v i32)
    (local.set $v (i32.load offset=4 (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 2)))))
    (i32.store (i32.add (i32.shl (local.get $b) (i32.const 3)) (local.get $a)) (local.get $v))
    (i64.store offset=16 (local.get $a) (i64.load (i32.add (local.get $a) (local.get $b))))
    (i32.store offset=32 (local.get $a) (i32.load offset=8 (local.get $a)))
    (i32.add (local.get $v) (i32.load offset=16 (local.get $a))))
  ;; two AddI and two moves in a row, rotations by constants
  (func (export "mix") (param $x i32) (param $y i32) (result i32) (local $t i32)
    (local.set $x (i32.add (local.get $x) (i32.const 7)))
    (local.set $y (i32.sub (local.get $y) (i32.const 3)))
    (local.set $t (local.get $x))
    (local.set $x (local.get $y))
    (local.set $y (local.get $t))
    (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 5)) (i32.rotr (local.get $y) (i32.const 37)))
      (i32.xor (i32.shr_u (local.get $x) (i32.const 3)) (i32.xor (local.get $y) (i32.shl (local.get $x) (i32.const 9))))))
  (func (export "init") (local $i i32)
    (loop $l
      (f64.store (i32.shl (local.get $i) (i32.const 3)) (f64.div (f64.convert_i32_s (local.get $i)) (f64.const 7)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 8192)))))
  ;; loads feeding add/mul, eqz of comparisons feeding if/br_if
  (func (export "acc") (param $p i32) (param $n i32) (result f64) (local $s f64) (local $t i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (i32.ge_s (local.get $n) (i32.const 1))))
        (br_if $done (i32.eqz (i32.gt_s (local.get $n) (local.get $t))))
        (local.set $t (i32.add (local.get $t) (i32.load (local.get $p))))
        (local.set $s (f64.add (f64.mul (f64.load offset=8 (local.get $p)) (local.get $s)) (f64.load (local.get $p))))
        (if (i32.eqz (i32.ne (local.get $t) (local.get $n))) (then (local.set $s (f64.neg (local.get $s)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (f64.add (local.get $s) (f64.convert_i32_s (local.get $t))))
  ;; static arrays: (x << k) + constant feeding a load
  (func (export "tab") (param $x i32) (result i32)
    (i32.add (i32.load offset=4 (i32.add (i32.shl (local.get $x) (i32.const 2)) (i32.const 64)))
      (i32.wrap_i64 (i64.load (i32.add (i32.shl (local.get $x) (i32.const 3)) (i32.const -8))))))
  (func (export "i64") (param $a i64) (param $b i64) (result i64)
    (i64.xor (i64.mul (local.get $a) (local.get $b))
      (i64.xor (i64.shl (local.get $a) (local.get $b))
        (i64.xor (i64.shr_u (local.get $a) (local.get $b)) (i64.shr_s (local.get $b) (local.get $a))))))
  (func (export "cmp64") (param $a i64) (param $b i64) (result i32)
    (i32.or (i32.or (i64.lt_s (local.get $a) (local.get $b)) (i32.shl (i64.lt_u (local.get $a) (local.get $b)) (i32.const 1)))
      (i32.or (i32.shl (i64.ge_s (local.get $a) (local.get $b)) (i32.const 2)) (i32.shl (i64.le_u (local.get $a) (local.get $b)) (i32.const 3))))))`;

type Fn = (...a: unknown[]) => unknown;

t.test('fused instructions match the host engine', async (t) => {
  const bytes = watToBinary(WAT);
  const host = (await WebAssembly.instantiate(bytes)).instance.exports as Record<string, Fn>;
  const { exports } = load(WAT);
  const w = exports as unknown as Record<string, Fn>;
  for (const p of [0, 4, 100, 1000]) {
    w.stA(p, p * 7919 - 5);
    host.stA(p, p * 7919 - 5);
    t.equal(w.ldA(p + 4), host.ldA(p + 4), `ldA(${p + 4})`);
    for (const b of [0, 1, 3, 10]) t.equal(w.idx(p, b), host.idx(p, b), `idx(${p}, ${b})`);
  }
  w.init();
  host.init();
  for (const x of [1, 2, 100, 5000]) t.equal(w.tab(x), host.tab(x), `tab(${x})`);
  for (const [p, n] of [[0, 5], [8, 40], [65536 - 64, 6]]) {
    const [x, y] = [w.acc(p, n), host.acc(p, n)];
    t.ok(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)), `acc(${p}, ${n}): ${x} vs ${y}`);
  }
  for (const [x, y] of [[0, 0], [1, 2], [-1, 0x7fffffff], [0x12345678, -0x789abcd]]) t.equal(w.mix(x, y), host.mix(x, y), `mix(${x}, ${y})`);
  const vals = [0n, 1n, -1n, 31n, 32n, 63n, 64n, 0xffffffffn, 0x100000000n, -0x8000000000000000n, 0x123456789abcdef0n, -98765n];
  for (const a of vals) {
    for (const b of vals) {
      t.equal(w.i64(a, b), host.i64(a, b), `i64(${a}, ${b})`);
      t.equal(w.cmp64(a, b), host.cmp64(a, b), `cmp64(${a}, ${b})`);
    }
  }
});

t.test('a base + constant address wraps like the unfused code, and traps where it does', async (t) => {
  const { exports } = load(WAT);
  const w = exports as unknown as Record<string, Fn>;
  // p = -8: p + 8 wraps to 0, so the fused load reads address 4 (no trap).
  t.doesNotThrow(() => w.ldA(-8 + 16));
  const trapOf = (f: () => unknown): Trap => {
    try {
      f();
    } catch (e) {
      if (e instanceof Trap) return e;
      throw e;
    }
    throw new Error('no trap');
  };
  t.equal(trapOf(() => w.ldA(65536 - 8)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.stA(65536 - 12, 1)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.idx(65536 - 4, 0)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.idx(0, 0x4000)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.acc(65536 - 8, 3)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.tab(0)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => w.tab(16384)).trapCode, TrapCode.MemoryOutOfBounds);
});
