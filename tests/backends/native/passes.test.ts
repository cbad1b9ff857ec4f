import t from 'tap';
import { Worker } from 'node:worker_threads';
import { NativeBackend, frameBytesOf, fuelCost as nativeFuelCost } from '../../../backends/native/index.js';
import { InterpreterBackend, fuelCost as interpFuelCost } from '../../../backends/interpreter/index.js';
import { storeRuntime } from '../../../backends/native/store-runtime.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { OPCODES } from '../../../kernel/ir/opcodes.js';
import { GlobalInstance } from '../../../kernel/runtime/global-instance.js';
import { MemoryInstance } from '../../../kernel/runtime/memory-instance.js';
import type { CompiledModule } from '../../../kernel/contracts/backend.js';
import type { StoreContext } from '../../../kernel/runtime/store-context.js';
import { NO_IMPORTS, OFF, allocator, fixture, fn, hostFunc, instantiate, makeStore, registry, trapHandler } from './harness.js';

const backend = new NativeBackend();
const interp = new InterpreterBackend();

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('no trap');
}

function basicImports() {
  return {
    funcs: [hostFunc({ kind: 'func', params: ['i32'], results: [] }, () => undefined)],
    tables: [], memories: [],
    globals: [new GlobalInstance({ type: 'i32', mutable: false }, 40), new GlobalInstance({ type: 'i32', mutable: true }, 0)],
    tags: [],
  };
}

const COMBOS = [
  { fuel: true, epoch: false, stackLimit: false, allocatorControl: false },
  { fuel: false, epoch: true, stackLimit: false, allocatorControl: false },
  { fuel: false, epoch: false, stackLimit: true, allocatorControl: false },
  { fuel: false, epoch: false, stackLimit: false, allocatorControl: true },
  { fuel: true, epoch: true, stackLimit: true, allocatorControl: true },
];

t.test('fuel table and runs match the interpreter', async (t) => {
  const diff = OPCODES.filter((o) => nativeFuelCost(o.code) !== interpFuelCost(o.code)).map((o) => o.name);
  t.same(diff, [], 'same cost for every opcode');
});

t.test('every pass keeps results the same', async (t) => {
  for (const c of COMBOS) {
    const label = JSON.stringify(c);
    const ir = fixture('basic');
    const cm = backend.compile(ir, { ...OFF, ...c });
    t.not(cm.bytes, ir.bytes, `${label}: rewritten`);
    t.ok(WebAssembly.validate(cm.bytes), `${label}: valid for the host engine`);
    const store = makeStore();
    store.fuelEnabled = c.fuel;
    store.fuel = 1_000_000;
    store.epochEnabled = c.epoch;
    store.epochDeadline = 1;
    const inst = instantiate(cm, store, basicImports());
    t.equal(fn(inst, 'fib')(15), 610, `${label}: fib`);
    t.equal(fn(inst, 'sum')(100), 4950, `${label}: sum`);
    t.same(fn(inst, 'pair')(2), [2, 42], `${label}: multi-value`);
    t.equal(fn(inst, 'callIndirect')(1, 10), 55, `${label}: call_indirect through the element segment`);
    t.equal(fn(inst, 'returnEarly')(0), 1, `${label}: return`);
    t.equal(fn(inst, 'returnEarly')(1), 2, `${label}: branch`);
    fn(inst, 'incG')();
    t.equal((inst.exports.get('g') as GlobalInstance).value, 8n, `${label}: shifted global index`);
    const trap = trapOf(() => fn(inst, 'div0')());
    t.equal(trap.trapCode, TrapCode.IntegerDivisionByZero, `${label}: trap code`);
    t.equal(trap.backtrace[0].funcName, 'inner', `${label}: backtrace names the original function`);
    t.equal(ir.bytes[trap.backtrace[0].offset], 0x6d, `${label}: offset mapped back to the original i32.div_s`);
    if (c.fuel) t.ok(store.fuel < 1_000_000, `${label}: fuel consumed`);
  }
});

