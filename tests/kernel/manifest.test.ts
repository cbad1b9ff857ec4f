import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, Linker, ManifestError, Module, Store, loadManifest, parseDuration } from '../../index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a ManifestError');
}

t.test('wrong types name the file, the pointer and the expectation', async (t) => {
  t.same(issues(() => new Engine({ manifest: { allocator: { id: 'guard-page', maxMemoryBytes: 'lots' } } })),
    ['weft.json: /allocator/maxMemoryBytes: must be integer']);
  t.same(issues(() => loadManifest({ limits: { fuel: 1.5, maxWasmStack: 'x' } })),
    ['weft.json: /limits/fuel: must be integer', 'weft.json: /limits/maxWasmStack: must be integer']);
  t.same(issues(() => loadManifest({ wasi: { version: 'preview9' } })),
    ['weft.json: /wasi/version: must be one of "preview1", "preview2"']);
  t.same(issues(() => loadManifest({ backend: 3 })), ['weft.json: /backend: must be string or object']);
  t.same(issues(() => loadManifest({ wasi: true })), ['weft.json: /wasi: must be equal to constant']);
});

t.test('unknown properties are rejected with their pointer', async (t) => {
  t.same(issues(() => loadManifest({ limit: {} })), ['weft.json: /limit: unknown property']);
  t.same(issues(() => loadManifest({ limits: { maxMemory: 1 } })), ['weft.json: /limits/maxMemory: unknown property']);
  t.same(issues(() => loadManifest({ wasi: { preopens: [{ guest: '/', host: '.', mode: 'rw' }] } })),
    ['weft.json: /wasi/preopens/0/mode: unknown property']);
  t.same(issues(() => new Engine({ manifest: { allocator: { id: 'guard-page', reservation: 1 } } })),
    ['weft.json: /allocator/reservation: unknown property']);
});

t.test('third-party plugin entries need exactly one of package or path', async (t) => {
  t.same(issues(() => loadManifest({ plugins: [{ package: 'a', path: './b.mjs' }] })),
    ['weft.json: /plugins/0: must have exactly one of "package" or "path"']);
  t.same(issues(() => loadManifest({ plugins: [{ config: {} }] })),
    ['weft.json: /plugins/0: must have exactly one of "package" or "path"']);
});

t.test('manifest files: their name in messages, JSON errors, relative plugin paths', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-manifest-'));
  const file = join(dir, 'weft.json');
  writeFileSync(file, JSON.stringify({ limits: { maxInstances: -1 } }));
  t.same(issues(() => new Engine({ manifest: file })), ['weft.json: /limits/maxInstances: must be >= 0']);
  writeFileSync(file, '{ "backend": ');
  t.match(issues(() => loadManifest(file))[0], /^weft\.json: \/: invalid JSON/);
  t.match(issues(() => loadManifest(join(dir, 'nope.json')))[0], /^nope\.json: \/: cannot read .*ENOENT/);
  writeFileSync(file, JSON.stringify({ plugins: [{ path: join(root, 'tests/fixtures/plugins/kv-plugin.mjs'), config: { initial: { 1: 'x' } } }] }));
  await t.rejects(Engine.create({ manifest: file }), { message: 'weft.json: /plugins/0/config/initial/1: must be integer' });
});

t.test('a valid manifest selects backend, allocator and limits', async (t) => {
  const engine = new Engine({ manifest: { backend: 'interpreter', allocator: { id: 'guard-page', memoryReservation: 1048576 }, limits: { fuel: 500, timeout: '2s', maxWasmStack: 65536 } } });
  t.equal(engine.backend.id, 'interpreter');
  t.equal(engine.allocator.id, 'guard-page');
  t.equal((engine.allocator as unknown as { config: { memoryReservation: number } }).config.memoryReservation, 1048576);
  t.equal(engine.config.consumeFuel, true);
  t.equal(engine.config.epochInterruption, true);
  t.equal(engine.config.maxWasmStack, 65536);
  t.equal(new Store(engine).getFuel(), 500);
  t.equal(parseDuration('2s'), 2000);
  t.equal(parseDuration(15), 15);
  t.equal(parseDuration('1.5m'), 90000);
});

t.test('store grants: a third-party capability a guest calls, and a store without the grant', async (t) => {
  const engine = await Engine.create({
    manifest: {
      plugins: [{ path: join(root, 'tests/fixtures/plugins/kv-plugin.mjs'), config: { initial: { 7: 70 } } }],
      stores: { tenant: { capabilities: ['kv'] }, guest: {} },
    },
  });
  const module = Module.fromText(engine, `(module
    (import "kv" "get" (func $get (param i32) (result i32)))
    (import "kv" "put" (func $put (param i32 i32)))
    (func (export "inc") (param i32) (result i32)
      local.get 0 local.get 0 call $get i32.const 1 i32.add call $put
      local.get 0 call $get))`);
  const linker = new Linker(engine);
  const inst = linker.instantiate(new Store(engine, { name: 'tenant' }), module);
  t.equal(inst.getFunc('inc')!.call(7), 71);
  t.equal(inst.getFunc('inc')!.call(7), 72);
  t.throws(() => linker.instantiate(new Store(engine, { name: 'guest' }), module),
    { name: 'LinkError', message: 'import kv.get: host capability "kv" is not granted to store "guest"' });
  t.throws(() => linker.instantiate(new Store(engine), module),
    { name: 'LinkError', message: 'import kv.get: host capability "kv" is not granted to store "default"' });
  // The embedder may grant it explicitly.
  t.ok(linker.instantiate(new Store(engine, { capabilities: ['kv'] }), module));
  const wrong = Module.fromText(engine, '(module (import "kv" "del" (func (param i32))))');
  t.throws(() => linker.instantiate(new Store(engine, { name: 'tenant' }), wrong),
    { name: 'LinkError', message: 'unknown import: host capability "kv" has no function "del" (it has: get, put)' });
});

t.test('grants of capabilities nobody provides are manifest errors', async (t) => {
  t.same(issues(() => new Engine({ manifest: { stores: { a: { capabilities: ['kv'] } } } })),
    ['weft.json: /stores/a/capabilities/0: unknown host capability "kv" (known: none)']);
});
