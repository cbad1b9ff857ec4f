import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { builtinPluginIds, Engine } from '../../index.js';
import { noBackend, weftIn } from './helpers.js';

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
