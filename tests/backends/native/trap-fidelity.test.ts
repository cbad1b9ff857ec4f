/**
 * Traps V8 reports ambiguously come out of the native backend with the interpreter's code and
 * message: NaN vs out-of-range truncations (NaN guards), faults at instantiation (the API's
 * `WebAssembly.Instance(): ` prefix), a fault inside another native module called directly.
 */
import t from 'tap';
import { NativeBackend } from '../../../backends/native/index.js';
import { Engine, Linker, Module, Store } from '../../../index.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { OFF, fixture, parse } from './harness.js';

const TRUNCS = [
  ['i32.trunc_f32_s', 'f32', 'i32'], ['i32.trunc_f32_u', 'f32', 'i32'], ['i32.trunc_f64_s', 'f64', 'i32'], ['i32.trunc_f64_u', 'f64', 'i32'],
  ['i64.trunc_f32_s', 'f32', 'i64'], ['i64.trunc_f32_u', 'f32', 'i64'], ['i64.trunc_f64_s', 'f64', 'i64'], ['i64.trunc_f64_u', 'f64', 'i64'],
] as const;

const truncModule = `(module
  ${TRUNCS.map(([op, from, to]) => `(func (export "${op}") (param ${from}) (result ${to}) (${op} (local.get 0)))`).join('\n  ')})`;

function run(backend: string, text: string, name: string, args: unknown[]): { value?: unknown; code?: TrapCode; message?: string } {
  const engine = new Engine({ backend });
  const store = new Store(engine);
  const inst = new Linker(engine).instantiate(store, Module.fromText(engine, text));
  try {
    return { value: inst.getFunc(name)!.call(...args) };
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    return { code: e.trapCode, message: e.message };
  } finally {
    store.dispose();
  }
}

t.test('trapping truncations: NaN and out of range trap as on the interpreter', async (t) => {
  for (const [op] of TRUNCS) {
    for (const x of [NaN, -NaN, 1e30, -1e30, Infinity, -Infinity, -1, 3.75]) {
      const native = run('native', truncModule, op, [x]);
      const interp = run('interpreter', truncModule, op, [x]);
      t.same(native, interp, `${op}(${x})`);
    }
  }
  const nan = run('native', truncModule, 'i32.trunc_f64_s', [NaN]);
  t.equal(nan.code, TrapCode.BadConversionToInteger);
  t.equal(run('native', truncModule, 'i64.trunc_f32_u', [-1e30]).code, TrapCode.IntegerOverflow);
});

t.test('only modules with a trapping truncation are rewritten for it', async (t) => {
  const backend = new NativeBackend();
  const plain = fixture('loops');
  t.equal(backend.compile(plain, OFF).bytes, plain.bytes, 'no truncation: the original bytes');
  const guarded = backend.compile(fixture('basic'), OFF);
  t.not(guarded.bytes, fixture('basic').bytes, 'a truncation gets its NaN guard');
  t.equal(guarded.layout.truncGuards, true);
  const sat = parse(Module.fromText(new Engine(), '(module (func (export "s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))').ir.bytes);
  t.equal(backend.compile(sat, OFF).bytes, sat.bytes, 'saturating truncations need no guard');
});

t.test('a truncation trap keeps its wasm backtrace offset', async (t) => {
  const engine = new Engine({ backend: 'native' });
  const store = new Store(engine);
  const text = '(module (func $inner (export "f") (param f64) (result i32) (nop) (i32.trunc_f64_u (local.get 0))))';
  const module = Module.fromText(engine, text);
  const f = new Linker(engine).instantiate(store, module).getFunc('f')!;
  const interp = new Engine({ backend: 'interpreter' });
  const g = new Linker(interp).instantiate(new Store(interp), Module.fromText(interp, text)).getFunc('f')!;
  for (const x of [NaN, -5]) {
    const e1 = t.throws(() => f.call(x)) as unknown as Trap;
    const e2 = t.throws(() => g.call(x)) as unknown as Trap;
    t.equal(e1.trapCode, e2.trapCode);
    t.equal(e1.backtrace[0]?.funcName, 'inner');
    t.equal(e1.backtrace[0]?.offset, e2.backtrace[0]?.offset, 'offset of the truncation in the original module');
  }
});

