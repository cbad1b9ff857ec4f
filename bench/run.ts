/**
 * `npm run bench [-- --backend B[,B2] --json --filter NAME --runs N]`: each workload on weft
 * and on the host engine (`WebAssembly.instantiate` of the same bytes), in this one process,
 * median of several runs after warm-up, checksums compared. Never run by `npm test`.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../index.js';
import { checksumKey, measure } from './measure.js';
import { toJson, toTable, type BenchRow } from './report.js';
import { weftRunner } from './weft-runner.js';
import { loadWorkloads } from './workloads.js';

const HOST_WARMUPS = 3;
const HOST_RUNS = 7;
const WEFT_WARMUPS = 1;

interface BenchArgs {
  readonly backends: string[];
  readonly json: boolean;
  readonly filter: string | null;
  readonly runs: number;
}

function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      filter: { type: 'string' },
      runs: { type: 'string', default: '3' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: npm run bench -- [--backend interpreter[,native]] [--json] [--filter NAME] [--runs N]\n');
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${JSON.stringify(values.runs)}`);
  const backends = (values.backend ?? ['interpreter']).flatMap((b) => b.split(',')).filter(Boolean);
  return { backends, json: values.json, filter: values.filter ?? null, runs };
}

async function hostRunner(bytes: Uint8Array): Promise<() => unknown> {
  const { instance } = await WebAssembly.instantiate(bytes);
  const run = instance.exports.run as () => unknown;
  return () => run();
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const parser = new Engine().parser;
  const workloads = loadWorkloads(args.filter);
  if (workloads.length === 0) throw new Error(`no workload matches ${JSON.stringify(args.filter)}`);
  const rows: BenchRow[] = [];
  for (const w of workloads) {
    const bytes = parser.watToBinary(w.text, { source: w.file });
    const host = measure(await hostRunner(bytes), HOST_WARMUPS, HOST_RUNS);
    for (const backend of args.backends) {
      log(`bench: ${w.name} on ${backend}...`);
      try {
        const weft = measure(weftRunner(backend, bytes), WEFT_WARMUPS, args.runs);
        if (checksumKey(weft.result) !== checksumKey(host.result)) {
          rows.push({ workload: w.name, backend, weftMs: null, hostMs: host.medianMs, ratio: null,
            error: `checksum mismatch: weft ${checksumKey(weft.result)}, host ${checksumKey(host.result)}` });
          continue;
        }
        rows.push({ workload: w.name, backend, weftMs: weft.medianMs, hostMs: host.medianMs, ratio: weft.medianMs / host.medianMs });
      } catch (e) {
        rows.push({ workload: w.name, backend, weftMs: null, hostMs: host.medianMs, ratio: null,
          error: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
      }
    }
  }
  process.stdout.write(`${args.json ? toJson(rows) : toTable(rows)}\n`);
  return rows.some((r) => r.error) ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`bench: error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
