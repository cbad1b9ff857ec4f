import t from 'tap';
import { Engine, Linker, Module, Store, TrapCode } from '../../index.js';
import { poolingPlugin } from '../../allocators/pooling/index.js';

// The interpreter has no bounds check of its own on memory 0: the DataView over exactly
// byteLength faults. Both allocators hand out buffers larger than byteLength (guard-page: its
// reservation; pooling: the whole slot), so these accesses land on real bytes past the end unless
// the view is exact.

const PAGE = 65536;
const WAT = `(module
  (memory (export "mem") 1 4)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "loadf64") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "store32") (param i32) (i32.store (local.get 0) (i32.const -1)))
  (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const -1)))
  (func (export "store64off") (param i32) (i64.store offset=8 (local.get 0) (i64.const -1)))
  (func (export "copy64") (param i32 i32) (i64.store (local.get 1) (i64.load (local.get 0))))
  (func $deep (export "deep") (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 1))))`;

function setup(allocator: 'guard-page' | 'pooling') {
  const engine = new Engine(allocator === 'pooling'
    ? { backend: 'interpreter', allocator, plugins: [poolingPlugin], allocatorConfig: { maxMemorySize: 8 * PAGE } }
    : { backend: 'interpreter', allocator, allocatorConfig: { memoryReservation: 8 * PAGE } });
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, WAT));
  const f = <P extends unknown[], R>(name: string) => inst.getTypedFunc<P, R>(name);
  return { inst, mem: inst.getMemory('mem')!, f };
}

const trapCode = (fn: () => unknown): unknown => {
  try {
    fn();
    return 'no trap';
  } catch (e) {
    return (e as { trapCode?: unknown }).trapCode ?? (e as Error).message;
  }
};

for (const allocator of ['guard-page', 'pooling'] as const) {
  t.test(`${allocator}: every width traps MemoryOutOfBounds exactly at the end`, async (t) => {
    const { mem, f } = setup(allocator);
    t.ok(mem.buffer.byteLength > PAGE, 'the buffer extends past the memory (the case the exact view is for)');
    const oob = TrapCode.MemoryOutOfBounds;
    t.equal(f<[number], number>('load8').call(PAGE - 1), 0);
    t.equal(trapCode(() => f<[number], number>('load8').call(PAGE)), oob);
    t.equal(f<[number], number>('load32').call(PAGE - 4), 0);
    t.equal(trapCode(() => f<[number], number>('load32').call(PAGE - 3)), oob);
    t.equal(trapCode(() => f<[number], bigint>('load64').call(PAGE - 7)), oob);
    t.equal(trapCode(() => f<[number], bigint>('load64').call(PAGE - 4)), oob, 'low half in bounds, high half not');
    t.equal(trapCode(() => f<[number], number>('loadf64').call(PAGE - 4)), oob);
    t.equal(trapCode(() => f<[number], number>('load32').call(-1)), oob, 'address 2^32-1');
  });

  t.test(`${allocator}: a store straddling the end writes nothing`, async (t) => {
    const { mem, f } = setup(allocator);
    const oob = TrapCode.MemoryOutOfBounds;
    t.equal(trapCode(() => f<[number], void>('store64').call(PAGE - 4)), oob);
    t.equal(trapCode(() => f<[number], void>('store64off').call(PAGE - 12)), oob);
    t.equal(trapCode(() => f<[number], void>('store32').call(PAGE - 2)), oob);
    t.equal(trapCode(() => f<[number, number], void>('copy64').call(0, PAGE - 4)), oob);
    const raw = new Uint8Array(mem.buffer);
    let written = 0;
    for (let i = PAGE - 16; i < PAGE + 16; i++) if (raw[i] !== 0) written++;
    t.equal(written, 0, 'no byte changed on either side of the end');
  });

  t.test(`${allocator}: after a grow the new pages are reachable, the next end traps`, async (t) => {
    const { f } = setup(allocator);
    t.equal(f<[number], number>('grow').call(1), 1);
    f<[number], void>('store32').call(2 * PAGE - 4);
    t.equal(f<[number], number>('load32').call(2 * PAGE - 4), -1);
    t.equal(trapCode(() => f<[number], number>('load32').call(2 * PAGE - 2)), TrapCode.MemoryOutOfBounds);
  });

  t.test(`${allocator}: deep recursion is still StackOverflow, not an out-of-bounds access`, async (t) => {
    const { f } = setup(allocator);
    t.equal(trapCode(() => f<[number], number>('deep').call(0)), TrapCode.StackOverflow);
  });
}

t.test('a disposed instance\'s memory traps rather than reading a stale buffer', async (t) => {
  const { inst, f } = setup('guard-page');
  const load = f<[number], number>('load32');
  inst.dispose();
  t.throws(() => load.call(0), { code: 'instance_disposed' });
});