function run(cm: CompiledModule, store: StoreContext, name: string, ...args: unknown[]): { result: unknown; trap: string | null } {
  const imports = cm.ir.imports.length > 0 ? basicImports() : NO_IMPORTS;
  const inst = cm.instantiate({ store, imports, allocator, trapHandler, registry, instanceId: 1 });
  try {
    return { result: fn(inst, name)(...args), trap: null };
  } catch (e) {
    if (e instanceof Trap) return { result: undefined, trap: e.trapCode };
    throw e;
  }
}

t.test('fuel is exact: same consumption and same out-of-fuel point as the interpreter', async (t) => {
  const cases: Array<[string, string, unknown[]]> = [
    ['loops', 'count', [1000]], ['loops', 'straight', []], ['loops', 'calls', []],
    ['basic', 'fib', [12]], ['basic', 'sum', [50]], ['basic', 'returnEarly', [0]], ['basic', 'returnEarly', [1]],
    ['basic', 'pair', [3]], ['basic', 'callIndirect', [0, 4]],
  ];
  for (const [file, name, args] of cases) {
    const ir = fixture(file);
    const opts = { ...OFF, fuel: true };
    const nat = backend.compile(ir, opts);
    const int = interp.compile(ir, opts);
    for (const budget of [1_000_000, 0, 1, 2, 3, 5, 8, 13, 40, 100, 777]) {
      const s1 = makeStore();
      const s2 = makeStore();
      s1.fuelEnabled = s2.fuelEnabled = true;
      s1.fuel = s2.fuel = budget;
      const a = run(nat, s1, name, ...args);
      const b = run(int, s2, name, ...args);
      t.same(a, b, `${file}.${name} fuel ${budget}: same outcome`);
      t.equal(s1.fuel, s2.fuel, `${file}.${name} fuel ${budget}: same fuel left`);
    }
  }
  // count(n): entry run (2: i32.ge_u... see the fixture) plus a fixed cost per iteration.
  const cm = backend.compile(fixture('loops'), { ...OFF, fuel: true });
  const used = (n: number): number => {
    const s = makeStore();
    s.fuelEnabled = true;
    s.fuel = 1e9;
    run(cm, s, 'count', n);
    return 1e9 - s.fuel;
  };
  const perIter = used(11) - used(10);
  t.ok(perIter > 0);
  t.equal(used(1000) - used(0), 1000 * perIter, 'linear in iterations');
  const s = makeStore();
  s.fuelEnabled = true;
  s.fuel = 50;
  const events: string[] = [];
  s.events.events$.subscribe((e) => events.push(e.type));
  t.equal(run(cm, s, 'spin').trap, TrapCode.OutOfFuel, 'an infinite loop runs out of fuel');
  t.same(events, ['fuel.exhausted']);
});

t.test('fuel is visible to host functions and charged across them', async (t) => {
  const ir = fixture('basic');
  const cm = backend.compile(ir, { ...OFF, fuel: true });
  const store = makeStore();
  store.fuelEnabled = true;
  store.fuel = 10_000;
  const seen: number[] = [];
  const imports = basicImports();
  const log = hostFunc({ kind: 'func', params: ['i32'], results: [] }, () => {
    seen.push(store.fuel);
    store.fuel -= 100; // a host function may charge fuel too
  });
  const inst = instantiate(cm, store, { ...imports, funcs: [log] });
  fn(inst, 'logBase')();
  t.equal(seen.length, 1);
  t.ok(seen[0] < 10_000 && seen[0] > 9_990, 'host sees fuel already charged by wasm');
  t.ok(store.fuel < seen[0] - 100 + 1, 'host charge kept');
});

