import t from 'tap';
import { load } from './test-support.js';
import type { RuntimeEvent } from '../../../kernel/events/runtime-event.js';

const MOD = `(module (memory 1 4)
  (func $leaf (result i32) (memory.grow (i32.const 1)))
  (func (export "run") (result i32) (call $leaf)))`;

t.test('memory.grown and per-call events are emitted only when observed / compiled in', (t) => {
  const { exports, store } = load(MOD, { callHooks: true });
  const seen: RuntimeEvent[] = [];
  const sub = store.events.events$.subscribe((e) => seen.push(e));
  t.equal(exports.run(), 1);
  sub.unsubscribe();
  t.same(seen.map((e) => e.type), ['call.enter', 'call.enter', 'memory.grown', 'call.exit', 'call.exit']);
  const g = seen.find((e) => e.type === 'memory.grown');
  t.match(g, { oldPages: 1, newPages: 2 });
  t.equal(exports.run(), 2, 'no subscriber: still runs');
  const plain = load(MOD);
  const seen2: RuntimeEvent[] = [];
  plain.store.events.events$.subscribe((e) => seen2.push(e));
  plain.exports.run();
  t.same(seen2.map((e) => e.type), ['memory.grown'], 'no call events unless compiled with callHooks');
  t.end();
});
