import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isWeftPlugin, type WeftPlugin } from '../contracts/plugin.js';
import { PluginError } from './plugin-error.js';

/** Where a third-party plugin comes from: an npm package name or a file path. */
export type PluginSource = { readonly package: string } | { readonly path: string };

/**
 * Imports a third-party plugin: a path (relative to `baseDir`, usually the manifest's folder)
 * or a package name resolved from `baseDir` as Node would. The module's default export or its
 * named export `plugin` must be a `WeftPlugin`.
 */
export async function loadExternalPlugin(source: PluginSource, baseDir: string): Promise<WeftPlugin> {
  const what = 'path' in source ? source.path : source.package;
  let url: string;
  if ('path' in source) {
    url = pathToFileURL(isAbsolute(source.path) ? source.path : resolve(baseDir, source.path)).href;
  } else {
    url = resolvePackage(source.package, baseDir);
  }
  let ns: Record<string, unknown>;
  try {
    ns = await import(url) as Record<string, unknown>;
  } catch (e) {
    throw new PluginError('load_failed', `cannot load plugin ${what}: ${(e as Error)?.message ?? String(e)}`, { plugins: [what], cause: e });
  }
  return pluginFromNamespace(ns, what);
}

/** Picks the plugin out of an imported module namespace, or explains what was found instead. */
export function pluginFromNamespace(ns: Record<string, unknown>, what: string): WeftPlugin {
  for (const key of ['default', 'plugin']) {
    if (isWeftPlugin(ns[key])) return ns[key] as WeftPlugin;
  }
  const found = ['default', 'plugin'].filter((k) => ns[k] !== undefined).map((k) => `${k} export: ${describe(ns[k])}`);
  const exportsList = Object.keys(ns).join(', ') || 'nothing';
  throw new PluginError('not_a_plugin',
    `${what} is not a weft plugin: expected a default or \`plugin\` export with {id, version, provides, module()}; `
    + (found.length ? `found ${found.join('; ')}` : `it exports ${exportsList}`),
    { plugins: [what] });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (typeof v !== 'object') return `${typeof v} ${JSON.stringify(v)}`;
  const keys = Object.keys(v as object);
  return `object with keys {${keys.join(', ')}}`;
}

function resolvePackage(name: string, baseDir: string): string {
  try {
    const req = createRequire(resolve(baseDir, 'noop.js'));
    return pathToFileURL(req.resolve(name)).href;
  } catch {
    // ESM-only packages without a `require` condition: let the import resolve it from here.
    return name;
  }
}
