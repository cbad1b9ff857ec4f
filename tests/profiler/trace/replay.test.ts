/**
 * Record a WASI C program's run to a trace, then replay it without any WASI, filesystem, clock
 * or random source: stdout, stderr, exit code and fuel must be byte-identical; a guest that
 * strays from the trace stops with an error naming the event index.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { Engine, Module } from '../../../index.js';
import { nativePlugin } from '../../../backends/native/index.js';
import { wasiPreview1Plugin } from '../../../wasi/preview1/index.js';
import { isReplayError, readTrace, recordWasiRun, replayTrace, type ReplayResult } from '../../../profiler/trace/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../tests/fixtures/wasi');
const fixture = (n: string): string => path.join(FIXTURES, n);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-trace-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function record(name: string, wasi: Parameters<typeof recordWasiRun>[0]['wasi'], opts: { fuel?: number; backend?: string } = {}) {
  const engine = new Engine({ plugins: [wasiPreview1Plugin, nativePlugin], backend: opts.backend, consumeFuel: opts.fuel !== undefined });
  const module = await Module.fromFile(engine, fixture(name));
  const trace = path.join(tmp, `${name}-${opts.backend ?? 'interp'}-${Math.random().toString(36).slice(2)}.trace`);
  const rec = await recordWasiRun({ engine, module, trace, wasi, fuel: opts.fuel });
  await engine.dispose();
  return { rec, trace };
}

function same(t: Test, got: ReplayResult, rec: Awaited<ReturnType<typeof record>>['rec']): void {
  t.same(got.mismatches, [], 'no mismatches');
  t.equal(got.stdoutBytes.toString('utf8'), rec.stdoutBytes.toString('utf8'), 'stdout identical');
  t.equal(got.stderrBytes.toString('utf8'), rec.stderrBytes.toString('utf8'), 'stderr identical');
  t.equal(got.exitCode, rec.exitCode, 'exit code');
  t.equal(got.trap, rec.trap, 'trap');
  t.equal(got.unusedCalls, 0, 'every recorded call was used');
}

const basicsWasi = {
  args: ['basics', '7', 'two words', 'ünïcode'], env: { WEFT_A: 'alpha', WEFT_B: 'beta' }, preopens: [],
  stdin: Buffer.from('line one\nline two\n'),
};

t.test('basics: args, env, clocks, random, stdin, poll, exit code', async (t) => {
  const { rec, trace } = await record('basics.wasm', basicsWasi);
  t.equal(rec.exitCode, 7, rec.stdoutBytes.toString());
  t.match(rec.stdoutBytes.toString(), /SUMMARY basics pass=\d+ fail=0/);
  const parsed = readTrace(trace);
  const names = new Set(parsed.calls.map((c) => c.name));
  for (const f of ['args_get', 'environ_get', 'clock_time_get', 'random_get', 'fd_read', 'fd_write', 'proc_exit']) t.ok(names.has(f), `trace has ${f}`);
  const got = await replayTrace(trace, fixture('basics.wasm'));
  same(t, got, rec);
});

t.test('fs_ops on a host directory replays without the directory', async (t) => {
  const dir = fs.mkdtempSync(path.join(tmp, 'data-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'input.txt'), 'hello input\n');
  fs.writeFileSync(path.join(dir, 'file.txt'), 'inside\n');
  const ro = fs.mkdtempSync(path.join(tmp, 'ro-'));
  fs.writeFileSync(path.join(ro, 'ro.txt'), 'read only\n');
  const { rec, trace } = await record('fs_ops.wasm', {
    args: ['fs_ops'], env: {}, preopens: [{ guest: '/data', host: dir, readonly: false }, { guest: '/ro', host: ro, readonly: true }],
  });
  t.equal(rec.exitCode, 0, rec.stdoutBytes.toString());
  const parsed = readTrace(trace);
  t.ok(parsed.calls.some((c) => c.name === 'fd_readdir'), 'directory listings are recorded');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(ro, { recursive: true, force: true });
  same(t, await replayTrace(trace, fixture('fs_ops.wasm')), rec);
});

t.test('fuel consumption is reproduced', async (t) => {
  const { rec, trace } = await record('basics.wasm', basicsWasi, { fuel: 50_000_000 });
  t.ok(rec.fuelConsumed !== null && rec.fuelConsumed > 0);
  const got = await replayTrace(trace, fixture('basics.wasm'));
  t.equal(got.fuelConsumed, rec.fuelConsumed);
  same(t, got, rec);
});

t.test('a trace recorded on the native backend replays on the interpreter', async (t) => {
  const { rec, trace } = await record('basics.wasm', basicsWasi, { backend: 'native' });
  t.equal(readTrace(trace).header.backend, 'native');
  same(t, await replayTrace(trace, fixture('basics.wasm')), rec);
});

t.test('divergence stops replay naming the event index', async (t) => {
  const { trace } = await record('basics.wasm', basicsWasi);
  const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
  const i = lines.findIndex((l) => l.includes('"name":"clock_time_get"'));
  const seq = JSON.parse(lines[i]).seq as number;
  lines[i] = lines[i].replace('"name":"clock_time_get"', '"name":"random_get"');
  const bad = path.join(tmp, 'diverged.trace');
  fs.writeFileSync(bad, lines.join('\n') + '\n');
  let err: unknown = null;
  try { await replayTrace(bad, fixture('basics.wasm')); } catch (e) { err = e; }
  t.ok(isReplayError(err), String(err));
  if (isReplayError(err)) {
    t.equal(err.eventIndex, seq);
    t.match(err.message, new RegExp(`trace event #${seq}: the trace has wasi_snapshot_preview1.random_get here, but the guest called wasi_snapshot_preview1.clock_time_get`));
  }
  const cut = path.join(tmp, 'cut.trace');
  fs.writeFileSync(cut, lines.slice(0, i).join('\n') + '\n');
  err = null;
  try { await replayTrace(cut, fixture('basics.wasm')); } catch (e) { err = e; }
  t.ok(isReplayError(err) && /no more calls/.test(err.message), String(err));
});

t.test('the wrong module is refused', async (t) => {
  const { trace } = await record('basics.wasm', basicsWasi);
  let err: unknown = null;
  try { await replayTrace(trace, fixture('fs_ops.wasm')); } catch (e) { err = e; }
  t.ok(isReplayError(err) && err.code === 'replay_module_mismatch', String(err));
});
