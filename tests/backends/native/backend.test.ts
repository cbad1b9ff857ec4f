import t from 'tap';
import { NativeBackend } from '../../../backends/native/index.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { GlobalInstance } from '../../../kernel/runtime/global-instance.js';
import { MemoryInstance } from '../../../kernel/runtime/memory-instance.js';
import { FuncInstance } from '../../../kernel/runtime/func-instance.js';
import { OFF, fixture, fixtureBytes, fn, hostFunc, instantiate, makeStore } from './harness.js';

const backend = new NativeBackend();

function basic(store = makeStore(), logged: number[] = []) {
  const ir = fixture('basic');
  const cm = backend.compile(ir, OFF);
  const log = hostFunc({ kind: 'func', params: ['i32'], results: [] }, (caller, v: number) => {
    logged.push(v);
    t.type(caller.getExport('memory'), MemoryInstance, 'host function gets the calling instance');
  });
  const base = new GlobalInstance({ type: 'i32', mutable: false }, 40);
  const counter = new GlobalInstance({ type: 'i32', mutable: true }, 5);
  const inst = instantiate(cm, store, { funcs: [log], tables: [], memories: [], globals: [base, counter], tags: [] });
  return { ir, cm, inst, counter, logged };
}

t.test('unlimited compile hands the original bytes to the host engine', async (t) => {
  // (A module with a trapping truncation gets its NaN guards: tests/backends/native/trap-fidelity.test.ts.)
  const ir = fixture('loops');
  const cm = backend.compile(ir, OFF);
  t.equal(cm.bytes, ir.bytes, 'same buffer');
  t.same(cm.bytes, fixtureBytes('loops'));
});

t.test('exports run on the host engine', async (t) => {
  const { inst, counter, logged } = basic();
  t.equal(fn(inst, 'fib')(20), 6765);
  t.equal(fn(inst, 'add')(2, 3), 5);
  t.equal(fn(inst, 'add64')(1n, 2n ** 40n), 2n ** 40n + 1n);
  t.same(fn(inst, 'pair')(2), [2, 42]);
  t.equal(fn(inst, 'sum')(100), 4950);
  t.equal(fn(inst, 'callIndirect')(0, 21), 42);
  t.equal(fn(inst, 'returnEarly')(0), 1);
  t.equal(fn(inst, 'returnEarly')(1), 2);
  fn(inst, 'logBase')();
  t.same(logged, [40]);
  fn(inst, 'bump')();
  fn(inst, 'bump')();
  t.equal(counter.value, 7, 'imported mutable global is shared');
  counter.value = 100;
  fn(inst, 'bump')();
  t.equal(counter.value, 101);
  const g = inst.exports.get('g') as GlobalInstance;
  fn(inst, 'incG')();
  t.equal(g.value, 8n, 'exported global reads the host global');
  const f = inst.exports.get('fib');
  t.type(f, FuncInstance);
  t.equal((f as FuncInstance).owner, 'native');
  t.equal((f as FuncInstance).name, 'fib');
});

t.test('memory is shared and follows grow inside wasm', async (t) => {
  const { inst } = basic();
  const mem = inst.exports.get('memory') as MemoryInstance;
  t.equal(new TextDecoder().decode(new Uint8Array(mem.buffer, 16, 4)), 'weft');
  t.equal(mem.byteLength, 65536);
  const gen = mem.generation;
  t.equal(fn(inst, 'grow')(1), 1);
  t.equal(mem.byteLength, 2 * 65536, 'byteLength follows memory.grow in V8');
  t.ok(mem.generation > gen, 'generation moves');
  t.equal(mem.grow(1), 2, 'grow from weft');
  t.equal(fn(inst, 'grow')(0), 3, 'seen by wasm');
  new Uint8Array(mem.buffer)[100] = 9;
  t.equal(fn(inst, 'load')(100), 9);
});

t.test('native exports link directly into another native instance', async (t) => {
  const a = basic();
  const ir2 = fixture('loops');
  void ir2;
  const fib = a.inst.exports.get('fib') as FuncInstance;
  t.equal(typeof (fib.impl as { fn: unknown }).fn, 'function');
});

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('no trap');
}

t.test('host engine faults become weft traps with backtraces', async (t) => {
  const { inst, ir } = basic();
  const cases: Array<[string, TrapCode, string]> = [
    ['unreachable', TrapCode.UnreachableCodeReached, 'unreachable'],
    ['div0', TrapCode.IntegerDivisionByZero, 'integer divide by zero'],
    ['overflow', TrapCode.IntegerOverflow, 'integer overflow'],
    ['oob', TrapCode.MemoryOutOfBounds, 'out of bounds memory access'],
    ['trunc', TrapCode.BadConversionToInteger, 'invalid conversion to integer'],
  ];
  for (const [name, code, message] of cases) {
    const trap = trapOf(() => fn(inst, name)());
    t.equal(trap.trapCode, code, name);
    t.equal(trap.message, message, `${name} message`);
  }
  const tob = trapOf(() => fn(inst, 'callIndirect')(9, 1));
  t.equal(tob.trapCode, TrapCode.TableOutOfBounds);
  t.equal(tob.message, 'undefined element', 'call_indirect past the table end');
  // A null entry: native resolves V8's one message from the table's contents, as the interpreter reports it.
  const nul = trapOf(() => fn(inst, 'callIndirect')(3, 1));
  t.equal(nul.trapCode, TrapCode.IndirectCallToNull);
  t.equal(nul.message, 'uninitialized element', 'call_indirect through a null entry');

  const div = trapOf(() => fn(inst, 'div0')());
  t.equal(div.backtrace.length, 2, 'two wasm frames');
  t.equal(div.backtrace[0].funcName, 'inner');
  const innerIndex = [...ir.names.funcs].find(([, n]) => n === 'inner')![0];
  t.equal(div.backtrace[0].funcIndex, innerIndex);
  const body = ir.funcs[innerIndex - ir.numImportedFuncs];
  t.ok(div.backtrace[0].offset >= body.codeOffset && div.backtrace[0].offset < body.codeOffset + body.code.length, 'offset inside the body');
  t.equal(ir.bytes[div.backtrace[0].offset], 0x6d, 'offset points at i32.div_s');
});

t.test('host stack exhaustion is StackOverflow', async (t) => {
  const cm = backend.compile(fixture('recurse'), OFF);
  const inst = instantiate(cm, makeStore());
  const trap = trapOf(() => fn(inst, 'forever')(1));
  t.equal(trap.trapCode, TrapCode.StackOverflow);
  t.equal(fn(inst, 'catchDeep')(10), 42, 'exceptions work');
  t.same(fn(inst, 'two')(), [1, 2n]);
});

t.test('unsupported features name the feature and the interpreter', async (t) => {
  const ir = fixture('basic');
  const fake = fixture('mem64');
  const why = backend.unsupported(fake, OFF);
  if (backend.features.has('memory64')) t.equal(why, null);
  else {
    t.match(why, /memory64/);
    t.match(why, /--backend interpreter/);
    t.throws(() => backend.compile(fake, OFF), /memory64/);
  }
  t.equal(backend.unsupported(fixture('recurse'), OFF), null, 'tags + legacy try run on V8 even though "exceptions" is coarse');
  t.equal(backend.unsupported(ir, { ...OFF, callHooks: true }), null, 'call hooks run on native');
  t.ok(backend.features.has('simd'), 'V8 runs SIMD');
});
