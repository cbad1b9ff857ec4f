/**
 * `node dist/bench/startup/startup.js [--runs N]`: start-up cost of the `weft` command. Runs
 * `weft run examples/add.wat --invoke add 2 3` and, for comparison, `node -e` instantiating the
 * same module's bytes with the host's WebAssembly and printing add(2, 3), each N times in fresh
 * processes; reports the median CPU (user + sys, from the shell's `times`) and wall time of
 * each and the weft/host ratios. Never run by `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Engine } from '../../index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const WAT = `${ROOT}examples/add.wat`;

interface Sample { readonly cpuMs: number; readonly wallMs: number }

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `times` prints the shell's own, then its children's user and sys time, e.g. `0m0.830000s`. */
function parseTimes(line: string): number {
  const parts = line.trim().split(/\s+/).map((p) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(p);
    if (!m) throw new Error(`unexpected \`times\` output: ${line}`);
    return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  });
  return parts[0] + parts[1];
}

function runOnce(argv: readonly string[], expected: string): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', `${argv.map(shellQuote).join(' ')} && times`], { encoding: 'utf8', cwd: ROOT });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const lines = r.stdout.trimEnd().split('\n');
  if (r.status !== 0 || lines[0] !== expected) throw new Error(`${argv.join(' ')}: exit ${r.status}, stdout ${JSON.stringify(r.stdout)}, stderr ${r.stderr}`);
  return { cpuMs: parseTimes(lines[lines.length - 1]), wallMs };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function measure(argv: readonly string[], runs: number): { cpuMs: number; wallMs: number } {
  runOnce(argv, '5'); // warm the file cache
  const samples = Array.from({ length: runs }, () => runOnce(argv, '5'));
  return { cpuMs: median(samples.map((s) => s.cpuMs)), wallMs: median(samples.map((s) => s.wallMs)) };
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } }, strict: true });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);

const bytes = new Engine().parser.watToBinary(readFileSync(WAT, 'utf8'));
const hostScript = `const m = new WebAssembly.Module(Buffer.from(${JSON.stringify(Buffer.from(bytes).toString('base64'))}, 'base64'));`
  + ' console.log(new WebAssembly.Instance(m).exports.add(2, 3));';

const weft = measure([process.execPath, CLI, 'run', WAT, '--invoke', 'add', '2', '3'], runs);
const host = measure([process.execPath, '-e', hostScript], runs);
const ms = (x: number): string => `${x.toFixed(0)} ms`;
process.stdout.write(`start-up, median of ${runs} runs (CPU = user + sys)\n`);
process.stdout.write(`  weft run add.wat --invoke add 2 3   CPU ${ms(weft.cpuMs).padStart(7)}   wall ${ms(weft.wallMs).padStart(7)}\n`);
process.stdout.write(`  node -e (host WebAssembly)          CPU ${ms(host.cpuMs).padStart(7)}   wall ${ms(host.wallMs).padStart(7)}\n`);
process.stdout.write(`  ratio weft/host                     CPU ${(weft.cpuMs / host.cpuMs).toFixed(2).padStart(6)}x   wall ${(weft.wallMs / host.wallMs).toFixed(2).padStart(6)}x\n`);
