import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Engine, Linker, Module, Store, type StoreLimits } from '../../index.js';
import { poolingPlugin } from '../../allocators/pooling/index.js';
import { weftIn } from '../cli/helpers.js';

// Store limits (Wasmtime's StoreLimits / ResourceLimiter) hold whatever allocator hands out the
// memories and tables and whichever backend runs the guest: every case runs on guard-page and on
// pooling, on the interpreter and on native (whose grows go through weft, see
// backends/native/instrument/grow-routing.ts).

const PAGE = 65536;
const GROWER = `(module
  (memory (export "mem") 1)
  (table (export "tab") 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`;

type AllocatorId = 'guard-page' | 'pooling';
const ALLOCATORS: readonly AllocatorId[] = ['guard-page', 'pooling'];
type BackendId = 'interpreter' | 'native';
const BACKENDS: readonly BackendId[] = ['interpreter', 'native'];

function engineWith(allocator: AllocatorId, backend: BackendId = 'interpreter'): Engine {
  return new Engine(allocator === 'pooling'
    ? { backend, allocator, plugins: [poolingPlugin], allocatorConfig: { maxMemorySize: 8 * PAGE, totalInstances: 8, totalMemories: 8, totalTables: 8 } }
    : { backend, allocator });
}

function grower(engine: Engine, limits: StoreLimits, backend?: BackendId) {
  const store = new Store(engine, { limits });
  const module = Module.fromText(engine, GROWER);
  if (backend !== undefined && module.compiled().backend !== backend) throw new Error(`compiled on ${module.compiled().backend}`);
  const inst = new Linker(engine).instantiate(store, module);
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

for (const backend of BACKENDS) for (const allocator of ALLOCATORS) {
  const on = `${backend}, ${allocator}`;
  t.test(`${on}: maxMemoryBytes and maxTableElements make grow return -1`, async (t) => {
    const { grow, tgrow } = grower(engineWith(allocator, backend), { maxMemoryBytes: 3 * PAGE, maxTableElements: 4 }, backend);
    t.equal(grow.call(2), 1);
    t.equal(grow.call(1), -1, 'a fourth page is refused');
    t.equal(grow.call(0), 3, 'the size is unchanged');
    t.equal(tgrow.call(3), 1);
    t.equal(tgrow.call(1), -1, 'a fifth element is refused');
  });

  t.test(`${on}: trapOnGrowFailure traps instead`, async (t) => {
    const { grow, tgrow } = grower(engineWith(allocator, backend), { maxMemoryBytes: 2 * PAGE, maxTableElements: 2, trapOnGrowFailure: true }, backend);
    t.equal(grow.call(1), 1);
    t.throws(() => grow.call(1), { name: 'Trap', message: /memory\.grow refused by store limits/ });
    t.equal(tgrow.call(1), 1);
    t.throws(() => tgrow.call(1), { name: 'Trap', message: /table\.grow refused by store limits/ });
  });

  t.test(`${on}: the user callbacks see each grow and may refuse it`, async (t) => {
    const memAsked: number[][] = [];
    const tabAsked: number[][] = [];
    const { grow, tgrow } = grower(engineWith(allocator, backend), {
      memoryGrowing: (cur, want) => { memAsked.push([cur, want]); return want <= 2 * PAGE; },
      tableGrowing: (cur, want) => { tabAsked.push([cur, want]); return want <= 3; },
    }, backend);
    t.equal(grow.call(1), 1);
    t.equal(grow.call(1), -1);
    t.same(memAsked.slice(-2), [[PAGE, 2 * PAGE], [2 * PAGE, 3 * PAGE]]);
    t.equal(tgrow.call(2), 1);
    t.equal(tgrow.call(1), -1);
    t.same(tabAsked.slice(-2), [[1, 3], [3, 4]]);
  });

  t.test(`${on}: maxInstances, maxMemories and maxTables refuse the next instance`, async (t) => {
    const engine = engineWith(allocator, backend);
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

  t.test(`${on}: a minimum size beyond the limits refuses instantiation`, async (t) => {
    const engine = engineWith(allocator, backend);
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

t.test('weft run --max-memory-size caps memory.grow on every backend (the default auto picks native) and allocator', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-limits-'));
  const wat = join(dir, 'grow.wat');
  writeFileSync(wat, GROWER);
  for (const backend of [[], ['--backend', 'interpreter'], ['--backend', 'native']]) {
    for (const allocator of ALLOCATORS) {
      const on = `${backend[1] ?? 'auto'}, ${allocator}`;
      const flags = ['run', ...backend, '--allocator', allocator, '--max-memory-size', '128K', '--verbose', wat, '--invoke', 'grow'];
      const ok = await weftIn([...flags, '1']);
      t.equal(ok.stdout, '1\n', `${on}: within the cap`);
      t.match(ok.stderr, `weft: backend ${backend[1] ?? 'native'}`, `${on}: runs where expected`);
      const refused = await weftIn([...flags, '2']);
      t.equal(refused.stdout, '-1\n', `${on}: past the cap`);
    }
  }
});
