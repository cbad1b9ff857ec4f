/**
 * Instantiate + call + dispose per second, per allocator, through the public embedding API on
 * the interpreter and on the native backend (which with pooling imports its memories from the
 * pool); the host engine's `new WebAssembly.Instance` on the same bytes as the yardstick. Two modules: a tiny one (one page, no data) and one with 1 MiB of data segments
 * (17 pages, no maximum, as compilers emit). Each cycle is what a per-request service does: new
 * Store, instantiate, call, dispose the store. RSS is read (after a forced GC when `--expose-gc`
 * is on) before and after the cycles.
 *
 *   node --expose-gc dist/bench/allocators/instantiate.js [--cycles 10000] [--seconds 60] [--json]
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Engine, Linker, Module, Store } from '../../index.js';
import { poolingPlugin } from '../../allocators/pooling/index.js';

export interface InstantiateRow {
  readonly module: string;
  /** `store`: a new Store per cycle (disposed with it); `shared`: one Store, the instance disposed. */
  readonly mode: 'store' | 'shared';
  readonly backend: 'interpreter' | 'native' | 'host';
  readonly allocator: 'guard-page' | 'pooling' | 'host';
  readonly cycles: number;
  readonly perSecond: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  /** This row's rate over the host engine's on the same module. */
  readonly vsHost: number;
}

export interface InstantiateOptions {
  /** Cycles per row (each row stops early when `seconds` run out). */
  readonly cycles: number;
  readonly seconds: number;
}

const MiB = 1024 * 1024;

/** The wasm binary: `(memory pages) (func (export "f") (result i32) (i32.load (i32.const 0)))` + a data segment. */
export function benchModule(pages: number, dataBytes: number): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const uleb = (n: number): number[] => {
    const b: number[] = [];
    do {
      let x = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) x |= 0x80;
      b.push(x);
    } while (n > 0);
    return b;
  };
  const section = (id: number, body: number[] | Uint8Array): void => {
    out.push(id, ...uleb(body.length));
    for (let i = 0; i < body.length; i++) out.push(body[i]);
  };
  section(1, [1, 0x60, 0, 1, 0x7f]);
  section(3, [1, 0]);
  section(5, [1, 0x00, ...uleb(pages)]);
  section(7, [1, 1, 0x66, 0x00, 0]);
  const code = [0, 0x41, 0, 0x28, 2, 0, 0x0b];
  section(10, [1, code.length, ...code]);
  if (dataBytes > 0) {
    const data = new Uint8Array(dataBytes);
    for (let i = 0; i < dataBytes; i++) data[i] = (i * 2654435761) >>> 24;
    const head = [1, 0, 0x41, 0, 0x0b, ...uleb(dataBytes)];
    const body = new Uint8Array(head.length + dataBytes);
    body.set(head);
    body.set(data, head.length);
    section(11, body);
  }
  return Uint8Array.from(out);
}

function rssMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / MiB);
}

function timed(cycles: number, seconds: number, once: () => void): { cycles: number; perSecond: number } {
  for (let i = 0; i < Math.min(100, cycles); i++) once(); // warm-up
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let n = 0;
  while (n < cycles) {
    once();
    n++;
    if ((n & 63) === 0 && performance.now() > deadline) break;
  }
  return { cycles: n, perSecond: n / ((performance.now() - start) / 1000) };
}

function weftCycle(backend: 'interpreter' | 'native', allocator: 'guard-page' | 'pooling', bytes: Uint8Array, mode: 'store' | 'shared'): () => void {
  const engine = new Engine(allocator === 'pooling'
    ? { backend, allocator: 'pooling', plugins: [poolingPlugin], allocatorConfig: { totalInstances: 64, totalMemories: 64, totalTables: 64 } }
    : { backend, allocator: 'guard-page' });
  const module = Module.fromBytes(engine, bytes);
  const linker = new Linker(engine);
  if (mode === 'shared') {
    // The interpreter builds a Machine (its stack) per store: sharing one isolates the allocator.
    const store = new Store(engine);
    return () => {
      const inst = linker.instantiate(store, module);
      inst.getTypedFunc<[], number>('f').call();
      inst.dispose();
    };
  }
  return () => {
    const store = new Store(engine);
    const f = linker.instantiate(store, module).getTypedFunc<[], number>('f');
    f.call();
    store.dispose();
  };
}

function hostCycle(bytes: Uint8Array): () => void {
  const module = new WebAssembly.Module(bytes);
  return () => {
    const inst = new WebAssembly.Instance(module, {});
    (inst.exports.f as () => number)();
  };
}

/** One row per module and allocator. */
export function runInstantiateBench(options: InstantiateOptions = { cycles: 10_000, seconds: 60 }): InstantiateRow[] {
  const rows: InstantiateRow[] = [];
  const modules: [string, Uint8Array][] = [['tiny', benchModule(1, 0)], ['data-1MiB', benchModule(17, MiB)]];
  for (const [name, bytes] of modules) {
    const host: InstantiateRow[] = [];
    const configs = [
      ['host', 'host', 'store'],
      ['interpreter', 'guard-page', 'store'], ['interpreter', 'pooling', 'store'],
      ['interpreter', 'guard-page', 'shared'], ['interpreter', 'pooling', 'shared'],
      ['native', 'guard-page', 'store'], ['native', 'pooling', 'store'],
    ] as const;
    for (const [backend, allocator, mode] of configs) {
      const once = allocator === 'host' ? hostCycle(bytes) : weftCycle(backend as 'interpreter' | 'native', allocator, bytes, mode);
      const before = rssMiB();
      const r = timed(options.cycles, options.seconds, once);
      const after = rssMiB();
      const row: InstantiateRow = {
        module: name, mode, backend, allocator, cycles: r.cycles, perSecond: Math.round(r.perSecond),
        rssBeforeMiB: before, rssAfterMiB: after, vsHost: host.length ? r.perSecond / host[0].perSecond : 1,
      };
      if (allocator === 'host') host.push(row);
      rows.push(row);
    }
  }
  return rows;
}

export function main(argv: string[] = process.argv.slice(2)): void {
  const { values } = parseArgs({
    args: argv,
    options: { cycles: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '60' }, json: { type: 'boolean', default: false } },
  });
  const rows = runInstantiateBench({ cycles: Number(values.cycles), seconds: Number(values.seconds) });
  if (values.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const head = ['module', 'mode', 'backend', 'allocator', 'cycles', 'per second', 'vs host', 'RSS before MiB', 'RSS after MiB'];
  const lines = rows.map((r) => [r.module, r.mode, r.backend, r.allocator, String(r.cycles), String(r.perSecond), `${r.vsHost.toFixed(2)}x`, String(r.rssBeforeMiB), String(r.rssAfterMiB)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [head, ...lines]) process.stdout.write(l.map((c, i) => c.padEnd(widths[i])).join('  ') + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