t.test('faults while instantiating map like faults while running', async (t) => {
  const engine = new Engine({ backend: 'native' });
  const store = new Store(engine);
  const linker = new Linker(engine);
  for (const [text, code] of [
    ['(module (memory 1) (data (i32.const 65535) "ab"))', TrapCode.MemoryOutOfBounds],
    ['(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))', TrapCode.TableOutOfBounds],
  ] as const) {
    const e = t.throws(() => linker.instantiate(store, Module.fromText(engine, text))) as unknown as Trap;
    t.type(e, Trap);
    t.equal(e.trapCode, code, text);
    t.notMatch(e.message, /WebAssembly\.Instance/);
  }
});

t.test('call_indirect out of bounds inside another native module called directly is "undefined element"', async (t) => {
  const engine = new Engine({ backend: 'native' });
  const store = new Store(engine);
  const linker = new Linker(engine);
  const mt = linker.instantiate(store, Module.fromText(engine, `(module
    (type (func (result i32)))
    (table 2 funcref)
    (func (export "call") (param i32) (result i32) (call_indirect (type 0) (local.get 0))))`));
  linker.defineInstance('Mt', mt);
  const nt = linker.instantiate(store, Module.fromText(engine, `(module
    (func $f (import "Mt" "call") (param i32) (result i32))
    (func (export "via") (param i32) (result i32) (call $f (local.get 0))))`));
  // The callee module never faulted on its own before: its frame is known by its instance.
  for (const f of [nt.getFunc('via')!, mt.getFunc('call')!]) {
    const e = t.throws(() => f.call(20)) as unknown as Trap;
    t.equal(e.trapCode, TrapCode.TableOutOfBounds);
    t.equal(e.message, 'undefined element');
    t.equal(e.backtrace[0]?.funcIndex, 0, 'innermost frame: the callee');
  }
});

t.test('call_indirect: a null entry and a signature mismatch trap as on the interpreter', async (t) => {
  // V8 has one message for both; the table's contents decide (a private table is made readable).
  const text = `(module
    (type $r (func (result i32)))
    (table 4 funcref)
    (elem (i32.const 1) $one)
    (elem (i32.const 2) $p)
    (func $one (result i32) (i32.const 1))
    (func $p (param i32))
    (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))`;
  const onlyNullsOrMatching = `(module
    (type $r (func (result i32)))
    (table 3 funcref)
    (elem (i32.const 1) $one)
    (func $one (result i32) (i32.const 1))
    (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))`;
  const noNulls = `(module
    (type $r (func (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $one $p)
    (func $one (result i32) (i32.const 1))
    (func $p (param i32))
    (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))`;
  t.same(run('native', onlyNullsOrMatching, 'call', [0]), run('interpreter', onlyNullsOrMatching, 'call', [0]), 'null among matching entries');
  t.equal(run('native', onlyNullsOrMatching, 'call', [0]).code, TrapCode.IndirectCallToNull);
  t.same(run('native', noNulls, 'call', [1]), run('interpreter', noNulls, 'call', [1]), 'mismatch in a table without nulls');
  t.equal(run('native', noNulls, 'call', [1]).code, TrapCode.BadSignature);
  t.equal(run('native', text, 'call', [1]).value, 1);
  const mixed = run('native', text, 'call', [0]);
  t.equal(mixed.code, TrapCode.BadSignature, 'nulls and mismatching entries: the contents cannot tell, the code says signature');
  t.match(mixed.message, /uninitialized element/, '... and the message names both');
});

t.test('truncation traps keep their codes with every pass on', async (t) => {
  const engine = new Engine({ backend: 'native', consumeFuel: true, epochInterruption: true, maxWasmStack: 100_000 });
  const store = new Store(engine);
  store.setFuel(1_000_000);
  const f = new Linker(engine).instantiate(store, Module.fromText(engine, truncModule)).getFunc('i32.trunc_f64_s')!;
  t.equal(f.call(2.5), 2);
  t.equal((t.throws(() => f.call(NaN)) as unknown as Trap).trapCode, TrapCode.BadConversionToInteger);
  t.equal((t.throws(() => f.call(1e30)) as unknown as Trap).trapCode, TrapCode.IntegerOverflow);
});
