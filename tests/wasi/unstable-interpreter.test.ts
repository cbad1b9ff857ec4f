/**
 * `wasi_unstable` through weft's own Linker on the interpreter (not the host engine): a WAT
 * module calls the snapshot-0 imports whose layouts differ from preview1 (56-byte filestat
 * with a u32 nlink, whence numbered CUR/END/SET = 0/1/2, 56-byte clock subscriptions with an
 * identifier) and the test reads the results out of its memory.
 */
import t from 'tap';
import { Engine, Linker, LinkError, Module, Store } from '../../index.js';
import { MemoryFileSystem, WasiPreview1 } from '../../wasi/preview1/index.js';

const WAT = `(module
  (import "wasi_unstable" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fstat (param i32 i32) (result i32)))
  (import "wasi_unstable" "path_filestat_get" (func $pstat (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "input.txt")
  ;; opens /data/input.txt (fd 3 is the preopen) for reading; the new fd lands at 96
  (func (export "open") (result i32)
    (call $open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (i32.const 0)
      (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 96)))
  (func (export "opened") (result i32) (i32.load (i32.const 96)))
  (func (export "fstat") (param $fd i32) (param $out i32) (result i32) (call $fstat (local.get $fd) (local.get $out)))
  (func (export "pstat") (param $out i32) (result i32)
    (call $pstat (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (local.get $out)))
  (func (export "seek") (param $fd i32) (param $off i64) (param $whence i32) (result i32)
    (call $seek (local.get $fd) (local.get $off) (local.get $whence) (i32.const 88)))
  (func (export "position") (result i64) (i64.load (i32.const 88)))
  (func (export "poll") (param $in i32) (param $out i32) (result i32)
    (call $poll (local.get $in) (local.get $out) (i32.const 1) (i32.const 92)))
  (func (export "events") (result i32) (i32.load (i32.const 92))))`;

function setup() {
  const engine = new Engine({ backend: 'interpreter' });
  const fs = new MemoryFileSystem();
  fs.writeFile('input.txt', 'hello input\n');
  const wasi = new WasiPreview1({ preopens: [{ guest: '/data', filesystem: fs }] });
  const linker = new Linker(engine);
  wasi.addToLinker(linker);
  const instance = linker.instantiate(new Store(engine), Module.fromText(engine, WAT));
  const mem = () => new DataView(instance.getMemory('memory')!.buffer);
  const call = (name: string, ...args: (number | bigint)[]) => instance.getFunc(name)!.call(...args);
  return { engine, linker, wasi, mem, call };
}

t.test('snapshot-0 layouts on the interpreter', async (t) => {
  const { engine, mem, call } = setup();
  t.equal(engine.backend.id, 'interpreter');
  t.equal(call('open'), 0, 'path_open');
  const fd = call('opened') as number;

  new Uint8Array(mem().buffer, 200, 64).fill(0xee);
  t.equal(call('fstat', fd, 200), 0, 'fd_filestat_get');
  const fst = mem();
  t.equal(fst.getUint8(216), 4, 'filetype regular_file @16');
  t.equal(fst.getUint32(220, true), 1, 'nlink u32 @20');
  t.equal(fst.getBigUint64(224, true), 12n, 'size @24');
  t.ok(fst.getBigUint64(240, true) > 1_000_000_000n * 1_000_000_000n, 'mtim @40');
  t.equal(fst.getUint8(256), 0xee, 'exactly 56 bytes written');

  new Uint8Array(mem().buffer, 300, 64).fill(0xee);
  t.equal(call('pstat', 300), 0, 'path_filestat_get');
  t.equal(mem().getUint32(320, true), 1, 'path: nlink u32 @20');
  t.equal(mem().getBigUint64(324, true), 12n, 'path: size @24');
  t.equal(mem().getUint8(356), 0xee, 'path: exactly 56 bytes written');

  t.equal(call('seek', fd, 0n, 1), 0, 'whence 1 is END');
  t.equal(call('position'), 12n);
  t.equal(call('seek', fd, 3n, 2), 0, 'whence 2 is SET');
  t.equal(call('position'), 3n);
  t.equal(call('seek', fd, 2n, 0), 0, 'whence 0 is CUR');
  t.equal(call('position'), 5n);
  t.equal(call('seek', fd, 0n, 3), 28, 'whence 3 is EINVAL');

  // Clock subscription: userdata @0, tag @8, identifier @16, clock id @24, timeout @32, flags @48.
  const sub = mem();
  new Uint8Array(sub.buffer, 400, 56).fill(0);
  sub.setBigUint64(400, 0x1122334455667788n, true);
  sub.setUint8(408, 0);
  sub.setBigUint64(416, 42n, true);
  sub.setUint32(424, 1, true);
  sub.setBigUint64(432, 3_000_000n, true);
  const t0 = performance.now();
  t.equal(call('poll', 400, 500), 0, 'poll_oneoff');
  t.ok(performance.now() - t0 >= 2, 'waited for the relative timeout read at @32');
  t.equal(call('events'), 1);
  const ev = mem();
  t.equal(ev.getBigUint64(500, true), 0x1122334455667788n, 'event userdata');
  t.equal(ev.getUint16(508, true), 0, 'event errno');
  t.equal(ev.getUint8(510), 0, 'event type clock');
});

t.test('wasi_unstable has no sock_accept; preview1 has', async (t) => {
  const { engine, linker } = setup();
  const importing = (module: string) => Module.fromText(engine,
    `(module (import "${module}" "sock_accept" (func (param i32 i32 i32) (result i32))) (memory (export "memory") 1))`);
  t.ok(linker.instantiate(new Store(engine), importing('wasi_snapshot_preview1')), 'preview1 links');
  t.throws(() => linker.instantiate(new Store(engine), importing('wasi_unstable')), LinkError, 'wasi_unstable does not');
});
