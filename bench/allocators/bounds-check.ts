/**
 * Explicit bounds check vs caught host fault, for the interpreter's memory-0 accesses, on real
 * workloads (the C programs in bench/programs and bench/workloads/memory-stream.wat), in one
 * process, with the host engine's time on the same bytes as the yardstick.
 *
 * - `caught` (the default since this measurement): the interpreter as built. Its run loop has no
 *   bounds check of its own before memory 0's DataView accesses (each is marked
 *   `// trap: DataView bounds (ea + N)`); the view covers exactly the memory's byteLength, so the
 *   DataView's RangeError is the trap, mapped to `MemoryOutOfBounds` in the loop's catch.
 * - `explicit`: a copy of the compiled interpreter (dist/backends/interpreter →
 *   dist/backends/interpreter-explicit-ab, ids renamed) where each marker becomes
 *   `if (ea + N > mdv.byteLength) throw new Trap(MemoryOutOfBounds)`, as the loop was before.
 *   (Before the switch the loop compared against a local copy of byteLength, `mlen`; the figures
 *   in allocators/pooling/README.md were measured that way, by stripping those checks instead.)
 *
 * Runs interleave (explicit, caught, host; then caught first) so drift on a shared machine hits
 * both; the clock is process CPU time; each cell is the median. Ratio = caught / explicit (below
 * 1: the caught fault is faster).
 *
 *   node dist/bench/allocators/bounds-check.js [--runs 7] [--filter NAME] [--json]
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Engine, Linker, Module, Store, type WeftPlugin } from '../../index.js';
import { checksumKey, median } from '../measure.js';
import { loadWorkloads } from '../workloads.js';

const INTERPRETER_DIR = fileURLToPath(new URL('../../backends/interpreter/', import.meta.url));
const VARIANT_DIR = fileURLToPath(new URL('../../backends/interpreter-explicit-ab/', import.meta.url));
const PROGRAMS_DIR = fileURLToPath(new URL('../../../bench/programs/', import.meta.url));
const VARIANT_ID = 'interpreter-explicit';
/** Where the compiled run loop relies on the DataView's own bounds check. */
const MARKER = /^(\s*)\/\/ trap: DataView bounds \((ea|sa|da) \+ (\d+|size)\)$/gm;

export interface BoundsRow {
  readonly workload: string;
  readonly explicitMs: number;
  readonly caughtMs: number;
  readonly hostMs: number;
  /** caught / explicit. */
  readonly ratio: number;
}

/** Builds the explicit-check copy of the compiled interpreter; returns its plugin and the checks inserted. */
export async function explicitCheckInterpreter(): Promise<{ plugin: WeftPlugin; checks: number }> {
  rmSync(VARIANT_DIR, { recursive: true, force: true });
  cpSync(INTERPRETER_DIR, VARIANT_DIR, { recursive: true });
  const loop = `${VARIANT_DIR}run-loop.js`;
  const src = readFileSync(loop, 'utf8');
  const checks = src.match(MARKER)?.length ?? 0;
  if (checks === 0) throw new Error('bounds-check bench: no "// trap: DataView bounds" markers in run-loop.js (did the loop change?)');
  writeFileSync(loop, src.replace(MARKER, '$1if ($2 + $3 > mdv.byteLength) throw new Trap(TrapCode.MemoryOutOfBounds);'));
  const rename = (file: string, from: string, to: string): void => {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(from)) throw new Error(`bounds-check bench: ${from} not found in ${file}`);
    writeFileSync(file, text.replace(from, to));
  };
  rename(`${VARIANT_DIR}index.js`, "id = 'interpreter'", `id = '${VARIANT_ID}'`);
  rename(`${VARIANT_DIR}plugin.js`, "id: 'interpreter'", `id: '${VARIANT_ID}'`);
  const mod = await import(pathToFileURL(`${VARIANT_DIR}plugin.js`).href) as { interpreterPlugin: WeftPlugin };
  return { plugin: mod.interpreterPlugin, checks };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function runner(engine: Engine, bytes: Uint8Array): () => unknown {
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromBytes(engine, bytes));
  const run = inst.getFunc('run');
  if (!run) throw new Error('no export "run"');
  return () => run.call();
}

