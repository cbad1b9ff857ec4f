import t from 'tap';
import { load, newStore } from './test-support.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';

const MOD = `(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done (loop $top
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (call $fetch (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $top)))
    (local.get $s))
  (func (export "tail") (param i32) (result i32) (return_call $fetch (local.get 0))))`;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('an async host function suspends the guest and resumes it', async (t) => {
  const { asyncExports } = load(MOD, { host: { 'host.fetch': async (_c, x: number) => { await delay(1); return x * 10; } } });
  t.equal(await asyncExports.sum(5), 100);
  t.equal(await asyncExports.tail(7), 70, 'return_call to an async host function');
});

t.test('a rejection becomes Trap(HostError) with the rejection as cause', async (t) => {
  const boom = new Error('boom');
  const { asyncExports } = load(MOD, { host: { 'host.fetch': async (_c, x: number) => { if (x === 2) throw boom; return x; } } });
  try {
    await asyncExports.sum(5);
    t.fail('should trap');
  } catch (e) {
    t.ok(e instanceof Trap);
    t.equal((e as Trap).trapCode, TrapCode.HostError);
    t.equal((e as Trap).cause, boom);
    t.ok((e as Trap).backtrace.length >= 1, 'has a wasm backtrace');
  }
});

t.test('synchronous entry meeting a Promise traps clearly', (t) => {
  const { exports } = load(MOD, { host: { 'host.fetch': async () => 1 } });
  try {
    exports.sum(1);
    t.fail('should trap');
  } catch (e) {
    t.ok(e instanceof Trap && e.trapCode === TrapCode.HostError);
    t.equal((e as Trap).message, 'host function returned a Promise; call the export with callAsync');
  }
  t.end();
});

t.test('two suspended guests in two stores do not interfere', async (t) => {
  const a = load(MOD, { store: newStore(), host: { 'host.fetch': async (_c, x: number) => { await delay(3); return x; } } });
  const b = load(MOD, { store: newStore(), host: { 'host.fetch': async (_c, x: number) => { await delay(1); return x * 100; } } });
  const [ra, rb, ra2] = await Promise.all([a.asyncExports.sum(10), b.asyncExports.sum(10), a.asyncExports.sum(4)]);
  t.equal(ra, 45);
  t.equal(rb, 4500);
  t.equal(ra2, 6, 'two suspended calls in the same store too');
  t.equal(a.exports.sum.length >= 0, true);
});
