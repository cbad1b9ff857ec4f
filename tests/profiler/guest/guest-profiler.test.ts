/**
 * The guest sampler on a real interpreter run: stacks carry wasm names only, and each writer's
 * format is checked (Firefox processed profile fields, collapsed stacks, self-contained SVG).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { ContainerModule, Engine, EventSink, Linker, Module, Store, type WeftPlugin } from '../../../index.js';
import {
  GuestProfiler, StackProfile, firefoxProfile, flameGraphSvg, parseGuestProfileFlag, writeFolded,
} from '../../../profiler/guest/index.js';

const WAT = `(module $prog
  (func $hot (param i32) (result i32) (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $a))
  (func $mid (param i32) (result i32) (call $hot (local.get 0)))
  (func $cold (result i32) (i32.const 1))
  (func $main (export "main") (param i32) (result i32) (local $k i32) (local $s i32)
    (loop $outer
      (local.set $s (i32.add (local.get $s) (call $mid (local.get 0))))
      (local.set $s (i32.add (local.get $s) (call $cold)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $k) (i32.const 200))))
    (local.get $s)))`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-prof-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function profileRun(file: string | null): Promise<GuestProfiler> {
  const profiler = new GuestProfiler({ file, intervalMs: 1 });
  const plugin: WeftPlugin = {
    id: 'guest', version: '0', provides: ['event-sink'],
    module: () => new ContainerModule(({ bind }) => { bind<EventSink>(EventSink).toConstantValue(profiler); }),
  };
  const engine = new Engine({ plugins: [plugin] });
  const module = Module.fromText(engine, WAT, { name: 'prog' });
  const inst = new Linker(engine).instantiate(new Store(engine), module);
  // At least 150 ms and 40 ticks (the ticker thread may be slow to boot on a busy machine).
  const t0 = performance.now();
  while ((performance.now() - t0 < 150 || profiler.profile.totalWeight < 40) && performance.now() - t0 < 10_000) inst.getFunc('main')!.call(20000);
  await engine.dispose();
  return profiler;
}

t.test('samples name wasm functions, outermost first', async (t) => {
  const p = await profileRun(null);
  const folded = writeFolded(p.profile);
  t.ok(p.profile.totalWeight >= 20, `collected ${p.profile.totalWeight} samples`);
  t.match(folded, /^main;mid;hot \d+$/m, folded);
  t.notMatch(folded, /0x[0-9a-f]{6,}/, 'no host addresses');
  const lines = folded.trim().split('\n');
  t.ok(lines.every((l) => /^[^ ;]+(;[^ ;]+)* \d+$/.test(l)), 'collapsed-stack lines');
  const hot = lines.filter((l) => l.startsWith('main;mid;hot ')).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  t.ok(hot / p.profile.totalWeight > 0.5, 'the hot loop dominates');
});

t.test('writers chosen by extension; Firefox profile has the required fields', async (t) => {
  const json = path.join(tmp, 'p.json');
  const p = await profileRun(json);
  const prof = JSON.parse(fs.readFileSync(json, 'utf8'));
  t.type(prof.meta.interval, 'number');
  t.type(prof.meta.startTime, 'number');
  t.type(prof.meta.preprocessedProfileVersion, 'number');
  t.type(prof.meta.version, 'number');
  t.ok(Array.isArray(prof.meta.categories) && prof.meta.categories.length > 0);
  t.ok(Array.isArray(prof.libs));
  t.equal(prof.threads.length, 1);
  const th = prof.threads[0];
  for (const table of ['samples', 'stackTable', 'frameTable', 'funcTable', 'markers', 'resourceTable', 'nativeSymbols']) {
    t.type(th[table]?.length, 'number', `${table}.length`);
  }
  for (const [table, cols] of Object.entries({
    samples: ['stack', 'time', 'weight'], stackTable: ['prefix', 'frame', 'category', 'subcategory'],
    frameTable: ['address', 'category', 'subcategory', 'func', 'nativeSymbol', 'innerWindowID', 'implementation', 'line', 'column', 'inlineDepth'],
    funcTable: ['name', 'isJS', 'relevantForJS', 'resource', 'fileName', 'lineNumber', 'columnNumber'],
  })) {
    for (const c of cols) t.equal(th[table][c]?.length, th[table].length, `${table}.${c} has one entry per row`);
  }
  t.ok(th.stackTable.prefix.every((p: number | null, i: number) => p === null || (p >= 0 && p < i)), 'prefixes point to earlier stacks');
  t.ok(th.samples.stack.every((s: number) => s >= 0 && s < th.stackTable.length));
  t.ok(th.funcTable.name.every((n: number) => typeof th.stringArray[n] === 'string'));
  t.same(new Set(th.funcTable.name.map((n: number) => th.stringArray[n])), new Set(p.profile.functions));
  t.equal(th.samples.weight.reduce((a: number, b: number) => a + b, 0), p.profile.totalWeight);

  const svg = flameGraphSvg(p.profile);
  t.match(svg, /^<\?xml[^]*<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.notMatch(svg, /<script|href=|url\(/, 'self-contained');
  t.match(svg, /<title>hot \(\d+ samples/);
  const folded = path.join(tmp, 'p.folded');
  const svgFile = path.join(tmp, 'p.svg');
  fs.writeFileSync(folded, writeFolded(p.profile));
  fs.writeFileSync(svgFile, svg);
  t.ok(fs.statSync(svgFile).size > 500);
});

t.test('--profile guest[=FILE][,INTERVAL] parsing', async (t) => {
  t.same(parseGuestProfileFlag('guest'), { file: 'weft-profile.json', intervalMs: 1, format: 'firefox' });
  t.same(parseGuestProfileFlag('guest=out.svg'), { file: 'out.svg', intervalMs: 1, format: 'svg' });
  t.same(parseGuestProfileFlag('guest=a,b.folded,500us'), { file: 'a,b.folded', intervalMs: 0.5, format: 'folded' });
  t.same(parseGuestProfileFlag('guest,2ms'), { file: 'weft-profile.json', intervalMs: 2, format: 'firefox' });
  t.equal(parseGuestProfileFlag('otel'), null);
  t.throws(() => parseGuestProfileFlag('guest=out.png'), /unknown profile format/);
});

t.test('an empty profile still renders', async (t) => {
  const p = new StackProfile(1);
  t.equal(writeFolded(p), '');
  t.equal((firefoxProfile(p).threads as unknown[]).length, 1);
  t.match(flameGraphSvg(p), /<svg/);
});
