import t from 'tap';
import { load } from './test-support.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { REC } from '../../fixtures/limits/programs.js';

t.test('deep recursion traps with StackOverflow for several limits, never a RangeError', (t) => {
  const depths: number[] = [];
  for (const limit of [16 * 1024, 64 * 1024, 512 * 1024, 4 * 1024 * 1024]) {
    const { exports, store } = load(REC);
    store.maxWasmStack = limit;
    for (let run = 0; run < 2; run++) {
      exports.reset();
      try {
        exports.rec(100_000_000);
        t.fail('should overflow');
      } catch (e) {
        t.ok(e instanceof Trap, `limit ${limit}: a Trap, not ${String(e)}`);
        t.equal((e as Trap).trapCode, TrapCode.StackOverflow);
        t.equal((e as Trap).message, 'call stack exhausted');
      }
      const d = exports.depth() as number;
      if (run === 1) t.equal(d, depths[depths.length - 1], 'same limit, same depth');
      else depths.push(d);
    }
  }
  for (let i = 1; i < depths.length; i++) t.ok(depths[i] > depths[i - 1], 'a larger limit allows deeper recursion');
  t.end();
});

t.test('recursion within the limit completes; tail calls reuse the frame', (t) => {
  const { exports, store } = load(REC);
  store.maxWasmStack = 64 * 1024;
  t.equal(exports.rec(100), 100);
  t.equal(exports.tail(1_000_000), 42, 'a million tail calls in a 64 KiB stack');
  t.end();
});
