/**
 * `--trace` records the capabilities the run was granted (preopens, environment variable
 * names, arguments, sockets) as a `capabilities.granted` event; replay checks every recorded
 * answer that reveals a capability against it and stops, naming the event, when a trace shows
 * more than it was granted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { Engine, Module } from '../../../index.js';
import { wasiPreview1Plugin } from '../../../wasi/preview1/index.js';
import { GRANTS_EVENT, isReplayError, readTrace, recordWasiRun, replayTrace } from '../../../profiler/trace/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../tests/fixtures/wasi');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-grants-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function record(name: string, wasi: Parameters<typeof recordWasiRun>[0]['wasi']): Promise<string> {
  const engine = new Engine({ plugins: [wasiPreview1Plugin] });
  const module = await Module.fromFile(engine, path.join(FIXTURES, name));
  const trace = path.join(tmp, `${name}-${Math.random().toString(36).slice(2)}.trace`);
  await recordWasiRun({ engine, module, trace, wasi });
  await engine.dispose();
  return trace;
}

/** A copy of `trace` with its grants event changed by `edit`. */
function withGrants(trace: string, edit: (g: Record<string, unknown>) => void): string {
  const lines = fs.readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const rec = lines.find((r) => r.kind === 'event' && r.event.type === GRANTS_EVENT);
  edit(rec.event);
  const out = path.join(tmp, `edited-${Math.random().toString(36).slice(2)}.trace`);
  fs.writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return out;
}

async function replayError(trace: string, wasm: string): Promise<unknown> {
  try {
    await replayTrace(trace, path.join(FIXTURES, wasm));
  } catch (e) {
    return e;
  }
  return null;
}

function seqOf(trace: string, name: string): number {
  return readTrace(trace).calls.find((c) => c.name === name)!.seq;
}

const basics = { args: ['basics', '7', 'two words'], env: { WEFT_A: 'alpha-secret', WEFT_B: 'beta' }, preopens: [], stdin: Buffer.from('x\n') };

t.test('the grants are recorded after the header, without host paths or env values', async (t) => {
  const dir = fs.mkdtempSync(path.join(tmp, 'host-dir-'));
  const trace = await record('fs_ops.wasm', { args: ['fs_ops'], env: { TOKEN: 'hunter2' }, preopens: [{ guest: '/data', host: dir, readonly: false }, { guest: '/ro', host: dir, readonly: true }], tcplisten: [] });
  const parsed = readTrace(trace);
  t.equal(parsed.grants?.seq, 1, 'event #1, right after the header');
  t.same(parsed.grants?.grants, {
    type: GRANTS_EVENT, preopens: [{ guest: '/data', readonly: false }, { guest: '/ro', readonly: true }], envKeys: ['TOKEN'], args: ['fs_ops'], sockets: [],
  });
  const line = fs.readFileSync(trace, 'utf8').split('\n')[1];
  t.notMatch(line, dir, 'no host path');
  t.notMatch(line, 'hunter2', 'no env value');
  const ok = await replayTrace(trace, path.join(FIXTURES, 'fs_ops.wasm'));
  t.same(ok.mismatches, []);
  t.same(ok.grants?.preopens.map((p) => p.guest), ['/data', '/ro'], 'replay reports the grants it checked against');
});

t.test('answers showing more than the grants stop replay at that event', async (t) => {
  const trace = await record('basics.wasm', basics);
  t.same((await replayTrace(trace, path.join(FIXTURES, 'basics.wasm'))).mismatches, [], 'the untouched trace replays');

  let err = await replayError(withGrants(trace, (g) => { g.envKeys = ['WEFT_A']; }), 'basics.wasm');
  t.ok(isReplayError(err) && err.code === 'replay_capability', String(err));
  if (isReplayError(err)) {
    t.equal(err.eventIndex, seqOf(trace, 'environ_sizes_get'));
    t.match(err.message, /told of 2 environment variables, not 1.*grants recorded at #1/);
  }

  err = await replayError(withGrants(trace, (g) => { g.envKeys = ['WEFT_A', 'OTHER']; }), 'basics.wasm');
  t.ok(isReplayError(err) && err.eventIndex === seqOf(trace, 'environ_get') && /"WEFT_B"/.test(err.message), String(err));

  err = await replayError(withGrants(trace, (g) => { g.args = ['basics', '7', 'two  words']; }), 'basics.wasm');
  t.ok(isReplayError(err) && err.code === 'replay_capability' && err.eventIndex === seqOf(trace, 'args_sizes_get'), String(err));

  err = await replayError(withGrants(trace, (g) => { g.args = ['basics', '7', 'two_words']; }), 'basics.wasm');
  t.ok(isReplayError(err) && err.eventIndex === seqOf(trace, 'args_get') && /two words/.test(err.message), String(err));
});

t.test('a preopen missing from the grants is caught', async (t) => {
  const dir = fs.mkdtempSync(path.join(tmp, 'd-'));
  const trace = await record('fs_ops.wasm', { args: ['fs_ops'], env: {}, preopens: [{ guest: '/data', host: dir, readonly: false }, { guest: '/ro', host: dir, readonly: true }] });
  const err = await replayError(withGrants(trace, (g) => { g.preopens = [{ guest: '/data', readonly: false }]; }), 'fs_ops.wasm');
  t.ok(isReplayError(err) && err.code === 'replay_capability' && /preopened directory "\/ro"/.test(err.message), String(err));
  const prestat = readTrace(trace).calls.filter((c) => c.name === 'fd_prestat_dir_name').map((c) => c.seq);
  t.ok(isReplayError(err) && prestat.includes(err.eventIndex), 'named at a fd_prestat_dir_name event');
});

t.test('args_get / environ_get are recorded as the regions their sizes call announced', async (t) => {
  const trace = await record('basics.wasm', basics);
  const calls = readTrace(trace).calls;
  for (const [get, sizes] of [['args_get', 'args_sizes_get'], ['environ_get', 'environ_sizes_get']] as const) {
    const s = calls.find((c) => c.name === sizes)!;
    const u32 = (ptr: unknown): number => Buffer.from(s.writes.find((w) => w[0] === ptr)![1], 'base64').readUInt32LE(0);
    const [count, bytes] = [u32(s.params[0]), u32(s.params[1])];
    const g = calls.find((c) => c.name === get)!;
    t.same(g.writes.map(([at, b64]) => [at, Buffer.from(b64, 'base64').length]), [[g.params[0], count * 4], [g.params[1], bytes]], `${get}: pointer array and buffer`);
  }
});
