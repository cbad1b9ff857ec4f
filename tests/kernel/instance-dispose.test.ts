import t from 'tap';
import { poolingPlugin } from '../../allocators/pooling/index.js';
import { Engine, Linker, Module, Store, isWeftError } from '../../index.js';

const WAT = `(module (memory (export "m") 1)
  (table (export "t") 1 funcref) (elem (i32.const 0) $inner)
  (func $inner (result i32) (i32.load (i32.const 0)))
  (func (export "get") (result i32) (call $inner))
  (func (export "put") (param i32) (i32.store (i32.const 0) (local.get 0))))`;

for (const allocator of ['guard-page', 'pooling']) {
  t.test(`${allocator}: calls into a disposed instance are refused by the API`, async (t) => {
    const engine = new Engine({ allocator, plugins: allocator === 'pooling' ? [poolingPlugin] : [] });
    const module = Module.fromText(engine, WAT);
    const store = new Store(engine);
    const linker = new Linker(engine);
    const a = linker.instantiate(store, module);
    const get = a.getFunc('get')!;
    const put = a.getFunc('put')!;
    const inner = a.getTable('t')!.get(0) as { call(): unknown };
    put.call(42);
    t.equal(get.call(), 42);
    a.dispose();
    // A second instance may take the first one's (recycled) memory.
    const b = linker.instantiate(store, module);
    b.getFunc('put')!.call(7);
    for (const [what, run] of [
      ['held export', () => get.call()],
      ['held export with arguments', () => put.call(1)],
      ['funcref taken from its table', () => inner.call()],
      ['callBits', () => get.callBits([])],
    ] as const) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      t.ok(isWeftError(err), `${what}: a WeftError`);
      t.equal((err as { code?: string }).code, 'instance_disposed', `${what}: code instance_disposed`);
      t.match((err as Error).message, /disposed/);
    }
    await t.rejects(get.callAsync(), { code: 'instance_disposed' }, 'callAsync too');
    t.equal(b.getFunc('get')!.call(), 7, 'the live instance is untouched');
    store.dispose();
    t.throws(() => b.getFunc('get')!.call(), { code: 'store_disposed' });
  });
}

t.test('functions the instance imported stay callable after it is disposed', async (t) => {
  const engine = new Engine();
  const store = new Store(engine);
  const linker = new Linker(engine);
  const lib = linker.instantiate(store, Module.fromText(engine, '(module (func (export "one") (result i32) i32.const 1))'));
  linker.defineInstance('lib', lib);
  const user = linker.instantiate(store, Module.fromText(engine,
    '(module (import "lib" "one" (func $one (result i32))) (export "again" (func $one)))'));
  const again = user.getFunc('again')!;
  user.dispose();
  t.equal(again.call(), 1, 'a re-export belongs to lib, which is live');
  lib.dispose();
  t.throws(() => again.call(), { code: 'instance_disposed' });
});