t.test('epoch: a Worker advancing the shared counter stops an infinite loop', async (t) => {
  const epoch = new Int32Array(new SharedArrayBuffer(4));
  const store = makeStore(epoch);
  store.epochEnabled = true;
  store.epochDeadline = 1;
  const cm = backend.compile(fixture('loops'), { ...OFF, epoch: true });
  const inst = instantiate(cm, store);
  t.equal(fn(inst, 'count')(100000), 100000, 'runs while the deadline is ahead');
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => Atomics.add(workerData, 0, 1), 50);`,
    { eval: true, workerData: epoch },
  );
  await new Promise((r) => worker.once('online', r));
  const start = performance.now();
  const trap = trapOf(() => fn(inst, 'spin')());
  const ms = performance.now() - start;
  await worker.terminate();
  t.equal(trap.trapCode, TrapCode.Interrupt);
  t.equal(trap.message, 'interrupt');
  t.ok(ms < 5000, `interrupted after ${ms.toFixed(0)} ms`);
  t.equal(trap.backtrace[0]?.funcIndex, 0, 'backtrace names spin');
  t.comment(`interrupt latency ${ms.toFixed(1)} ms (worker timer 50 ms)`);
  // Past the deadline, the next entry is interrupted at its first check.
  t.equal(trapOf(() => fn(inst, 'straight')()).trapCode, TrapCode.Interrupt);
  store.epochDeadline = 10;
  t.equal(fn(inst, 'straight')(), 3, 'moving the deadline lets it run again');
});

t.test('stack limit is deterministic and restored on every exit', async (t) => {
  const ir = fixture('recurse');
  const cm = backend.compile(ir, { ...OFF, stackLimit: true });
  const store = makeStore();
  const frame = frameBytesOf(1, 0);
  const deepest = (max: number): number => {
    store.maxWasmStack = max;
    const inst = instantiate(cm, store);
    let lo = 0;
    let hi = 100_000;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        fn(inst, 'down')(mid);
        lo = mid;
      } catch (e) {
        if (!(e instanceof Trap) || e.trapCode !== TrapCode.StackOverflow) throw e;
        hi = mid - 1;
      }
    }
    return lo;
  };
  // down(n) uses n+1 frames of `frame` bytes.
  t.equal(deepest(100 * frame), 99);
  t.equal(deepest(100 * frame + frame - 1), 99, 'partial frame does not fit');
  t.equal(deepest(1000 * frame), 999);
  t.equal(deepest(1000 * frame), 999, 'same limit every time');
  store.maxWasmStack = 50 * frame;
  const inst = instantiate(cm, store);
  const trap = trapOf(() => fn(inst, 'forever')(1));
  t.equal(trap.trapCode, TrapCode.StackOverflow);
  t.equal(trap.message, 'call stack exhausted');
  const rt = storeRuntime(store);
  t.equal(rt.depth, 0, 'runtime left');
  store.maxWasmStack = 200 * frame;
  for (let i = 0; i < 5; i++) t.equal(fn(inst, 'catchDeep')(150), 42, 'exceptions caught deep down restore the counter');
  t.equal(deepest(200 * frame), 199, 'no drift after exceptions');
  t.same(fn(inst, 'two')(), [1, 2n], 'multi-value wrapper block');
});

t.test('allocator control: defined memories come from the InstanceAllocator', async (t) => {
  const ir = fixture('basic');
  const cm = backend.compile(ir, { ...OFF, allocatorControl: true });
  t.equal(cm.layout.importedMemories, 1);
  t.equal(WebAssembly.Module.imports(cm.module).filter((i) => i.kind === 'memory').length, 1);
  const inst = instantiate(cm, makeStore(), basicImports());
  const mem = inst.exports.get('memory') as MemoryInstance;
  t.type(mem, MemoryInstance);
  t.equal(inst.memories[0], mem, 'the allocator memory is the exported one');
  t.ok(mem.wasmMemory, 'host-engine backed');
  t.equal(new TextDecoder().decode(new Uint8Array(mem.buffer, 16, 4)), 'weft', 'data segment applied');
  t.equal(fn(inst, 'grow')(1), 1);
  t.equal(mem.byteLength, 2 * 65536, 'grow inside wasm visible to weft');
  t.equal(fn(inst, 'grow')(10), -1, 'type maximum (4 pages) enforced');
  inst.dispose();
});
