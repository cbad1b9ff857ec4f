/**
 * Validation throughput: weft's decode+validate vs the host engine's `WebAssembly.validate`
 * on the same bytes, in the same process (median CPU time of several alternating runs after
 * warm-up; `weftMs`/`hostMs` are CPU milliseconds).
 *
 * Input: `fixtures/prog.wasm` (clang -O2 output of a generated C program, see
 * `fixtures/rebuild.sh`) with its code section replicated `SCALE` times, so the module is
 * several MB of real compiler output. Run: `node dist/bench/parser/validate.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BinaryReader } from '../../kernel/ir/binary-reader.js';
import { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { decodeModule } from '../../plugins/parser/binary/index.js';

declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

export interface ValidateBench {
  bytes: number;
  weftMs: number;
  hostMs: number;
  /** weftMs / hostMs (lower is better; 1 = as fast as the host engine). */
  ratio: number;
  weftMBps: number;
  hostMBps: number;
  /** Wall-clock medians, for reference (noisy on a loaded machine). */
  weftWallMs: number;
  hostWallMs: number;
}

const SCALE = 24;

function fixturePath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/bench/parser → bench/parser/fixtures in the source tree.
  for (const p of [path.join(here, 'fixtures/prog.wasm'), path.resolve(here, '../../../bench/parser/fixtures/prog.wasm')]) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('bench/parser/fixtures/prog.wasm not found (run bench/parser/fixtures/rebuild.sh)');
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Replicates every function body `k` times (function and code sections), keeping the module valid. */
export function replicateFunctions(bytes: Uint8Array, k: number): Uint8Array {
  const r = new BinaryReader(bytes, 8);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  while (!r.atEnd()) {
    const start = r.pos;
    const id = r.u8();
    const size = r.u32();
    const body = r.bytes.subarray(r.pos, r.pos + size);
    r.pos += size;
    if (id !== 3 && id !== 10) {
      parts.push(bytes.subarray(start, r.pos));
      continue;
    }
    const s = new BinaryReader(body);
    const n = s.u32();
    const items: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const from = s.pos;
      if (id === 3) s.u32();
      else {
        const sz = s.u32();
        s.pos += sz;
      }
      items.push(body.subarray(from, s.pos));
    }
    const content: number[] = uleb(n * k);
    for (let c = 0; c < k; c++) for (const it of items) for (const b of it) content.push(b);
    parts.push(Uint8Array.from([id, ...uleb(content.length)]), Uint8Array.from(content));
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

interface Sample { cpu: number; wall: number }

function sample(fn: () => void): Sample {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e3, wall };
}

/**
 * Runs `a` and `b` alternately (so both see the same machine load) and returns the medians.
 * CPU time (`process.cpuUsage`) is the primary measure: on a loaded machine wall time mostly
 * measures the scheduler, and it penalises the longer of the two jobs more.
 */
function timePair(a: () => void, b: () => void, runs: number): { a: Sample; b: Sample } {
  const sa: Sample[] = [];
  const sb: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    sa.push(sample(a));
    sb.push(sample(b));
  }
  return {
    a: { cpu: median(sa.map((x) => x.cpu)), wall: median(sa.map((x) => x.wall)) },
    b: { cpu: median(sb.map((x) => x.cpu)), wall: median(sb.map((x) => x.wall)) },
  };
}

export function benchValidate(runs = 15): ValidateBench {
  const bytes = replicateFunctions(new Uint8Array(fs.readFileSync(fixturePath())), SCALE);
  if (!WebAssembly.validate(bytes)) throw new Error('benchmark module is not valid for the host engine');
  const registry = new TypeRegistry();
  const weft = (): void => void decodeModule(bytes, registry);
  const host = (): void => void WebAssembly.validate(bytes);
  for (let i = 0; i < 3; i++) {
    weft();
    host();
  }
  const t = timePair(weft, host, runs);
  const mb = bytes.length / 1e6;
  const weftMs = t.a.cpu;
  const hostMs = t.b.cpu;
  return {
    bytes: bytes.length, weftMs, hostMs, ratio: weftMs / hostMs,
    weftMBps: mb / (weftMs / 1e3), hostMBps: mb / (hostMs / 1e3),
    weftWallMs: t.a.wall, hostWallMs: t.b.wall,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = benchValidate();
  console.log(`module: ${(r.bytes / 1e6).toFixed(2)} MB`);
  console.log(`weft decode+validate: ${r.weftMs.toFixed(1)} ms CPU (${r.weftMBps.toFixed(1)} MB/s)`);
  console.log(`host WebAssembly.validate: ${r.hostMs.toFixed(1)} ms CPU (${r.hostMBps.toFixed(1)} MB/s)`);
  console.log(`ratio weft/host: ${r.ratio.toFixed(2)}x (CPU time; wall medians ${r.weftWallMs.toFixed(1)} / ${r.hostWallMs.toFixed(1)} ms)`);
}
