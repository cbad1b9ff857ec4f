import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { builtinPluginIds, Engine, Linker, Module, Store } from '../../index.js';
import { noBackend, weft, weftIn } from './helpers.js';

t.test('pooling is a built-in plugin', async (t) => {
  t.ok(builtinPluginIds().includes('pooling'));
  t.equal(new Engine({ allocator: 'pooling' }).allocator.id, 'pooling');
});

t.test('weft run --allocator pooling runs a module with a memory', { skip: noBackend() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-pool-'));
  const wat = join(dir, 'mem.wat');
  writeFileSync(wat, `(module (memory 1)
    (func (export "roundtrip") (param i32) (result i32)
      (i32.store (i32.const 8) (local.get 0)) (i32.load (i32.const 8))))`);
  const r = await weftIn(['run', '--allocator', 'pooling', wat, '--invoke', 'roundtrip', '41']);
  t.equal(r.stderr, '');
  t.equal(r.stdout, '41\n');
  t.equal(r.code, 0);
  const add = await weftIn(['run', 'examples/add.wat', '--allocator', 'pooling', '--invoke', 'add', '2', '3']);
  t.equal(add.stdout, '5\n');
});

t.test('weft run --backend native --allocator pooling: native code on a pooled memory', { skip: noBackend() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-pool-'));
  const wat = join(dir, 'mem.wat');
  writeFileSync(wat, `(module (memory 1) (data (i32.const 16) "A")
    (func (export "roundtrip") (param i32) (result i32)
      (i32.store (i32.const 8) (local.get 0)) (i32.add (i32.load (i32.const 8)) (i32.load8_u (i32.const 16)))))`);
  const r = await weftIn(['run', '--backend', 'native', '--allocator', 'pooling', wat, '--invoke', 'roundtrip', '41']);
  t.equal(r.stderr, '');
  t.equal(r.stdout, '106\n', '41 + "A" (65): the data segment reached the pooled memory');
  const hello = weft(['run', '--backend', 'native', '--allocator', 'pooling', 'examples/hello.wat']);
  t.equal(hello.stdout, 'Hello, WASI!\n');
  t.equal(hello.code, 0);
  // The same through the API: the instance's memory is one of the pool's host memories.
  const engine = new Engine({ backend: 'native', allocator: 'pooling' });
  const inst = new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, '(module (memory (export "m") 1))'));
  t.ok(inst.getMemory('m')!.handle.wasmMemory instanceof WebAssembly.Memory);
  t.equal((engine.allocator as unknown as { metrics(): { memoriesInUse: number } }).metrics().memoriesInUse, 1);
  inst.dispose();
  t.equal((engine.allocator as unknown as { metrics(): { memoriesInUse: number } }).metrics().memoriesInUse, 0);
});

t.test('a manifest selecting pooling (with config) works', { skip: noBackend() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-pool-'));
  const manifest = join(dir, 'weft.json');
  writeFileSync(manifest, JSON.stringify({ allocator: { id: 'pooling', totalInstances: 4, totalMemories: 4, totalTables: 4 } }));
  const r = await weftIn(['run', '--manifest', manifest, 'examples/add.wat', '--invoke', 'add', '20', '22']);
  t.equal(r.stderr, '');
  t.equal(r.stdout, '42\n');
});

const MULTI = `(module
  (memory $a 1) (memory $b 1) (table $t 1 funcref) (table $u 1 funcref)
  (func (export "copy") (param i32) (result i32)
    (i32.store $a (i32.const 0) (local.get 0))
    (i32.store $b (i32.const 4) (i32.load $a (i32.const 0)))
    (i32.load $b (i32.const 4))))`;

t.test('weft wast --allocator pooling sizes the pool for the suite (Wasmtime harness limits)', { skip: noBackend() }, async (t) => {
  // The allocator's own defaults are Wasmtime's: one memory and one table per module.
  const engine = new Engine({ allocator: 'pooling' });
  t.throws(() => new Linker(engine).instantiate(new Store(engine), Module.fromText(engine, MULTI)),
    { code: 'resource_limit', limit: 'maxMemoriesPerModule' });
  const dir = mkdtempSync(join(tmpdir(), 'weft-pool-'));
  const wast = join(dir, 'multi.wast');
  writeFileSync(wast, `${MULTI}\n(assert_return (invoke "copy" (i32.const 77)) (i32.const 77))\n`);
  const r = await weftIn(['wast', '--allocator', 'pooling', '--reporter', 'json', wast]);
  t.same(JSON.parse(r.stdout).total, { passed: 2, failed: 0, skipped: 0 });
  t.equal(r.code, 0);
});

t.test('weft wast --allocator rejects an unknown allocator with a usage error', async (t) => {
  const r = await weftIn(['wast', '--allocator', 'slab', 'examples/add.wat']);
  t.equal(r.code, 2);
  t.match(r.stderr, /--allocator/);
});
