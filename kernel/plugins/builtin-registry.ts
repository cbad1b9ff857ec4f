import type { WeftPlugin } from '../contracts/plugin.js';

/**
 * The built-in plugins, by id. The kernel imports nothing outside kernel/, so the package root
 * (`index.ts`) registers them; adding a built-in is one line there.
 */
const builtins = new Map<string, WeftPlugin>();

export function registerBuiltinPlugins(...plugins: WeftPlugin[]): void {
  for (const p of plugins) builtins.set(p.id, p);
}

export function builtinPlugin(id: string): WeftPlugin | undefined {
  return builtins.get(id);
}

export function builtinPluginIds(): string[] {
  return [...builtins.keys()].sort();
}
