import t from 'tap';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, PluginError, builtinPluginIds } from '../../index.js';
import { buildKernelServices } from '../../kernel/plugins/plugin-host.js';
import { loadExternalPlugin, pluginFromNamespace } from '../../kernel/plugins/plugin-loader.js';
import { builtinPlugin } from '../../kernel/plugins/builtin-registry.js';
import { emptyPlugin, stubBackendPlugin } from './stub-plugins.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string): string => resolve(root, 'tests/fixtures/plugins', name);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function pluginError(t: any, fn: () => unknown, code: string, pattern: RegExp): void {
  try {
    fn();
    t.fail(`expected PluginError ${code}`);
  } catch (e) {
    t.ok(e instanceof PluginError, `is a PluginError (${(e as Error).message})`);
    t.equal((e as PluginError).code, code);
    t.match((e as Error).message, pattern);
  }
}

t.test('built-ins are registered by the package root', async (t) => {
  for (const id of ['parser', 'trap-handler', 'guard-page']) t.ok(builtinPluginIds().includes(id), id);
});

t.test('an engine resolves its services once from the plugins', async (t) => {
  const engine = new Engine({ backend: 'stub', plugins: [stubBackendPlugin] });
  t.equal(engine.backend.id, 'stub');
  t.equal(engine.allocator.id, 'guard-page');
  t.ok(engine.parser);
  t.ok(engine.trapHandler);
  t.same(engine.plugins.map((p) => p.id).sort(), ['guard-page', 'parser', 'stub', 'trap-handler']);
});

t.test('unknown plugin ids are named with the known ones', async (t) => {
  pluginError(t, () => new Engine({ backend: 'warp', plugins: [stubBackendPlugin] }), 'unknown_plugin',
    /unknown backend "warp" \(known: stub\)/);
  pluginError(t, () => new Engine({ backend: 'stub', allocator: 'slab', plugins: [stubBackendPlugin] }), 'unknown_plugin',
    /allocator: unknown plugin "slab" \(known: .*guard-page.*\)/);
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin], manifest: { profilers: ['flame'] } }),
    'unknown_plugin', /weft\.json: \/profilers\/0: unknown plugin "flame" \(known: .*parser.*\)/);
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin, emptyPlugin('x', [], ['ghost'])] }),
    'unknown_plugin', /plugin "x" requires unknown plugin "ghost"/);
});

t.test('a module that is not a plugin says what was found', async (t) => {
  pluginError(t, () => pluginFromNamespace({ default: { name: 'kv' }, helper: 1 }, 'kv.mjs'), 'not_a_plugin',
    /kv\.mjs is not a weft plugin: .*found default export: object with keys \{name\}/);
  pluginError(t, () => pluginFromNamespace({ helper: 1 }, 'h.mjs'), 'not_a_plugin', /it exports helper/);
  await t.rejects(loadExternalPlugin({ path: fixture('not-a-plugin.mjs') }, root), { code: 'not_a_plugin', message: /keys \{name, run\}/ });
  await t.rejects(loadExternalPlugin({ path: 'tests/fixtures/plugins/missing.mjs' }, root), { code: 'load_failed', message: /cannot load plugin/ });
  await t.rejects(Engine.create({ backend: 'stub', plugins: [stubBackendPlugin], manifest: { plugins: [{ path: fixture('not-a-plugin.mjs') }] } }),
    { code: 'not_a_plugin' });
});

t.test('a third-party plugin loads from a path (named `plugin` export)', async (t) => {
  const p = await loadExternalPlugin({ path: 'tests/fixtures/plugins/kv-plugin.mjs' }, root);
  t.equal(p.id, 'acme-kv');
  const engine = await Engine.create({
    backend: 'stub', plugins: [stubBackendPlugin],
    manifest: { plugins: [{ path: fixture('kv-plugin.mjs'), config: { initial: { 1: 10 } } }], stores: { tenant: { capabilities: ['kv'] } } },
  });
  t.same([...engine.capabilities.keys()], ['kv']);
  t.same(engine.grantsFor('tenant'), ['kv']);
  t.same(engine.grantsFor('default'), []);
  t.throws(() => new Engine({ backend: 'stub', plugins: [stubBackendPlugin], manifest: { plugins: [{ path: fixture('kv-plugin.mjs') }] } }),
    { code: 'load_failed', message: /Engine\.create/ });
});

t.test('two plugins claiming a single-slot point', async (t) => {
  const parser2 = { ...builtinPlugin('parser')!, id: 'fast-parser' };
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin, parser2, emptyPlugin('other-parser', ['parser'])] }),
    'slot_conflict', /plugins "fast-parser" and "other-parser" both provide "parser", which takes exactly one plugin/);
  // A user plugin providing a single-slot point replaces the built-in instead of conflicting.
  const engine = new Engine({ backend: 'stub', plugins: [stubBackendPlugin, parser2] });
  t.ok(engine.plugins.some((p) => p.id === 'fast-parser'));
  t.notOk(engine.plugins.some((p) => p.id === 'parser'));
});

t.test('a missing required point', async (t) => {
  const catalog = { lookup: () => undefined, knownIds: () => [] };
  pluginError(t, () => buildKernelServices([{ plugin: builtinPlugin('parser')! }], catalog), 'missing_point',
    /no plugin provides the required extension point "trap-handler" \(loaded: parser\)/);
  pluginError(t, () => buildKernelServices([
    { plugin: builtinPlugin('parser')! }, { plugin: builtinPlugin('trap-handler')! }, { plugin: builtinPlugin('guard-page')! },
  ], catalog), 'missing_point', /"backend"/);
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin, emptyPlugin('hollow', ['trap-handler'])] }),
    'missing_point', /"hollow" declare "trap-handler" but bound nothing/);
});

t.test('dependency cycles are detected and named', async (t) => {
  const a = emptyPlugin('a', [], ['b']);
  const b = emptyPlugin('b', [], ['c']);
  const c = emptyPlugin('c', [], ['a']);
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin, a, b, c] }), 'dependency_cycle',
    /plugin dependency cycle: a -> b -> c -> a/);
  pluginError(t, () => new Engine({ backend: 'stub', plugins: [stubBackendPlugin, emptyPlugin('self', [], ['self'])] }),
    'dependency_cycle', /self -> self/);
});

t.test('requirements load first and may come from the built-ins', async (t) => {
  const order: string[] = [];
  const tracking = (id: string, requires?: string[]) => ({
    ...emptyPlugin(id, [], requires),
    module: () => { order.push(id); return emptyPlugin(id).module({}); },
  });
  new Engine({ backend: 'stub', plugins: [stubBackendPlugin, tracking('top', ['mid']), tracking('mid', ['guard-page'])] });
  t.ok(order.indexOf('mid') < order.indexOf('top'));
});

t.test('plugin configs are checked against their schemas', async (t) => {
  t.throws(() => new Engine({ backend: 'stub', plugins: [stubBackendPlugin], allocator: 'guard-page', allocatorConfig: { memoryReservation: 'big' } }),
    { code: 'manifest_error', message: 'engine config: /allocatorConfig/memoryReservation: must be integer' });
});
