/**
 * The native instrumentation keeps the guest's name section, renumbered past the `weft:rt`
 * imports it inserts: the section's contents (function, local and global names moved, inserted
 * imports named `weft:rt.*`, unnamed functions unnamed, label names dropped once blocks are
 * inserted), what V8 makes of it (stack frames, a native guest profile, a perf map), weft's own
 * trap backtraces (original indices and names, as the interpreter gives them), and modules
 * without a name section (still without one).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { Engine, Linker, Module, Store, Trap } from '../../../index.js';
import { NativeBackend, parseEngineFrames } from '../../../backends/native/index.js';
import { BinaryReader } from '../../../kernel/ir/binary-reader.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { V8_PERF_FLAGS, perfMapPath } from '../../../profiler/perfmap/index.js';
import { StackProfile, addWasmSamples, writeFolded } from '../../../profiler/guest/index.js';
import { OFF, parse, repoRoot } from './harness.js';

const backend = new NativeBackend();
const ALL_PASSES = { ...OFF, fuel: true, epoch: true, stackLimit: true, callHooks: true } as const;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-native-names-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The module of the section tests, without identifiers: its name section is built by hand. */
const BARE_WAT = `(module
  (type (func))
  (import "host" "f" (func (param i32)))
  (import "host" "g" (global i32))
  (global (mut i32) (i32.const 0))
  (func (param i32) (result i32) (local i64) (block (result i32) (local.get 0)))
  (func (result i32) (call 1 (i32.const 3)))
  (func (export "run") (result i32) (call 2)))`;

type NameMapEntries = [number, string][];
type Subsection =
  | { id: 0; module: string }
  | { id: 1 | 4 | 7; names: NameMapEntries }
  | { id: 2 | 3; names: [number, NameMapEntries][] };

function nameSection(subs: readonly Subsection[]): Uint8Array {
  const body = new ByteSink();
  const map = (s: ByteSink, entries: NameMapEntries): void => {
    s.u32(entries.length);
    for (const [i, n] of entries) s.u32(i).name(n);
  };
  for (const sub of subs) {
    body.u8(sub.id).sized((s) => {
      if (sub.id === 0) s.name(sub.module);
      else if (sub.id === 2 || sub.id === 3) {
        s.u32(sub.names.length);
        for (const [f, inner] of sub.names as [number, NameMapEntries][]) map(s.u32(f), inner);
      } else map(s, sub.names as NameMapEntries);
    });
  }
  return new ByteSink().u8(0).sized((s) => s.name('name').bytes(body.view())).finish();
}

/** Contents of the `name` custom sections V8 sees in `bytes`. */
function nameSections(bytes: Uint8Array): Uint8Array[] {
  return WebAssembly.Module.customSections(new WebAssembly.Module(bytes), 'name').map((b) => new Uint8Array(b));
}

/** The `name` section of `bytes`, decoded subsection by subsection (ids in order). */
function decodeNames(bytes: Uint8Array): Subsection[] | null {
  const sections = nameSections(bytes);
  if (sections.length === 0) return null;
  if (sections.length > 1) throw new Error(`${sections.length} name sections`);
  const r = new BinaryReader(sections[0]);
  const map = (): NameMapEntries => {
    const n = r.u32();
    return Array.from({ length: n }, () => [r.u32(), r.name()] as [number, string]);
  };
  const out: Subsection[] = [];
  while (!r.atEnd()) {
    const id = r.u8();
    r.u32();
    if (id === 0) out.push({ id, module: r.name() });
    else if (id === 1 || id === 4 || id === 7) out.push({ id, names: map() });
    else if (id === 2 || id === 3) {
      const n = r.u32();
      out.push({ id, names: Array.from({ length: n }, () => [r.u32(), map()] as [number, NameMapEntries]) });
    } else throw new Error(`unexpected subsection ${id}`);
  }
  return out;
}

const GUEST_NAMES: Subsection[] = [
  { id: 0, module: 'mod' },
  { id: 1, names: [[0, 'imported_f'], [1, 'first'], [3, 'run_it']] },
  { id: 2, names: [[1, [[0, 'x'], [1, 'tmp']]], [3, []]] },
  { id: 3, names: [[1, [[0, 'blk']]]] },
  { id: 4, names: [[0, 't0']] },
  { id: 7, names: [[0, 'imported_g'], [1, 'counter']] },
];

/** `wat` (identifiers make the text encoder write a name section) as a binary module. */
function watBytes(wat: string): Uint8Array {
  return new Engine({ backend: 'native' }).parser.watToBinary(wat, {});
}

