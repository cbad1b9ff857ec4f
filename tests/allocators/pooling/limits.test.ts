import t from 'tap';
import { Memory, Store, Table, WeftError } from '../../../index.js';
import {
  PoolExhaustedError, PoolLimitError, PoolingAllocator, isPoolExhaustedError, isPoolLimitError, poolingConfigSchema,
  resolvePoolingConfig, POOLING_DEFAULTS,
} from '../../../allocators/pooling/index.js';
import { funcref } from '../../../kernel/ir/types.js';
import { PAGE, READER, caught, instantiate, poolEngine } from './helpers.js';

t.test('totalInstances: the next instance throws PoolExhaustedError naming the limit', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalInstances: 2 });
  const a = instantiate(engine, linker, '(module)');
  instantiate(engine, linker, '(module)');
  const e = caught(() => instantiate(engine, linker, '(module)'));
  t.ok(isPoolExhaustedError(e));
  t.ok(e instanceof WeftError);
  t.match(e, { code: 'pool_exhausted', limit: 'totalInstances', configured: 2, message: 'pool exhausted: totalInstances (2) in use' });
  t.same((e as PoolExhaustedError).toJSON(), {
    name: 'PoolExhaustedError', code: 'pool_exhausted', message: 'pool exhausted: totalInstances (2) in use', limit: 'totalInstances', configured: 2,
  });
  a.dispose();
  t.ok(instantiate(engine, linker, '(module)'), 'a disposed instance frees its slot');
  t.equal(pool.metrics().slotsInUse, 2);
});

t.test('totalMemories and totalTables', async (t) => {
  const { engine, linker } = poolEngine({ totalMemories: 1, totalTables: 1 });
  instantiate(engine, linker, '(module (memory 1))');
  t.match(caught(() => instantiate(engine, linker, '(module (memory 1))')), { code: 'pool_exhausted', limit: 'totalMemories', message: 'pool exhausted: totalMemories (1) in use' });
  instantiate(engine, linker, '(module (table 1 funcref))');
  t.match(caught(() => instantiate(engine, linker, '(module (table 1 funcref))')), { limit: 'totalTables', message: 'pool exhausted: totalTables (1) in use' });
  const store = new Store(engine);
  t.match(caught(() => Memory.create(store, { min: 1 })), { limit: 'totalMemories' }, 'standalone memories count too');
  t.match(caught(() => Table.create(store, { element: funcref, limits: { min: 1, max: null }, address: 'i32' }, null)), { limit: 'totalTables' });
});

t.test('a refused allocation takes nothing', async (t) => {
  const { engine, linker, pool } = poolEngine({ totalTables: 0 });
  const before = pool.metrics();
  t.match(caught(() => instantiate(engine, linker, '(module (memory 1) (table 1 funcref))')), { limit: 'totalTables' });
  t.same(pool.metrics(), before);
  t.match(caught(() => instantiate(engine, linker, '(module (memory 9))')), { limit: 'maxMemorySize' });
  t.same(pool.metrics(), before);
});

t.test('per-module limits throw PoolLimitError (resource_limit)', async (t) => {
  const { engine, linker } = poolEngine({ maxMemoriesPerModule: 1, maxTablesPerModule: 1, tableElements: 10 });
  const two = caught(() => instantiate(engine, linker, '(module (memory 1) (memory 1))'));
  t.ok(isPoolLimitError(two));
  t.match(two, { code: 'resource_limit', limit: 'maxMemoriesPerModule', configured: 1, message: 'pool limit: module defines 2 memories, maxMemoriesPerModule is 1' });
  t.match(caught(() => instantiate(engine, linker, '(module (table 1 funcref) (table 1 funcref))')), { limit: 'maxTablesPerModule' });
  t.match(caught(() => instantiate(engine, linker, '(module (memory 5))')),
    { limit: 'maxMemorySize', message: `pool limit: memory 0 needs 5 pages, maxMemorySize is ${4 * PAGE} bytes (4 pages)` });
  t.match(caught(() => instantiate(engine, linker, '(module (table 11 funcref))')),
    { limit: 'tableElements', message: 'pool limit: table 0 needs 11 elements, tableElements is 10' });
  t.ok(caught(() => instantiate(engine, linker, '(module (table 11 funcref))')) instanceof PoolLimitError);
});

t.test('growth stops at maxMemorySize and tableElements', async (t) => {
  const { engine, linker } = poolEngine({ tableElements: 3 });
  const inst = instantiate(engine, linker, `(module (memory (export "m") 1) (table (export "t") 1 funcref)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`);
  const grow = inst.getTypedFunc<[number], number>('grow');
  t.equal(grow.call(3), 1, 'to the slot size');
  t.equal(grow.call(1), -1, 'past maxMemorySize');
  t.equal(inst.getMemory('m')!.handle.maxPages, 4);
  const tgrow = inst.getTypedFunc<[number], number>('tgrow');
  t.equal(tgrow.call(2), 1);
  t.equal(tgrow.call(1), -1, 'past tableElements');
});

t.test('store limits are consulted at allocation', async (t) => {
  const { engine, linker } = poolEngine();
  const store = new Store(engine, { limits: { maxMemoryBytes: PAGE } });
  t.match(caught(() => instantiate(engine, linker, '(module (memory 2))', store)), { code: 'resource_limit', message: /exceeds memory limits/ });
  const refusing = new Store(engine, { limits: { tableGrowing: () => false } });
  t.match(caught(() => instantiate(engine, linker, '(module (table 1 funcref))', refusing)), { code: 'resource_limit', message: /exceeds table limits/ });
  t.ok(instantiate(engine, linker, READER, store));
});

t.test('config: defaults, validation, schema', async (t) => {
  t.same(resolvePoolingConfig(), POOLING_DEFAULTS);
  t.throws(() => new PoolingAllocator({ totalInstances: -1 }), { code: 'invalid_config', message: /totalInstances must be a non-negative integer/ });
  t.throws(() => new PoolingAllocator({ maxMemorySize: 1000 }), { code: 'invalid_config', message: /multiple of 65536/ });
  t.throws(() => new PoolingAllocator({ bogus: 1 } as never), { code: 'invalid_config', message: /unknown option bogus/ });
  t.same(Object.keys(poolingConfigSchema.properties).sort(), Object.keys(POOLING_DEFAULTS).sort());
  const { pool } = poolEngine({ totalMemories: 5, reserveAtCreation: 3 });
  t.equal(pool.metrics().reservedSlots, 3, 'reserveAtCreation buffers reserved with the engine');
  t.equal(pool.config.totalMemories, 5);
});

t.test('manifest config is checked against the schema', async (t) => {
  const { Engine } = await import('../../../index.js');
  const { poolingPlugin } = await import('../../../allocators/pooling/index.js');
  t.throws(() => new Engine({ allocator: 'pooling', plugins: [poolingPlugin], allocatorConfig: { maxMemorySize: 'big' } }));
});
