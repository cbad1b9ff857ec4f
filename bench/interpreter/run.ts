/**
 * Interpreter benchmark: the C programs in `bench/programs/` and the WAT workloads in
 * `bench/workloads/`, each on weft's interpreter and on the host engine (same bytes, same
 * process), median of several runs after warm-up, checksums compared; plus the cost of a call
 * host→wasm (JS calling an empty export) and wasm→host (a wasm loop calling an empty import).
 *
 * `node dist/bench/interpreter/run.js [--json] [--filter NAME] [--runs N] [--clock cpu|wall]`
 *
 * The default clock is the process's CPU time (`process.cpuUsage`): on a loaded machine wall
 * time mostly measures the scheduler, while both sides of a ratio run single-threaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Engine, Linker, Module, Store } from '../../index.js';
import { checksumKey, median } from '../measure.js';
import { toTable, type BenchRow } from '../report.js';
import { loadWorkloads } from '../workloads.js';

/** The C programs' folder in the source tree (the harness runs from dist/bench/interpreter/). */
export const PROGRAMS_DIR = fileURLToPath(new URL('../../../bench/programs/', import.meta.url));

export interface InterpBenchRow extends BenchRow {
  /** `program` (C), `wat` (bench/workloads) or `call` (boundary overhead; see weftNs/hostNs). */
  readonly kind: 'program' | 'wat' | 'call';
  /** For `call` rows: nanoseconds per call. */
  readonly weftNs?: number;
  readonly hostNs?: number;
}

export interface InterpBenchOptions {
  readonly filter?: string | null;
  /** Measured runs per side (median taken); warm-up runs come on top. */
  readonly runs?: number;
  readonly clock?: 'cpu' | 'wall';
  readonly log?: (line: string) => void;
}

type Clock = () => number;
const wallClock: Clock = () => performance.now();
const cpuClock: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Timed {
  readonly ms: number;
  readonly result: unknown;
}

function timeRuns(fn: () => unknown, warmups: number, runs: number, clock: Clock): Timed {
  let result: unknown;
  for (let i = 0; i < warmups; i++) result = fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = clock();
    result = fn();
    ms.push(clock() - t0);
  }
  return { ms: median(ms), result };
}

function weftInstance(bytes: Uint8Array, name: string, hostFn?: () => void) {
  const engine = new Engine({ backend: 'interpreter' });
  const module = Module.fromBytes(engine, bytes, { name });
  const store = new Store(engine);
  const linker = new Linker(engine);
  if (hostFn) linker.defineFunc('env', 'f', '(func)', hostFn);
  return linker.instantiate(store, module);
}

interface Job {
  readonly name: string;
  readonly kind: 'program' | 'wat';
  readonly bytes: Uint8Array;
}

function jobs(filter: string | null): Job[] {
  const parser = new Engine().parser;
  const out: Job[] = [];
  for (const f of readdirSync(PROGRAMS_DIR).filter((x) => x.endsWith('.wasm')).sort()) {
    out.push({ name: f.slice(0, -5), kind: 'program', bytes: new Uint8Array(readFileSync(PROGRAMS_DIR + f)) });
  }
  for (const w of loadWorkloads(null)) {
    out.push({ name: `wat/${w.name}`, kind: 'wat', bytes: parser.watToBinary(w.text, { source: w.file }) });
  }
  return out.filter((j) => filter === null || j.name.includes(filter));
}

