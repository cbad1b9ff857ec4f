/**
 * Long mutation-fuzzing run of decode+validate (see tests/plugins/parser/fuzz.test.ts for the
 * CI-sized one). Besides "only CompileErrors", it compares the verdict with the host engine's
 * `WebAssembly.validate` for mutants of the MVP-level fixture (features Node's V8 supports),
 * and reports disagreements. Usage:
 *   node dist/bench/parser/fuzz.js [seconds=60] [seed=1]
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { decodeModule } from '../../plugins/parser/binary/index.js';
import { fuzzSeeds } from '../../tests/plugins/parser/fuzz-seeds.js';
import { MUTATIONS, mutate, Prng } from './fuzz-mutators.js';

declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

export interface FuzzReport {
  tried: number;
  accepted: number;
  crashes: string[];
  /** Inputs where weft and the host disagree (only checked for the host-supported seed). */
  disagreements: string[];
  slowestMs: number;
}

export function fuzz(seconds: number, seed: number): FuzzReport {
  const seeds = fuzzSeeds();
  // The last seed is the clang fixture: plain wasm the host engine fully supports.
  const hostComparable = seeds.length - 1;
  const registry = new TypeRegistry();
  const rng = new Prng(seed);
  const report: FuzzReport = { tried: 0, accepted: 0, crashes: [], disagreements: [], slowestMs: 0 };
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const si = rng.int(seeds.length);
    const kind = rng.pick(MUTATIONS);
    const input = mutate(rng, seeds[si], kind, seeds[rng.int(seeds.length)]);
    const t0 = Date.now();
    let ok = false;
    let reason = '';
    try {
      decodeModule(input, registry);
      ok = true;
      report.accepted++;
    } catch (e) {
      if (e instanceof CompileError) reason = e.message;
      else report.crashes.push(`#${report.tried} seed ${si} ${kind}: ${(e as Error)?.stack ?? e}`);
    }
    report.slowestMs = Math.max(report.slowestMs, Date.now() - t0);
    if (si === hostComparable && report.disagreements.length < 50) {
      const host = WebAssembly.validate(input);
      if (host !== ok) report.disagreements.push(`#${report.tried} ${kind}: weft ${ok ? 'accepts' : `rejects (${reason})`}, host ${host ? 'accepts' : 'rejects'}`);
    }
    report.tried++;
  }
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const seconds = Number(process.argv[2] ?? 60);
  const seed = Number(process.argv[3] ?? 1);
  const r = fuzz(seconds, seed);
  console.log(`tried ${r.tried} inputs in ${seconds}s (seed ${seed}): ${r.accepted} accepted, ${r.crashes.length} non-CompileError failures, slowest ${r.slowestMs} ms`);
  for (const c of r.crashes.slice(0, 10)) console.log('CRASH', c);
  console.log(`${r.disagreements.length} disagreements with WebAssembly.validate`);
  for (const d of r.disagreements.slice(0, 20)) console.log('DIFF', d);
}
