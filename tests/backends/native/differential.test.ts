/**
 * Differential: the same programs on the native backend and the interpreter, with fuel on,
 * must agree on results, traps (code and innermost frame), output and the fuel left, for
 * budgets that run out at many different points and for budgets that let the run finish.
 * Programs: the C benchmark programs (no imports) and a WASI command doing file I/O.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, Linker, Module, Store, Trap } from '../../../index.js';
import { WasiPreview1Provider, isWasiExit } from '../../../wasi/preview1/index.js';
import { repoRoot } from './harness.js';

const BACKENDS = ['native', 'interpreter'] as const;
/** One engine per backend (modules compile once); every run gets a fresh store. */
const engines = new Map(BACKENDS.map((b) => [b, new Engine({ backend: b, consumeFuel: true })]));
const C_PROGRAMS = ['sha256', 'nbody', 'fannkuch', 'matmul', 'quicksort', 'bytecode'];
/** Budgets small enough for the interpreter to reach quickly, spread so each stops somewhere else. */
const BUDGETS = [0, 1, 977, 20_011, 333_333];

interface Outcome {
  readonly result: unknown;
  readonly trap: string | null;
  /** Innermost wasm frame of the trap: function index and byte offset. */
  readonly at: string | null;
  readonly fuelLeft: number;
  readonly output: string;
  readonly exitCode: number | null;
}

function trapOutcome(e: unknown): { trap: string; at: string } {
  if (!(e instanceof Trap)) throw e;
  const f = e.backtrace[0];
  return { trap: e.trapCode, at: f === undefined ? 'none' : `${f.funcIndex}@${f.offset}` };
}

/**
 * `nat` with its trap offset replaced by the interpreter's where the interpreter reports none:
 * running out at a function's entry charge, the interpreter gives offset -1 and native the
 * function's first instruction. Everything else must match exactly.
 */
function sameWhere(nat: Outcome, int: Outcome): Outcome {
  if (int.at === null || nat.at === null || !int.at.endsWith('@-1')) return nat;
  return nat.at.split('@')[0] === int.at.split('@')[0] ? { ...nat, at: int.at } : nat;
}

function runProgram(backend: (typeof BACKENDS)[number], bytes: Uint8Array, fuel: number): Outcome {
  const engine = engines.get(backend)!;
  const store = new Store(engine);
  store.setFuel(fuel);
  const module = Module.fromBytes(engine, bytes);
  t.equal(module.compiled().backend, backend);
  try {
    const inst = new Linker(engine).instantiate(store, module);
    const result = inst.getFunc('run')!.call();
    return { result, trap: null, at: null, fuelLeft: store.getFuel(), output: '', exitCode: null };
  } catch (e) {
    return { result: null, ...trapOutcome(e), fuelLeft: store.getFuel(), output: '', exitCode: null };
  }
}

function runCommand(backend: (typeof BACKENDS)[number], bytes: Uint8Array, fuel: number, dataDir: string): Outcome {
  const engine = engines.get(backend)!;
  const store = new Store(engine);
  store.setFuel(fuel);
  const linker = new Linker(engine);
  const wasi = new WasiPreview1Provider().addToLinker(linker, {
    args: ['compare', 'x y'], env: { WEFT_A: 'alpha' }, stdout: 'capture', stderr: 'capture',
    // A fresh in-memory copy per run: the program renames and deletes files.
    preopens: [{ guest: '/data', host: dataDir, readonly: false, fs: 'memory' }],
  });
  let trap: { trap: string; at: string } | null = null;
  try {
    linker.instantiate(store, Module.fromBytes(engine, bytes)).getFunc('_start')!.call();
  } catch (e) {
    if (!isWasiExit(e)) trap = trapOutcome(e);
  }
  return {
    result: null, trap: trap?.trap ?? null, at: trap?.at ?? null, fuelLeft: store.getFuel(),
    output: wasi.stdoutText() + wasi.stderrText(), exitCode: wasi.exitCode,
  };
}

t.test('C programs: same result or trap, same fuel left, at every budget', async (t) => {
  for (const name of C_PROGRAMS) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(repoRoot(), 'bench/programs', `${name}.wasm`)));
    for (const budget of BUDGETS) {
      const [nat, int] = BACKENDS.map((b) => runProgram(b, bytes, budget));
      t.same(sameWhere(nat, int), int, `${name}, fuel ${budget}`);
      t.equal(nat.trap, 'OutOfFuel', `${name}, fuel ${budget}: runs out`);
    }
  }
});

t.test('a WASI command: same output, exit code and fuel, finished or stopped anywhere', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-diff-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'input.txt'), 'hello input\n');
  fs.writeFileSync(path.join(dir, 'file.txt'), 'inside\n');
  const bytes = new Uint8Array(fs.readFileSync(path.join(repoRoot(), 'tests/fixtures/wasi/compare.wasm')));
  const full = BACKENDS.map((b) => runCommand(b, bytes, 1e12, dir));
  t.same(full[0], full[1], 'run to the end');
  t.equal(full[0].trap, null);
  t.equal(full[0].exitCode, 3, 'the program exits 3');
  t.match(full[0].output, /read back abXYef\n/);
  const used = 1e12 - full[0].fuelLeft;
  t.ok(used > 10_000, `consumed ${used}`);
  for (const fraction of [0.001, 0.5, 0.999]) {
    const budget = Math.floor(used * fraction);
    const [nat, int] = BACKENDS.map((b) => runCommand(b, bytes, budget, dir));
    t.same(sameWhere(nat, int), int, `stopped at ${fraction} of the run`);
    t.equal(nat.trap, 'OutOfFuel');
  }
  const exact = BACKENDS.map((b) => runCommand(b, bytes, used, dir));
  t.same(exact[0], exact[1], 'exactly enough fuel');
  t.equal(exact[0].fuelLeft, 0);
  t.equal(exact[0].trap, null, 'finishes with none left');
});