async function workloadRow(job: Job, runs: number, clock: Clock): Promise<InterpBenchRow> {
  const { instance } = await WebAssembly.instantiate(job.bytes);
  const hostRun = instance.exports.run as () => unknown;
  const host = timeRuns(hostRun, 3, Math.max(runs, 5), clock);
  const base = { workload: job.name, backend: 'interpreter', kind: job.kind } as const;
  try {
    const run = weftInstance(job.bytes, job.name).getFunc('run');
    if (!run) throw new Error('no export "run"');
    const weft = timeRuns(() => run.call(), 1, runs, clock);
    if (checksumKey(weft.result) !== checksumKey(host.result)) {
      return { ...base, weftMs: null, hostMs: host.ms, ratio: null,
        error: `checksum mismatch: weft ${checksumKey(weft.result)}, host ${checksumKey(host.result)}` };
    }
    return { ...base, weftMs: weft.ms, hostMs: host.ms, ratio: weft.ms / host.ms };
  } catch (e) {
    return { ...base, weftMs: null, hostMs: host.ms, ratio: null, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
}

const CALL_WAT = `(module
  (import "env" "f" (func $f))
  (func (export "nop"))
  (func (export "callHost") (param $n i32)
    (loop $l
      (call $f)
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`;

/** ns per call, host→wasm (JS loop over an empty export) and wasm→host (wasm loop over an empty import). */
async function callRows(runs: number, clock: Clock): Promise<InterpBenchRow[]> {
  const bytes = new Engine().parser.watToBinary(CALL_WAT, { source: 'calls.wat' });
  const noop = () => {};
  const { instance } = await WebAssembly.instantiate(bytes, { env: { f: noop } });
  const hostNop = instance.exports.nop as () => void;
  const hostCallHost = instance.exports.callHost as (n: number) => void;
  const inst = weftInstance(bytes, 'calls', noop);
  const weftNop = inst.getFunc('nop')!;
  const weftCallHost = inst.getFunc('callHost')!;
  const N_IN = 200_000;
  const N_OUT = 500_000;
  const loopIn = (f: () => unknown) => () => {
    for (let i = 0; i < N_IN; i++) f();
  };
  const hIn = timeRuns(loopIn(hostNop), 3, Math.max(runs, 5), clock).ms;
  const wIn = timeRuns(loopIn(() => weftNop.call()), 2, Math.max(runs, 5), clock).ms;
  const hOut = timeRuns(() => hostCallHost(N_OUT), 3, Math.max(runs, 5), clock).ms;
  const wOut = timeRuns(() => weftCallHost.call(N_OUT), 2, Math.max(runs, 5), clock).ms;
  const row = (workload: string, w: number, h: number, n: number): InterpBenchRow => ({
    workload, backend: 'interpreter', kind: 'call', weftMs: w, hostMs: h, ratio: w / h,
    weftNs: (w * 1e6) / n, hostNs: (h * 1e6) / n,
  });
  return [row('call host→wasm', wIn, hIn, N_IN), row('call wasm→host', wOut, hOut, N_OUT)];
}

/** Runs every matching workload (and the call-overhead pair) and returns one row each. */
export async function runInterpreterBench(opts: InterpBenchOptions = {}): Promise<InterpBenchRow[]> {
  const filter = opts.filter ?? null;
  const runs = opts.runs ?? 3;
  const clock = opts.clock === 'wall' ? wallClock : cpuClock;
  const log = opts.log ?? (() => {});
  const rows: InterpBenchRow[] = [];
  for (const job of jobs(filter)) {
    log(`bench: ${job.name}...`);
    rows.push(await workloadRow(job, runs, clock));
  }
  if (filter === null || 'call'.includes(filter)) {
    log('bench: call overhead...');
    rows.push(...(await callRows(runs, clock)));
  }
  return rows;
}

export function geomean(rows: readonly InterpBenchRow[]): number | null {
  const ok = rows.filter((r) => r.kind !== 'call' && r.ratio !== null).map((r) => r.ratio!);
  return ok.length ? Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length) : null;
}

export function formatTable(rows: readonly InterpBenchRow[]): string {
  const work = rows.filter((r) => r.kind !== 'call');
  const calls = rows.filter((r) => r.kind === 'call');
  const lines = [toTable(work)];
  if (calls.length) {
    lines.push('', 'call overhead        weft ns/call  host ns/call   ratio');
    for (const c of calls) {
      lines.push(`${c.workload.padEnd(20)} ${c.weftNs!.toFixed(1).padStart(12)}  ${c.hostNs!.toFixed(1).padStart(12)}  ${c.ratio!.toFixed(1).padStart(5)}x`);
    }
  }
  return lines.join('\n');
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      filter: { type: 'string' },
      runs: { type: 'string', default: '3' },
      clock: { type: 'string', default: 'cpu' },
    },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
  if (values.clock !== 'cpu' && values.clock !== 'wall') throw new Error('--clock: cpu or wall');
  const rows = await runInterpreterBench({
    filter: values.filter ?? null, runs, clock: values.clock,
    log: (s) => process.stderr.write(`${s}\n`),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    process.stdout.write(`${formatTable(rows)}\n`);
    process.stdout.write(`(clock: ${values.clock} time, median of ${runs} runs after warm-up)\n`);
  }
  return rows.some((r) => r.error) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`bench: error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