function withNames(wat: string, subs: readonly Subsection[]): Uint8Array {
  return concat(watBytes(wat), nameSection(subs));
}

function concat(bytes: Uint8Array, section: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  return out;
}

t.test('fuel, epoch, stack and call hooks: names move with their functions and globals', async (t) => {
  const ir = parse(withNames(BARE_WAT, GUEST_NAMES));
  t.same([...ir.names.funcs], [[0, 'imported_f'], [1, 'first'], [3, 'run_it']], 'the parser reads the hand-built section');
  const out = backend.rewrite(ir, ALL_PASSES);
  t.equal(out.layout.funcShift, 3, 'poll, enter, exit');
  t.equal(out.layout.globalShift, 3, 'fuel, stack, countdown');
  t.same(decodeNames(out.bytes), [
    { id: 0, module: 'mod' },
    { id: 1, names: [[0, 'imported_f'], [1, 'weft:rt.poll'], [2, 'weft:rt.enter'], [3, 'weft:rt.exit'], [4, 'first'], [6, 'run_it']] },
    { id: 2, names: [[4, [[0, 'x'], [1, 'tmp']]], [6, []]] },
    { id: 4, names: [[0, 't0']] },
    { id: 7, names: [[0, 'imported_g'], [1, 'weft:rt.fuel'], [2, 'weft:rt.stack'], [3, 'weft:rt.countdown'], [4, 'counter']] },
  ], 'function 5 (unnamed) stays unnamed; original local indices kept; labels dropped (inserted blocks renumber them)');
  t.same([...parse(out.bytes).names.funcs.keys()], [0, 1, 2, 3, 4, 6], 'weft’s parser reads the result');
});

t.test('one pass at a time: only what it shifts moves', async (t) => {
  const ir = parse(withNames(BARE_WAT, GUEST_NAMES));
  const fuelOnly = decodeNames(backend.rewrite(ir, { ...OFF, fuel: true }).bytes)!;
  t.same(fuelOnly.find((s) => s.id === 1), { id: 1, names: [[0, 'imported_f'], [1, 'first'], [3, 'run_it']] }, 'fuel: no function inserted');
  t.same(fuelOnly.find((s) => s.id === 7), { id: 7, names: [[0, 'imported_g'], [1, 'weft:rt.fuel'], [2, 'counter']] }, 'fuel: one global');
  const epochOnly = decodeNames(backend.rewrite(ir, { ...OFF, epoch: true }).bytes)!;
  t.same(epochOnly.find((s) => s.id === 1), { id: 1, names: [[0, 'imported_f'], [1, 'weft:rt.poll'], [2, 'first'], [4, 'run_it']] });
  t.same(epochOnly.find((s) => s.id === 2), { id: 2, names: [[2, [[0, 'x'], [1, 'tmp']]], [4, []]] });
});

t.test('passes that shift nothing and insert no block keep the section byte for byte', async (t) => {
  const wat = BARE_WAT.replace('(global (mut i32)', '(memory 1) (global (mut i32)');
  const ir = parse(withNames(wat, GUEST_NAMES));
  const out = backend.rewrite(ir, { ...OFF, allocatorControl: true });
  t.not(out.bytes, ir.bytes, 'rewritten (the memory becomes an import)');
  t.same(nameSections(out.bytes), nameSections(ir.bytes), 'labels too');
  t.same(decodeNames(out.bytes), GUEST_NAMES);
});

t.test('a section without function or global names gets them for the inserted imports only', async (t) => {
  const ir = parse(withNames(BARE_WAT, [{ id: 0, module: 'only' }]));
  t.same(decodeNames(backend.rewrite(ir, ALL_PASSES).bytes), [
    { id: 0, module: 'only' },
    { id: 1, names: [[1, 'weft:rt.poll'], [2, 'weft:rt.enter'], [3, 'weft:rt.exit']] },
    { id: 7, names: [[1, 'weft:rt.fuel'], [2, 'weft:rt.stack'], [3, 'weft:rt.countdown']] },
  ]);
});

t.test('a module without a name section gets none', async (t) => {
  const ir = parse(watBytes(BARE_WAT));
  t.equal(ir.customs.length, 0, 'no custom section in the input');
  t.equal(decodeNames(backend.rewrite(ir, ALL_PASSES).bytes), null);
  const trunc = parse(watBytes('(module (func (param f32) (result i32) (i32.trunc_f32_s (local.get 0))))'));
  t.equal(decodeNames(backend.rewrite(trunc, OFF).bytes), null, 'NaN guards alone');
});

