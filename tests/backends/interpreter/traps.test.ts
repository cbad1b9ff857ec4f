import t from 'tap';
import { load } from './test-support.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';

const MOD = `(module
  (type $v (func))
  (type $i (func (result i32)))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) $inner $ret)
  (func $inner (unreachable))
  (func $ret (result i32) (i32.const 7))
  (func $middle (call $inner))
  (func (export "outer") (call $middle))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "ci") (param i32) (result i32) (call_indirect (type $i) (local.get 0)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))`;

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('no trap');
}

t.test('traps carry code, spec message and a wasm backtrace', (t) => {
  const { exports } = load(MOD, { moduleName: 'm' });
  const e = trapOf(() => exports.outer());
  t.equal(e.trapCode, TrapCode.UnreachableCodeReached);
  t.equal(e.message, 'unreachable');
  t.same(e.backtrace.map((f) => f.funcIndex), [0, 2, 3], 'innermost first');
  t.same(e.backtrace.map((f) => f.funcName), ['inner', 'middle', null]);
  t.ok(e.backtrace.every((f) => f.offset > 0 && f.module === 'm'), 'offsets and module name');
  t.ok(e.backtrace[0].offset < e.backtrace[1].offset, 'byte offsets point into each function');
  t.end();
});

t.test('numeric, memory and call_indirect traps', (t) => {
  const { exports } = load(MOD);
  t.equal(trapOf(() => exports.div(1, 0)).message, 'integer divide by zero');
  t.equal(trapOf(() => exports.div(-2147483648, -1)).message, 'integer overflow');
  t.equal(trapOf(() => exports.trunc(NaN)).message, 'invalid conversion to integer');
  t.equal(trapOf(() => exports.trunc(3e9)).trapCode, TrapCode.IntegerOverflow);
  t.equal(exports.load(65528), 0);
  t.equal(trapOf(() => exports.load(65529)).trapCode, TrapCode.MemoryOutOfBounds);
  t.equal(trapOf(() => exports.load(-1)).message, 'out of bounds memory access', 'effective address overflow');
  t.equal(exports.ci(1), 7);
  t.equal(trapOf(() => exports.ci(0)).message, 'indirect call type mismatch');
  t.equal(trapOf(() => exports.ci(2)).message, 'uninitialized element');
  t.equal(trapOf(() => exports.ci(3)).message, 'undefined element');
  t.end();
});
