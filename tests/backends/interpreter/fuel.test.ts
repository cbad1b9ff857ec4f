import t from 'tap';
import { load } from './test-support.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { LOOP } from '../../fixtures/limits/programs.js';

t.test('fuel is exact: a completed run consumes the sum of its operator costs', (t) => {
  const { exports, store } = load(LOOP, { fuel: true });
  store.fuelEnabled = true;
  store.fuel = 1_000_000;
  t.equal(exports.count(0), 0);
  // block/loop/end cost 0; br_if, ge_u, 2x local.get = 4 for the exit test; local.get s -> 1
  t.equal(1_000_000 - store.fuel, 5, 'count(0) costs 5');
  store.fuel = 1_000_000;
  exports.count(10);
  // each iteration: 4 (test) + 4 (add s) + 4 (add i) + br = 13; then exit test 4 + final get 1
  t.equal(1_000_000 - store.fuel, 10 * 13 + 5);
  store.fuel = 100;
  exports.free();
  // nop, drop, block, loop, end, else cost 0; i32.const costs 1
  t.equal(100 - store.fuel, 1);
  store.fuel = 100;
  t.equal(exports.calls(), 2);
  // outer: i32.const, call, call (3) + two bodies of local.get, i32.const, i32.add (3 each)
  t.equal(100 - store.fuel, 9);
  t.end();
});

t.test('running out of fuel traps deterministically at the same point', (t) => {
  const results: [number, number][] = [];
  for (let run = 0; run < 3; run++) {
    const { exports, store } = load(LOOP, { fuel: true });
    store.fuelEnabled = true;
    store.fuel = 1000;
    try {
      exports.count(1_000_000);
      t.fail('should trap');
    } catch (e) {
      t.ok(e instanceof Trap && e.trapCode === TrapCode.OutOfFuel, 'OutOfFuel');
      t.equal((e as Trap).message, 'all fuel consumed by WebAssembly');
      results.push([store.fuel, (e as Trap).backtrace[0].offset]);
    }
  }
  t.same(results[1], results[0]);
  t.same(results[2], results[0]);
  t.ok(results[0][0] >= 0 && results[0][0] < 13, 'remaining fuel is less than one iteration');
  t.end();
});

t.test('without the fuel option no fuel is consumed', (t) => {
  const { exports, store } = load(LOOP);
  store.fuel = 7;
  exports.count(100);
  t.equal(store.fuel, 7);
  t.end();
});
