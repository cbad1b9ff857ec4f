/**
 * Kernel events from the host-function wrapper and the Linker: `wasi.call` (module, name,
 * errno, duration) for every WASI import while the bus is observed, `instance.created` with
 * the module hash and memory bytes, and `host.call` naming the import's module.
 */
import t from 'tap';
import { Engine, Linker, Module, Store, type RuntimeEvent } from '../../../index.js';
import { wasiPreview1Plugin } from '../../../wasi/preview1/index.js';

const WASI_WAT = `(module $w
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "hi\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_close (i32.const 77)))
    (call $proc_exit (i32.const 3))))`;

function run(backend: string, observe: boolean): { events: RuntimeEvent[]; module: Module; exit: unknown } {
  const engine = new Engine({ backend, plugins: [wasiPreview1Plugin] });
  const events: RuntimeEvent[] = [];
  const sub = observe ? engine.events.subscribe((e) => events.push(e)) : null;
  const module = Module.fromText(engine, WASI_WAT, { name: 'w' });
  const linker = new Linker(engine);
  engine.wasiProviders.get('preview1')!.addToLinker(linker, { args: ['w'], env: {}, preopens: [], stdout: 'null', stderr: 'null' });
  let exit: unknown = null;
  try {
    linker.instantiate(new Store(engine), module).getFunc('_start')!.call();
  } catch (e) {
    exit = e;
  }
  sub?.unsubscribe();
  return { events, module, exit };
}

for (const backend of ['interpreter', 'native']) {
  t.test(`wasi.call events on the ${backend} backend`, async (t) => {
    const { events, module, exit } = run(backend, true);
    t.equal((exit as { exitCode?: number }).exitCode, 3, 'proc_exit(3) ends the run');
    const wasi = events.filter((e): e is Extract<RuntimeEvent, { type: 'wasi.call' }> => e.type === 'wasi.call');
    t.same(wasi.map((e) => `${e.module}.${e.name}:${e.errno}`), [
      'wasi_snapshot_preview1.fd_write:0', 'wasi_snapshot_preview1.fd_write:0',
      'wasi_snapshot_preview1.fd_close:8', 'wasi_snapshot_preview1.proc_exit:0',
    ], 'each call with its errno (8 = EBADF); proc_exit counts as success');
    t.ok(wasi.every((e) => e.durationMs >= 0 && Number.isFinite(e.durationMs)), 'durations');
    const created = events.find((e): e is Extract<RuntimeEvent, { type: 'instance.created' }> => e.type === 'instance.created')!;
    t.equal(created.hash, module.hash, 'instance.created carries the module hash');
    t.equal(created.memoryBytes, 2 * 65536, 'and the bytes of the memories it defined');
    t.equal(created.backend, backend);
  });
}

t.test('no wasi.call events and no observers: the run is unchanged', async (t) => {
  const { events, exit } = run('interpreter', false);
  t.equal(events.length, 0);
  t.equal((exit as { exitCode?: number }).exitCode, 3);
});

t.test('host.call events name the import module on the interpreter', async (t) => {
  const engine = new Engine({ backend: 'interpreter' });
  engine.requestCallEvents();
  const seen: string[] = [];
  engine.on('host.call').subscribe((e) => seen.push(`${e.phase} ${e.module} ${e.name}`));
  const module = Module.fromText(engine, `(module
    (import "env" "log" (func $log (param i32)))
    (func (export "f") (call $log (i32.const 1))))`);
  const linker = new Linker(engine);
  let logged = 0;
  linker.defineFunc('env', 'log', '(func (param i32))', (_c, x: number) => { logged += x; });
  linker.instantiate(new Store(engine), module).getFunc('f')!.call();
  t.equal(logged, 1);
  t.same(seen, ['enter env log', 'exit env log']);
  await engine.dispose();
});
