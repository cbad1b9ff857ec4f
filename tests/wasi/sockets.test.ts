/**
 * sock_accept/recv/send/shutdown on pre-opened listeners (127.0.0.1 only). The guest blocks
 * the main thread, so the client runs in a worker thread.
 */
import { Worker } from 'node:worker_threads';
import t from 'tap';
import { WasiPreview1 } from '../../wasi/preview1/index.js';
import { ENGINES, fixture, instantiateOnHost, instantiateOnWeft, summaryOf } from './helpers/host-engine.js';
import { runCommand } from '../../wasi/preview1/index.js';
import { makeSandbox } from './helpers/sandbox.js';

const CLIENT = `
const net = require('node:net');
const { workerData, parentPort } = require('node:worker_threads');
let got = '';
const s = net.connect(workerData.port, '127.0.0.1', () => s.write('hello\\n'));
s.on('data', (b) => {
  got += b.toString();
  if (got === 'HELLO\\n') { setTimeout(() => { s.write('bye\\n'); s.end(); }, 20); }
});
s.on('close', () => parentPort.postMessage(got));
s.on('error', (e) => parentPort.postMessage('error ' + e.message));
`;

for (const engine of ENGINES) t.test(`a guest serves a TCP connection on a pre-opened listener (${engine})`, async (t) => {
  const sb = makeSandbox('memory');
  t.teardown(sb.cleanup);
  const wasi = new WasiPreview1({
    args: ['sockets'], preopens: sb.preopens, stdout: 'capture', stderr: 'capture',
    tcplisten: ['127.0.0.1:0', '127.0.0.1:0'],
  });
  t.teardown(() => wasi.close());
  const [a, b] = wasi.listenAddresses;
  t.ok(a.port > 0 && b.port > 0 && a.port !== b.port, 'listeners bound');
  const instance = engine === 'host' ? (await instantiateOnHost(fixture('sockets.wasm'), wasi)).exports : instantiateOnWeft(fixture('sockets.wasm'), wasi);
  const client = new Worker(CLIENT, { eval: true, workerData: { port: a.port } });
  const reply = new Promise<string>((resolve) => client.once('message', resolve));
  const code = runCommand(wasi, instance);
  const out = wasi.stdoutText();
  t.equal(code, 0, out);
  t.match(out, /SUMMARY sockets pass=\d+ fail=0/);
  t.ok((summaryOf(out)?.pass ?? 0) >= 15);
  t.equal(await reply, 'HELLO\ndone\n', 'client saw the reply and the final write, then the close');
  await client.terminate();
});

t.test('a busy port is reported to the embedder', async (t) => {
  const first = new WasiPreview1({ tcplisten: ['127.0.0.1:0'] });
  t.teardown(() => first.close());
  const port = first.listenAddresses[0].port;
  t.throws(() => new WasiPreview1({ tcplisten: [`127.0.0.1:${port}`] }), /cannot listen/);
});
