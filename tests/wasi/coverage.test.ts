/**
 * Every preview1 import is exercised by at least one fixture program: the programs run on the
 * host engine with call counting, and each of the 46 functions must have been called (and
 * the programs check the results, so removing an implementation fails a program).
 */
import { Worker } from 'node:worker_threads';
import t from 'tap';
import { PREVIEW1_FUNCTIONS, UNSTABLE_FUNCTIONS, WasiPreview1, runCommand } from '../../wasi/preview1/index.js';
import { callCounts, fixture, instantiateOnHost, runOnHost, summaryOf } from './helpers/host-engine.js';
import { makeSandbox } from './helpers/sandbox.js';

t.test('all 46 preview1 functions are called by the fixture programs', async (t) => {
  t.equal(PREVIEW1_FUNCTIONS.length, 46);
  t.equal(UNSTABLE_FUNCTIONS.length, 45);
  const byProgram = new Map<string, string[]>();
  const run = async (name: string, f: () => Promise<void>): Promise<void> => {
    const before = new Map(callCounts);
    await f();
    byProgram.set(name, [...callCounts.keys()].filter((k) => (callCounts.get(k) ?? 0) > (before.get(k) ?? 0)));
  };
  const sb = makeSandbox('memory');
  t.teardown(sb.cleanup);
  const fresh = () => { const s = makeSandbox('memory'); t.teardown(s.cleanup); return s.preopens; };
  await run('fs_ops', async () => { t.equal((await runOnHost('fs_ops.wasm', { args: ['fs_ops'], preopens: fresh() })).code, 0); });
  await run('escape', async () => { t.equal((await runOnHost('escape.wasm', { args: ['escape', sb.secretPath], preopens: sb.preopens })).code, 0); });
  await run('basics', async () => { t.equal((await runOnHost('basics.wasm', { args: ['basics', '0'], env: { WEFT_A: 'alpha' }, stdin: 'x' })).code, 0); });
  await run('unstable', async () => { t.equal((await runOnHost('unstable.wasm', { args: ['unstable'], preopens: fresh() })).code, 0); });
  await run('sockets', async () => {
    const wasi = new WasiPreview1({ preopens: fresh(), stdout: 'capture', tcplisten: ['127.0.0.1:0', '127.0.0.1:0'] });
    const inst = await instantiateOnHost(fixture('sockets.wasm'), wasi);
    const client = new Worker(`const net=require('node:net');const {workerData}=require('node:worker_threads');
      const s=net.connect(workerData,'127.0.0.1',()=>s.write('hello\\n'));
      s.on('data',(b)=>{if(String(b)==='HELLO\\n')setTimeout(()=>{s.write('bye\\n');s.end();},20);});`,
    { eval: true, workerData: wasi.listenAddresses[0].port });
    t.equal(runCommand(wasi, inst.exports), 0, wasi.stdoutText());
    t.equal(summaryOf(wasi.stdoutText())?.fail, 0);
    wasi.close();
    await client.terminate();
  });
  for (const f of PREVIEW1_FUNCTIONS) {
    const users = [...byProgram].filter(([, calls]) => calls.includes(`wasi_snapshot_preview1.${f}`)).map(([p]) => p);
    t.ok(users.length > 0, `${f}: ${users.join(', ')}`);
  }
  for (const f of ['fd_filestat_get', 'path_filestat_get', 'fd_seek', 'poll_oneoff', 'fd_write', 'clock_time_get']) {
    t.ok(callCounts.get(`wasi_unstable.${f}`), `wasi_unstable.${f} called`);
  }
});