function jobs(filter: string | null): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const f of readdirSync(PROGRAMS_DIR).filter((x) => x.endsWith('.wasm')).sort()) {
    out.push([f.slice(0, -5), new Uint8Array(readFileSync(PROGRAMS_DIR + f))]);
  }
  const parser = new Engine().parser;
  for (const w of loadWorkloads('memory-stream')) out.push([`wat/${w.name}`, parser.watToBinary(w.text, { source: w.file })]);
  return out.filter(([name]) => filter === null || name.includes(filter));
}

/** A module reading past its memory: both variants must trap the same way. */
const OOB = `(module (memory 1) (func (export "run") (result i32) (i32.load (i32.const 65534))))`;

export async function runBoundsBench(runs: number, filter: string | null, log: (s: string) => void): Promise<{ rows: BoundsRow[]; checks: number }> {
  const { plugin, checks } = await explicitCheckInterpreter();
  const explicitEngine = new Engine({ backend: VARIANT_ID, plugins: [plugin] });
  const caughtEngine = new Engine({ backend: 'interpreter' });
  const oob = (engine: Engine): string => {
    try {
      runner(engine, engine.parser.watToBinary(OOB, { source: 'oob.wat' }))();
      return 'no trap';
    } catch (e) {
      return String((e as Error).message);
    }
  };
  const expected = oob(explicitEngine);
  if (oob(caughtEngine) !== expected) throw new Error(`caught variant traps differently: ${oob(caughtEngine)} vs ${expected}`);
  const rows: BoundsRow[] = [];
  for (const [name, bytes] of jobs(filter)) {
    log(`bounds-check: ${name}...`);
    const host = (await WebAssembly.instantiate(bytes)).instance.exports.run as () => unknown;
    const sides = [runner(explicitEngine, bytes), runner(caughtEngine, bytes), host];
    const ms: number[][] = [[], [], []];
    const results = sides.map((f) => checksumKey(f())); // warm-up, and checksums
    if (results[0] !== results[2] || results[1] !== results[2]) throw new Error(`${name}: checksum mismatch ${results.join(' / ')}`);
    for (let r = 0; r < runs; r++) {
      // Alternate which variant goes first, so neither always runs right after the other's GC debt.
      for (const s of r % 2 === 0 ? [0, 1, 2] : [1, 0, 2]) {
        const t0 = cpuMs();
        sides[s]();
        ms[s].push(cpuMs() - t0);
      }
    }
    const [explicitMs, caughtMs, hostMs] = ms.map(median);
    rows.push({ workload: name, explicitMs, caughtMs, hostMs, ratio: caughtMs / explicitMs });
  }
  return { rows, checks };
}

export function geomeanRatio(rows: readonly BoundsRow[]): number {
  return Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '7' }, filter: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
  const { rows, checks } = await runBoundsBench(runs, values.filter ?? null, (s) => process.stderr.write(`${s}\n`));
  rmSync(VARIANT_DIR, { recursive: true, force: true });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ checks, rows, geomean: geomeanRatio(rows) })}\n`);
    return;
  }
  process.stdout.write(`explicit variant: ${checks} checks put back into the run loop\n`);
  const head = ['workload', 'explicit ms', 'caught ms', 'host ms', 'caught/explicit', 'explicit/host'];
  const lines = rows.map((r) => [r.workload, r.explicitMs.toFixed(1), r.caughtMs.toFixed(1), r.hostMs.toFixed(1), `${r.ratio.toFixed(3)}x`, `${(r.explicitMs / r.hostMs).toFixed(1)}x`]);
  lines.push(['geomean', '', '', '', `${geomeanRatio(rows).toFixed(3)}x`, '']);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [head, ...lines]) process.stdout.write(l.map((c, i) => c.padEnd(widths[i])).join('  ') + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
