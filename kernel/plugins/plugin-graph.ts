import type { WeftPlugin } from '../contracts/plugin.js';
import { PluginError } from './plugin-error.js';

/**
 * Completes `selected` with the plugins they require (looked up with `lookup`) and orders the
 * result so every plugin comes after its requirements. Throws `unknown_plugin` for a requirement
 * nobody knows and `dependency_cycle` naming the cycle (`a -> b -> a`).
 */
export function orderPlugins(
  selected: readonly WeftPlugin[],
  lookup: (id: string) => WeftPlugin | undefined,
  knownIds: () => readonly string[],
): WeftPlugin[] {
  const byId = new Map<string, WeftPlugin>();
  for (const p of selected) byId.set(p.id, p);
  const order: WeftPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];

  const visit = (p: WeftPlugin): void => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(p.id)), p.id];
      throw new PluginError('dependency_cycle', `plugin dependency cycle: ${cycle.join(' -> ')}`, { plugins: cycle.slice(0, -1) });
    }
    state.set(p.id, 'visiting');
    path.push(p.id);
    for (const dep of p.requires ?? []) {
      let d = byId.get(dep);
      if (!d) {
        d = lookup(dep);
        if (!d) {
          throw new PluginError('unknown_plugin',
            `plugin "${p.id}" requires unknown plugin "${dep}" (known: ${knownIds().join(', ') || 'none'})`,
            { plugins: [p.id, dep] });
        }
        byId.set(dep, d);
      }
      visit(d);
    }
    path.pop();
    state.set(p.id, 'done');
    order.push(p);
  };

  for (const p of selected) visit(p);
  return order;
}
