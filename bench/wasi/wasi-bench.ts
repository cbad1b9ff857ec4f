/**
 * WASI overhead: weft's preview1 vs node:wasi, both on the host engine (same bench.wasm, same
 * process), so the ratio isolates the WASI layer. Workloads: 256 MiB to stdout (/dev/null) in
 * 64 KiB writes, reading a 256 MiB file in 64 KiB reads, and `stat` of 10,000 files.
 * `node dist/bench/wasi/wasi-bench.js [--mib N] [--files N] [--runs N]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WASI } from 'node:wasi';
import { fixture, instantiateOnHost } from '../../tests/wasi/helpers/host-engine.js';
import { runCommand, WasiPreview1 } from '../../wasi/preview1/index.js';

export interface WasiBenchRow {
  readonly workload: string;
  readonly weftMs: number;
  readonly nodeMs: number;
  /** weftMs / nodeMs (below 1: weft is faster). */
  readonly ratio: number;
}

export interface WasiBenchOptions {
  readonly mib?: number;
  readonly files?: number;
  /** Timed runs per side (median reported), after one warm-up. */
  readonly runs?: number;
}

interface Workload {
  readonly name: string;
  readonly args: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function runWeft(bytes: Uint8Array, args: string[], dataDir: string, devNull: number): Promise<number> {
  const wasi = new WasiPreview1({ args, preopens: [{ guest: '/data', host: dataDir }], stdout: devNull, stderr: 'null' });
  const instance = await instantiateOnHost(bytes, wasi, false);
  const t0 = performance.now();
  const code = runCommand(wasi, instance.exports);
  const ms = performance.now() - t0;
  wasi.close();
  if (code !== 0) throw new Error(`weft: ${args.join(' ')} exited with ${code}`);
  return ms;
}

async function runNode(bytes: Uint8Array, args: string[], dataDir: string, devNull: number): Promise<number> {
  const wasi = new WASI({ version: 'preview1', args, preopens: { '/data': dataDir }, stdout: devNull, stderr: devNull, returnOnExit: true });
  const { instance } = await WebAssembly.instantiate(bytes, wasi.getImportObject() as WebAssembly.Imports);
  const t0 = performance.now();
  const code = wasi.start(instance);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`node:wasi: ${args.join(' ')} exited with ${code}`);
  return ms;
}

/** Runs the three workloads on both sides and returns one row each. */
export async function runWasiBench(options: WasiBenchOptions = {}): Promise<WasiBenchRow[]> {
  const mib = options.mib ?? 256;
  const files = options.files ?? 10_000;
  const runs = options.runs ?? 3;
  const bytes = fixture('bench.wasm');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-wasi-bench-'));
  const devNull = fs.openSync('/dev/null', 'w');
  try {
    const big = path.join(dir, 'big.bin');
    const fd = fs.openSync(big, 'w');
    const chunk = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < mib; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.mkdirSync(path.join(dir, 'many'));
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, 'many', `f${i}`), '');
    const workloads: Workload[] = [
      { name: `write ${mib} MiB to stdout (64 KiB chunks)`, args: ['bench', 'write', String(mib * 1024 * 1024), '65536'] },
      { name: `read a ${mib} MiB file (64 KiB reads)`, args: ['bench', 'read', '/data/big.bin'] },
      { name: `stat ${files} files`, args: ['bench', 'stat', '/data/many', String(files)] },
    ];
    const rows: WasiBenchRow[] = [];
    for (const w of workloads) {
      await runWeft(bytes, w.args, dir, devNull);
      await runNode(bytes, w.args, dir, devNull);
      const weft: number[] = [], node: number[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternate sides so page-cache and JIT warmth favour neither.
        weft.push(await runWeft(bytes, w.args, dir, devNull));
        node.push(await runNode(bytes, w.args, dir, devNull));
      }
      const weftMs = median(weft), nodeMs = median(node);
      rows.push({ workload: w.name, weftMs, nodeMs, ratio: weftMs / nodeMs });
    }
    return rows;
  } finally {
    fs.closeSync(devNull);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { mib: { type: 'string' }, files: { type: 'string' }, runs: { type: 'string' } } });
  const rows = await runWasiBench({
    mib: values.mib ? Number(values.mib) : undefined,
    files: values.files ? Number(values.files) : undefined,
    runs: values.runs ? Number(values.runs) : undefined,
  });
  const w = Math.max(...rows.map((r) => r.workload.length));
  process.stdout.write(`${'workload'.padEnd(w)}  weft ms  node:wasi ms  ratio\n`);
  for (const r of rows) {
    process.stdout.write(`${r.workload.padEnd(w)}  ${r.weftMs.toFixed(1).padStart(7)}  ${r.nodeMs.toFixed(1).padStart(12)}  ${r.ratio.toFixed(2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.removeAllListeners('warning');
  await main();
}
