import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { builtinPluginIds, Engine, Linker, Module, Store } from '../../index.js';
import { noBackend, SUITE, weftIn } from './helpers.js';

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
  // The suite's multi-memory script (up to 9 memories in one module is what the config allows).
  const suite = await weftIn(['wast', '--allocator', 'pooling', '--reporter', 'json', `${SUITE}memory-multi.wast`]);
  t.equal(JSON.parse(suite.stdout).total.failed, 0);
  t.equal(suite.code, 0);
});

t.test('weft wast --allocator rejects an unknown allocator with a usage error', async (t) => {
  const r = await weftIn(['wast', '--allocator', 'slab', `${SUITE}memory-multi.wast`]);
  t.equal(r.code, 2);
  t.match(r.stderr, /--allocator/);
});
