/**
 * Every one of the 46 preview1 functions is load-bearing: with its implementation replaced by
 * a stub that answers EIO, at least one fixture program (which checks its own results) must
 * fail. coverage.test.ts shows each is called; this shows each call's result is checked.
 */
import { Worker } from 'node:worker_threads';
import t from 'tap';
import { PREVIEW1_FUNCTIONS, WasiPreview1, runCommand, type WasiPreview1Options } from '../../wasi/preview1/index.js';
import { Errno } from '../../wasi/preview1/errno.js';
import { fixture, instantiateOnHost, summaryOf } from './helpers/host-engine.js';
import { makeSandbox } from './helpers/sandbox.js';

interface Program {
  readonly name: string;
  readonly options: () => WasiPreview1Options;
  /** The exit code of a correct run. */
  readonly code: number;
  /** Prints a `SUMMARY ... fail=0` line when every check held. */
  readonly summary: boolean;
  /** Needs a TCP client for its first listener. */
  readonly client?: boolean;
}

const sandboxes: (() => void)[] = [];
function preopens(): WasiPreview1Options['preopens'] {
  const sb = makeSandbox('memory');
  sandboxes.push(sb.cleanup);
  return sb.preopens;
}
t.teardown(() => { for (const c of sandboxes) c(); });

const PROGRAMS: readonly Program[] = [
  { name: 'fs_ops', options: () => ({ args: ['fs_ops'], preopens: preopens() }), code: 0, summary: true },
  { name: 'basics', options: () => ({ args: ['basics', '0'], env: { WEFT_A: 'alpha' }, stdin: 'x' }), code: 0, summary: true },
  {
    name: 'escape', code: 0, summary: true,
    options: () => { const sb = makeSandbox('memory'); sandboxes.push(sb.cleanup); return { args: ['escape', sb.secretPath], preopens: sb.preopens }; },
  },
  { name: 'unstable', options: () => ({ args: ['unstable'], preopens: preopens() }), code: 0, summary: true },
  { name: 'sockets', options: () => ({ preopens: preopens(), tcplisten: ['127.0.0.1:0', '127.0.0.1:0'] }), code: 0, summary: true, client: true },
];

/**
 * The client sockets.wasm serves: says hello, and after the upper-cased answer says bye and
 * half-closes. With a stub in place (`giveUpMs`), it also says bye when no answer came in
 * time, so a broken server ends instead of waiting for the client forever; correct runs get
 * no such deadline (under load it could send bye before the server read hello).
 */
function startClient(port: number, giveUpMs: number | null): Worker {
  return new Worker(`const net=require('node:net');const {workerData}=require('node:worker_threads');
    let done=false;const bye=()=>{if(!done){done=true;s.write('bye\\n');s.end();}};
    const s=net.connect(workerData.port,'127.0.0.1',()=>{s.write('hello\\n');if(workerData.giveUpMs!==null)setTimeout(bye,workerData.giveUpMs);});
    s.on('error',()=>{});
    s.on('data',(b)=>{if(String(b)==='HELLO\\n')setTimeout(bye,20);});`,
  { eval: true, workerData: { port, giveUpMs } });
}

/** Runs `p` with `stubbed` (if any) answering EIO; true when the run is indistinguishable from a correct one. */
async function runsCorrectly(p: Program, stubbed: string | null): Promise<boolean> {
  const wasi = new WasiPreview1({ stdout: 'capture', stderr: 'capture', ...p.options() });
  if (stubbed !== null) {
    const imports = wasi.imports();
    imports.wasi_snapshot_preview1[stubbed] = () => Errno.IO;
  }
  let client: Worker | null = null;
  try {
    const instance = await instantiateOnHost(fixture(`${p.name}.wasm`), wasi, false);
    if (p.client === true) client = startClient(wasi.listenAddresses[0].port, stubbed === null ? null : 1000);
    const code = runCommand(wasi, instance.exports);
    return code === p.code && (!p.summary || summaryOf(wasi.stdoutText())?.fail === 0);
  } catch {
    return false; // a trap (e.g. proc_exit returned) is a failed run
  } finally {
    wasi.close();
    if (client !== null) await client.terminate();
  }
}

t.test('every fixture runs correctly with the real implementations', async (t) => {
  for (const p of PROGRAMS) t.ok(await runsCorrectly(p, null), p.name);
});

t.test('stubbing any one preview1 function makes some program fail', async (t) => {
  t.equal(PREVIEW1_FUNCTIONS.length, 46);
  for (const f of PREVIEW1_FUNCTIONS) {
    let caughtBy: string | null = null;
    for (const p of PROGRAMS) {
      if (!(await runsCorrectly(p, f))) { caughtBy = p.name; break; }
    }
    t.ok(caughtBy !== null, `${f}: caught by ${caughtBy ?? 'nothing'}`);
  }
});
