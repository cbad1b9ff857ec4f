/**
 * Native backend vs the host engine on the raw bytes, per workload of `bench/workloads/` and
 * per C program of `bench/programs/`:
 * no limits (aim 1.0x), fuel, epoch interruption, both, and the stack limit. Each time is the
 * least CPU time of `runs` rounds after warm-up; a round runs the host and every variant once, in
 * one process.
 *
 * Run: `npx tsc -p . && node dist/bench/native/native-bench.js [filter]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as v8 from 'node:v8';
import { NativeBackend, type NativeCompileOptions } from '../../backends/native/index.js';
import { GuardPageAllocator } from '../../allocators/guard-page/index.js';
import { EventBus } from '../../kernel/events/event-bus.js';
import { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { FuncInstance } from '../../kernel/runtime/func-instance.js';
import { StoreContext } from '../../kernel/runtime/store-context.js';
import { WeftParser } from '../../plugins/parser/index.js';
import { TrapTranslator } from '../../plugins/trap-handler/trap-translator.js';
import { checksumKey, measure } from '../measure.js';
import { loadWorkloads } from '../workloads.js';

export interface NativeBenchRow {
  readonly workload: string;
  /** `native`, `native+fuel`, `native+epoch`, `native+fuel+epoch`, `native+stack`. */
  readonly backend: string;
  readonly weftMs: number;
  readonly hostMs: number;
  readonly ratio: number;
}

/** The C programs' folder in the source tree (the harness runs from dist/bench/native/). */
const PROGRAMS_DIR = fileURLToPath(new URL('../../../bench/programs/', import.meta.url));

/** WAT workloads and C programs, as (name, bytes). */
function benchModules(parser: WeftParser, filter: string | null): Array<{ name: string; bytes: Uint8Array }> {
  const out = loadWorkloads(filter).map((w) => ({ name: w.name, bytes: parser.watToBinary(w.text, { source: w.file }) }));
  for (const f of readdirSync(PROGRAMS_DIR).filter((f) => f.endsWith('.wasm')).sort()) {
    const name = f.slice(0, -'.wasm'.length);
    if (filter === null || name.includes(filter)) out.push({ name, bytes: new Uint8Array(readFileSync(`${PROGRAMS_DIR}${f}`)) });
  }
  return out;
}

export interface NativeBenchOptions {
  readonly filter?: string | null;
  readonly warmups?: number;
  readonly runs?: number;
}

const VARIANTS: ReadonlyArray<readonly [string, Partial<NativeCompileOptions>]> = [
  ['native', {}],
  ['native+fuel', { fuel: true }],
  ['native+epoch', { epoch: true }],
  ['native+fuel+epoch', { fuel: true, epoch: true }],
  ['native+stack', { stackLimit: true }],
];

/**
 * CPU time of one call, in milliseconds: on a loaded machine wall time mostly measures the
 * other processes, while this process's CPU time still measures the code.
 */
function cpuMs(f: () => unknown): number {
  const start = process.cpuUsage();
  f();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

export function benchNative(options: NativeBenchOptions = {}): NativeBenchRow[] {
  const warmups = options.warmups ?? 2;
  const runs = options.runs ?? 9;
  const parser = new WeftParser();
  const registry = new TypeRegistry();
  const backend = new NativeBackend();
  const allocator = new GuardPageAllocator({});
  const trapHandler = new TrapTranslator();
  const rows: NativeBenchRow[] = [];
  let storeId = 1;
  for (const w of benchModules(parser, options.filter ?? null)) {
    const bytes = w.bytes;
    const ir = parser.parseBinary(bytes, registry);
    const hostRun = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.run as () => unknown;
    const expected = checksumKey(hostRun());
    const runners: Array<() => unknown> = [];
    for (const [name, opts] of VARIANTS) {
      const cm = backend.compile(ir, { fuel: false, epoch: false, callHooks: false, moduleName: w.name, ...opts });
      const store = new StoreContext(storeId++, new Int32Array(new SharedArrayBuffer(4)), new EventBus());
      store.fuelEnabled = opts.fuel === true;
      store.fuel = Number.MAX_SAFE_INTEGER;
      store.epochEnabled = opts.epoch === true;
      store.epochDeadline = 1;
      store.maxWasmStack = 64 * 1024 * 1024;
      const inst = cm.instantiate({ store, imports: { funcs: [], tables: [], memories: [], globals: [], tags: [] }, allocator, trapHandler, registry, instanceId: storeId });
      const run = (inst.exports.get('run') as FuncInstance).invoke as () => unknown;
      if (checksumKey(run()) !== expected) throw new Error(`${w.name} on ${name}: checksum differs from the host engine`);
      runners.push(run);
    }
    // Rounds alternate host and every variant, so load from other processes hits all alike;
    // the minimum over rounds is the least disturbed run of each.
    const all = [hostRun, ...runners];
    for (const f of all) measure(f, warmups, 0);
    const best = all.map(() => Number.POSITIVE_INFINITY);
    for (let r = 0; r < runs; r++) {
      for (let i = 0; i < all.length; i++) best[i] = Math.min(best[i], cpuMs(all[i]));
    }
    VARIANTS.forEach(([name], i) => {
      rows.push({ workload: w.name, backend: name, weftMs: best[i + 1], hostMs: best[0], ratio: best[i + 1] / best[0] });
    });
  }
  return rows;
}

function main(): void {
  // Compile every function with the optimising tier up front (host and weft alike), so the
  // comparison is not about when V8's background tier-up happens to finish under load.
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  const rows = benchNative({ filter: process.argv[2] ?? null });
  console.log(`${'workload'.padEnd(16)}${'backend'.padEnd(20)}${'weft ms'.padStart(10)}${'host ms'.padStart(10)}${'ratio'.padStart(8)}`);
  for (const r of rows) {
    console.log(`${r.workload.padEnd(16)}${r.backend.padEnd(20)}${r.weftMs.toFixed(1).padStart(10)}${r.hostMs.toFixed(1).padStart(10)}${r.ratio.toFixed(2).padStart(8)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
