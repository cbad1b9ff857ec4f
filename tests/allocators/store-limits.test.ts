import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Engine, Linker, Module, Store, type StoreLimits } from '../../index.js';
import { poolingPlugin } from '../../allocators/pooling/index.js';
import { weftIn } from '../cli/helpers.js';

// Store limits (Wasmtime's StoreLimits / ResourceLimiter) hold whatever allocator hands out the
// memories and tables: every case runs on guard-page and on pooling.

const PAGE = 65536;
const GROWER = `(module
  (memory (export "mem") 1)
  (table (export "tab") 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`;

type AllocatorId = 'guard-page' | 'pooling';
const ALLOCATORS: readonly AllocatorId[] = ['guard-page', 'pooling'];

function engineWith(allocator: AllocatorId, backend: 'interpreter' | 'native' = 'interpreter'): Engine {
  return new Engine(allocator === 'pooling'
    ? { backend, allocator, plugins: [poolingPlugin], allocatorConfig: { maxMemorySize: 8 * PAGE, totalInstances: 8, totalMemories: 8, totalTables: 8 } }
    : { backend, allocator });
}

function grower(engine: Engine, limits: StoreLimits) {
  const store = new Store(engine, { limits });
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, GROWER));
  return {
    store,
    grow: inst.getTypedFunc<[number], number>('grow'),
    tgrow: inst.getTypedFunc<[number], number>('tgrow'),
  };
}

function code(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code?: unknown }).code ?? (e as Error).message;
  }
}

for (const allocator of ALLOCATORS) {
  t.test(`${allocator}: maxMemoryBytes and maxTableElements make grow return -1`, async (t) => {
    const { grow, tgrow } = grower(engineWith(allocator), { maxMemoryBytes: 3 * PAGE, maxTableElements: 4 });
    t.equal(grow.call(2), 1);
    t.equal(grow.call(1), -1, 'a fourth page is refused');
    t.equal(grow.call(0), 3, 'the size is unchanged');
    t.equal(tgrow.call(3), 1);
    t.equal(tgrow.call(1), -1, 'a fifth element is refused');
  });

  t.test(`${allocator}: trapOnGrowFailure traps instead`, async (t) => {
    const { grow, tgrow } = grower(engineWith(allocator), { maxMemoryBytes: 2 * PAGE, maxTableElements: 2, trapOnGrowFailure: true });
    t.equal(grow.call(1), 1);
    t.throws(() => grow.call(1), { name: 'Trap', message: /memory\.grow refused by store limits/ });
    t.equal(tgrow.call(1), 1);
    t.throws(() => tgrow.call(1), { name: 'Trap', message: /table\.grow refused by store limits/ });
  });

  t.test(`${allocator}: the user callbacks see each grow and may refuse it`, async (t) => {
    const memAsked: number[][] = [];
    const tabAsked: number[][] = [];
    const { grow, tgrow } = grower(engineWith(allocator), {
      memoryGrowing: (cur, want) => { memAsked.push([cur, want]); return want <= 2 * PAGE; },
      tableGrowing: (cur, want) => { tabAsked.push([cur, want]); return want <= 3; },
    });
    t.equal(grow.call(1), 1);
    t.equal(grow.call(1), -1);
    t.same(memAsked.slice(-2), [[PAGE, 2 * PAGE], [2 * PAGE, 3 * PAGE]]);
    t.equal(tgrow.call(2), 1);
    t.equal(tgrow.call(1), -1);
    t.same(tabAsked.slice(-2), [[1, 3], [3, 4]]);
  });

  t.test(`${allocator}: maxInstances, maxMemories and maxTables refuse the next instance`, async (t) => {
    const engine = engineWith(allocator);
    const linker = new Linker(engine);
    const mem = Module.fromText(engine, '(module (memory 1))');
    const tab = Module.fromText(engine, '(module (table 1 funcref))');
    const none = Module.fromText(engine, '(module)');
    const instances = new Store(engine, { limits: { maxInstances: 1 } });
    linker.instantiate(instances, none);
    t.match(code(() => linker.instantiate(instances, none)), 'resource_limit');
    const memories = new Store(engine, { limits: { maxMemories: 1 } });
    const first = linker.instantiate(memories, mem);
    t.match(code(() => linker.instantiate(memories, mem)), 'resource_limit');
    first.dispose();
    t.equal(code(() => linker.instantiate(memories, mem)), null, 'a disposed instance gives its memory back to the count');
    const tables = new Store(engine, { limits: { maxTables: 1 } });
    linker.instantiate(tables, tab);
    t.match(code(() => linker.instantiate(tables, tab)), 'resource_limit');
  });

  t.test(`${allocator}: a minimum size beyond the limits refuses instantiation`, async (t) => {
    const engine = engineWith(allocator);
    const store = new Store(engine, { limits: { maxMemoryBytes: PAGE, maxTableElements: 2 } });
    t.throws(() => new Linker(engine).instantiate(store, Module.fromText(engine, '(module (memory 2))')),
      { code: 'resource_limit', message: 'memory minimum size of 2 pages exceeds memory limits' });
    t.throws(() => new Linker(engine).instantiate(store, Module.fromText(engine, '(module (table 3 funcref))')),
      { code: 'resource_limit', message: 'table minimum size of 3 elements exceeds table limits' });
  });
}

t.test('the manifest\'s limits reach every store of the engine', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-limits-'));
  const manifest = join(dir, 'weft.json');
  writeFileSync(manifest, JSON.stringify({ allocator: { id: 'pooling', maxMemorySize: 8 * PAGE }, limits: { maxMemoryBytes: 2 * PAGE } }));
  const engine = new Engine({ manifest });
  t.equal(engine.allocator.id, 'pooling');
  const { grow } = grower(engine, {});
  t.equal(grow.call(1), 1);
  t.equal(grow.call(1), -1, 'limits.maxMemoryBytes from the manifest');
});

// On the interpreter: native code grows its host memory inside V8, which never asks weft's
// store limits (see allocators/pooling/README.md, "Store limits on native").
t.test('weft run --backend interpreter --max-memory-size caps memory.grow, on either allocator', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-limits-'));
  const wat = join(dir, 'grow.wat');
  writeFileSync(wat, GROWER);
  for (const allocator of ALLOCATORS) {
    const ok = await weftIn(['run', '--backend', 'interpreter', '--allocator', allocator, '--max-memory-size', '128K', wat, '--invoke', 'grow', '1']);
    t.equal(ok.stdout, '1\n', `${allocator}: within the cap`);
    const refused = await weftIn(['run', '--backend', 'interpreter', '--allocator', allocator, '--max-memory-size', '128K', wat, '--invoke', 'grow', '2']);
    t.equal(refused.stdout, '-1\n', `${allocator}: past the cap`);
  }
});