t.test('a malformed name section is dropped, as before', async (t) => {
  const good = nameSection([{ id: 1, names: [[1, 'first']] }]);
  const bad = good.slice();
  bad[bad.length - 6] = 0x7f; // the name's length now runs past the subsection
  const ir = parse(concat(watBytes(BARE_WAT), bad));
  t.equal(ir.names.funcs.size, 0, 'the parser ignores it');
  t.equal(decodeNames(backend.rewrite(ir, ALL_PASSES).bytes), null);
});

/** Calls run → (unnamed) → inner → host capture (or a trap inside inner). */
const CHAIN_WAT = (body: string, module = '$guest') => `(module ${module}
  (import "host" "capture" (func $capture))
  (func $inner (param i32) (result i32) ${body})
  (func (param i32) (result i32) (call $inner (local.get 0)))
  (func $outer (export "run") (param i32) (result i32) (call 2 (local.get 0))))`;

function limitedEngine(backendName: string): Engine {
  return new Engine({ backend: backendName, consumeFuel: true, epochInterruption: true, maxWasmStack: 1 << 20 });
}

function instantiateChain(engine: Engine, body: string, capture: () => void, module?: string) {
  const store = new Store(engine);
  if (engine.config.consumeFuel) store.setFuel(1_000_000);
  if (engine.config.epochInterruption) store.setEpochDeadline(1_000);
  const linker = new Linker(engine).defineFunc('host', 'capture', '(func)', capture);
  return linker.instantiate(store, Module.fromText(engine, CHAIN_WAT(body, module))).getFunc('run')!;
}

/** What V8's stack says of each wasm frame: the text before its location. */
function wasmFrameNames(stack: string): string[] {
  return stack.split('\n').filter((l) => l.includes('wasm://')).map((l) => l.trim().replace(/^at /, '').replace(/ ?\(?wasm:\/\/.*$/, ''));
}

t.test('V8 stack frames carry the wasm names under fuel, epoch and stack limits', async (t) => {
  const framesOf = (engine: Engine): string[] => {
    let stack = '';
    const run = instantiateChain(engine, '(call $capture) (local.get 0)', () => { stack = new Error().stack ?? ''; });
    t.equal(run.call(5), 5);
    return wasmFrameNames(stack);
  };
  const limited = framesOf(limitedEngine('native'));
  // V8 names a function `<module>.<function>`, an unnamed one after its module.
  t.same(limited, ['guest.inner', 'guest', 'guest.outer']);
  t.same(limited, framesOf(new Engine({ backend: 'native' })), 'as without limits (the module untouched)');
});

t.test('trap backtraces under limits: original indices and names, as the interpreter gives them', async (t) => {
  const frames = (engine: Engine, body: string, module?: string): unknown[] => {
    const run = instantiateChain(engine, body, () => {}, module);
    try {
      run.call(0);
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      return e.backtrace.map((f) => [f.funcIndex, f.funcName, f.offset]);
    }
    throw new Error('no trap');
  };
  for (const body of ['(i32.div_u (i32.const 1) (local.get 0))', '(call $capture) (unreachable)']) {
    const native = frames(limitedEngine('native'), body);
    t.same(native, frames(limitedEngine('interpreter'), body), body);
    t.same(native.map((f) => (f as unknown[]).slice(0, 2)), [[1, 'inner'], [2, null], [3, 'outer']], `${body}: indices of the original module`);
  }
  // The module name reaches V8's script URL and frame names now: it must not confuse the frame parser.
  const odd = '$"my mod: (wasm://wasm/x:wasm-function[9]:0x1)"';
  const div = '(i32.div_u (i32.const 1) (local.get 0))';
  t.same(frames(limitedEngine('native'), div, odd), frames(limitedEngine('interpreter'), div, odd), 'a module name with spaces, colons and a fake location');
  const engine = limitedEngine('native');
  const run = instantiateChain(engine, '(loop (br 0)) (local.get 0)', () => {});
  const fuelTrap = (() => { try { run.call(0); } catch (e) { return e; } return null; })();
  t.ok(fuelTrap instanceof Trap && fuelTrap.message.includes('fuel'), 'out of fuel');
  t.same((fuelTrap as Trap).backtrace.map((f) => [f.funcIndex, f.funcName]), [[1, 'inner'], [2, null], [3, 'outer']]);
});

t.test('V8 stack text: the location is read from the end of the line, whatever the names hold', async (t) => {
  const stack = [
    'RuntimeError: unreachable',
    '    at my mod: x.f (wasm://wasm/q:wasm-function[7]:0x5) (wasm://wasm/my mod: x-268b7d9e:wasm-function[4]:0x39)',
    '    at wasm://wasm/268b7d9e:wasm-function[2]:0x31',
    '    at file:///x.mjs:8:17',
  ].join('\n');
  t.same(parseEngineFrames(stack).map((f) => [f.funcIndex, f.offset]), [[4, 0x39], [2, 0x31]]);
  t.equal(parseEngineFrames(stack)[1].script, 'wasm://wasm/268b7d9e');
});

const CLI = path.join(repoRoot(), 'dist/cli/main.js');
const FIB_WAT = `(module $fibmod
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $driver (export "run") (param i32) (result i32) (call $fib (local.get 0))))`;

t.test('weft run --backend native --fuel --timeout --profile guest: the profile names the wasm functions', async (t) => {
  const wat = path.join(tmp, 'fib.wat');
  fs.writeFileSync(wat, FIB_WAT);
  const out = path.join(tmp, 'x.folded');
  const r = spawnSync(process.execPath, [
    CLI, 'run', '--backend', 'native', '--fuel', '100000000', '--timeout', '60s', '--profile', `guest=${out}`, wat, '--invoke', 'run', '30',
  ], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout.trim(), '832040');
  const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
  // A sample may land in driver itself around the call; the rest are driver → fib… stacks.
  t.ok(lines.length > 0 && lines.every((l) => /^driver(;fib)* \d+$/.test(l)), `driver → fib stacks: ${lines.slice(0, 3).join(' | ')}`);
  t.ok(lines.some((l) => l.startsWith('driver;fib')), 'fib is named in the profile');
});

t.test('V8’s call wrappers (wasm:// frames too) stay out of native guest profiles', async (t) => {
  const into = new StackProfile(1);
  const wasm = (name: string) => ({ functionName: name, url: 'wasm://wasm/fibmod-1234' });
  // (root) → js-to-wasm → driver → fib → wasm-to-js (the epoch poll, named by the renumbered section)
  const nodes = [
    { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2] },
    { id: 2, callFrame: wasm('js-to-wasm:i:i'), children: [3] },
    { id: 3, callFrame: wasm('driver'), children: [4] },
    { id: 4, callFrame: wasm('fib'), children: [5] },
    { id: 5, callFrame: wasm('wasm-to-js::-weft:rt.poll'), children: [] },
  ];
  addWasmSamples({ nodes, startTime: 0, samples: [5, 4, 2], timeDeltas: [1, 1, 1] }, into, 0);
  t.equal(writeFolded(into), 'driver;fib 2\n', 'the poll counts for fib; a sample in the entry wrapper alone has no wasm frame');
});

