/** The embedding surface: stdio choices, reactors, the provider/plugin, and import wiring. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import t from 'tap';
import { isWeftPlugin } from '../../kernel/contracts/plugin.js';
import { Engine, Linker, Module, Store } from '../../index.js';
import {
  initializeReactor, isWasiExit, PREVIEW1_FUNCTIONS, signatureOf, WasiExit, WasiPreview1, WasiPreview1Provider,
  wasiPreview1Plugin,
} from '../../wasi/preview1/index.js';
import { ExitSignal } from '../../kernel/errors/exit-signal.js';
import { fixture, instantiateOnHost, instantiateOnWeft, runOnHost } from './helpers/host-engine.js';

const env = { WEFT_A: 'alpha' };

t.test('stdout to a Node stream, stderr to a host fd, stdin from a string', async (t) => {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-stdio-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const errFd = fs.openSync(path.join(dir, 'err.txt'), 'w');
  const r = await runOnHost('basics.wasm', { args: ['basics', '0'], env, stdin: 'abc', stdout: sink, stderr: errFd });
  fs.closeSync(errFd);
  t.equal(r.code, 0);
  t.match(Buffer.concat(chunks).toString(), /stdin_bytes=3 /);
  t.equal(fs.readFileSync(path.join(dir, 'err.txt'), 'utf8'), 'exiting with 0\n');
});

t.test("stdout 'null' discards and stdoutText refuses when not captured", async (t) => {
  const r = await runOnHost('basics.wasm', { args: ['basics', '0'], env, stdout: 'null' });
  t.equal(r.code, 0);
  t.throws(() => r.wasi.stdoutText(), /not captured/);
  t.equal(r.wasi.stderrText(), 'exiting with 0\n');
});

t.test('stdin from a Node stream: buffered data is read, then EOF once ended', async (t) => {
  const s = new PassThrough();
  s.end('from stream');
  await new Promise((r) => setImmediate(r));
  const r = await runOnHost('basics.wasm', { args: ['basics', '0'], env, stdin: s });
  t.match(r.stdout, /stdin_bytes=11 /);
});

t.test('reactor: _initialize runs constructors, exports work after', async (t) => {
  for (const engine of ['host', 'weft'] as const) {
    const wasi = new WasiPreview1({ env: { REACTOR_BASE: '40' }, stdout: 'capture' });
    if (engine === 'host') {
      const inst = await instantiateOnHost(fixture('reactor.wasm'), wasi);
      initializeReactor(wasi, inst.exports);
      t.equal((inst.exports.add as (x: number) => number)(2), 42, engine);
    } else {
      const inst = instantiateOnWeft(fixture('reactor.wasm'), wasi);
      initializeReactor(wasi, inst);
      t.equal(inst.getFunc('add')!.call(2), 42, engine);
    }
    t.equal(wasi.stdoutText(), 'add(2) with base 40\n');
    t.equal(wasi.exitCode, null);
  }
});

t.test('WasiExit is the kernel ExitSignal, with a JSON form', async (t) => {
  const e = new WasiExit(3);
  t.ok(e instanceof ExitSignal);
  t.ok(isWasiExit(e));
  t.same(e.toJSON(), { name: 'WasiExit', code: 'exit', message: 'guest exited with code 3', exitCode: 3 });
});

t.test('provider and plugin link through the WasiProvider contract', async (t) => {
  t.ok(isWeftPlugin(wasiPreview1Plugin));
  t.same(wasiPreview1Plugin.provides, ['wasi']);
  const engine = new Engine();
  const linker = new Linker(engine);
  const provider = new WasiPreview1Provider();
  t.equal(provider.version, 'preview1');
  const wasi = provider.addToLinker(linker, { args: ['basics', '4'], env, preopens: [], stdout: 'capture', stderr: 'capture' });
  for (const f of PREVIEW1_FUNCTIONS) t.ok(linker.has('wasi_snapshot_preview1', f), f);
  t.ok(linker.has('wasi_unstable', 'fd_write'));
  t.notOk(linker.has('wasi_unstable', 'sock_accept'));
  const inst = linker.instantiate(new Store(engine), Module.fromBytes(engine, fixture('basics.wasm')));
  let thrown: unknown = null;
  try { inst.getFunc('_start')!.call(); } catch (e) { thrown = e; }
  t.ok(isWasiExit(thrown) && (thrown as WasiExit).exitCode === 4, 'proc_exit unwinds the interpreter as ExitSignal');
  t.equal(wasi.exitCode, 4);
  t.match(wasi.stdoutText(), /SUMMARY basics pass=\d+ fail=0/);
});

t.test('signatures: i64 where the witx says u64/s64', async (t) => {
  t.same(signatureOf('fd_seek').params, ['i32', 'i64', 'i32', 'i32']);
  t.same(signatureOf('path_open').params, ['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32']);
  t.same(signatureOf('proc_exit').results, []);
  t.same(signatureOf('sched_yield').params, []);
  t.throws(() => signatureOf('nope'));
});

t.test('memory: views follow growth, out-of-bounds pointers give EFAULT', async (t) => {
  const wasi = new WasiPreview1({ args: ['a'] });
  const f = wasi.imports().wasi_snapshot_preview1;
  let mem = { buffer: new ArrayBuffer(65536), byteLength: 65536, generation: 0 };
  const caller = { getExport: () => mem, data: null };
  t.equal(f.args_sizes_get(caller, 0, 4), 0);
  t.equal(new DataView(mem.buffer).getUint32(0, true), 1);
  t.equal(f.args_sizes_get(caller, 65534, 0), 21, 'EFAULT');
  mem = { buffer: new ArrayBuffer(131072), byteLength: 131072, generation: 1 };
  t.equal(f.args_sizes_get(caller, 70000, 70004), 0, 'grown memory seen');
  t.equal(new DataView(mem.buffer).getUint32(70004, true), 2);
  // a reserved buffer larger than the guest's memory: byteLength is the bound
  mem = { buffer: new ArrayBuffer(131072), byteLength: 65536, generation: 2 };
  t.equal(f.args_sizes_get(caller, 70000, 4), 21, 'EFAULT beyond byteLength');
  t.equal(f.proc_raise(caller, 1), 52, 'ENOSYS');
  t.equal(f.fd_close(caller, 40), 8, 'EBADF');
});