t.test('perf map under fuel, epoch and stack limits: the wasm names, at V8’s (shifted) indices', async (t) => {
  const script = path.join(tmp, 'perf.mjs');
  const dist = path.join(repoRoot(), 'dist');
  fs.writeFileSync(script, `
import { Engine, Module, Linker, Store } from ${JSON.stringify(path.join(dist, 'index.js'))};
import { PerfMapSink } from ${JSON.stringify(path.join(dist, 'profiler/perfmap/index.js'))};
const sink = new PerfMapSink('native');
const engine = new Engine({ backend: 'native', consumeFuel: true, epochInterruption: true, maxWasmStack: 1 << 20 });
const att = sink.attach(engine.bus);
const store = new Store(engine);
store.setFuel(1_000_000);
store.setEpochDeadline(1000);
const i = new Linker(engine).instantiate(store, Module.fromText(engine, ${JSON.stringify(FIB_WAT)}));
i.getFunc('run').call(15);
att.detach();
console.log(JSON.stringify({ pid: process.pid, found: sink.found.map((e) => e.wasmName + '#' + e.funcIndex) }));
`);
  const r = spawnSync(process.execPath, [...V8_PERF_FLAGS, script], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { pid: number; found: string[] };
  t.teardown(() => fs.rmSync(perfMapPath(out.pid), { force: true }));
  const found = new Set(out.found);
  // The epoch pass inserts weft:rt.poll as function 0 (imports are not compiled, so not in the map).
  t.ok(found.has('fib#1') && found.has('driver#2'), `fib and driver by name (${[...found].join(', ')})`);
  t.notOk([...found].some((n) => n.startsWith('wasm-function')), 'no placeholder names');
});
