import { Container } from 'inversify';
import { Backend } from '../contracts/backend.js';
import { EventSink } from '../contracts/event-sink.js';
import { HostCapability } from '../contracts/host-capability.js';
import { InstanceAllocator } from '../contracts/instance-allocator.js';
import { Parser } from '../contracts/parser.js';
import { REQUIRED_POINTS, SINGLE_SLOT_POINTS, type ExtensionPoint, type WeftPlugin } from '../contracts/plugin.js';
import { TrapHandler } from '../contracts/trap-handler.js';
import { WasiProvider } from '../contracts/wasi-provider.js';
import { ManifestError, type ManifestIssue } from '../manifest/manifest-error.js';
import { validateWithSchema } from '../manifest/schema-validator.js';
import { PluginError } from './plugin-error.js';
import { orderPlugins } from './plugin-graph.js';

/** A plugin chosen for an engine, with its raw config and where that config was written. */
export interface PluginSelection {
  readonly plugin: WeftPlugin;
  readonly config?: unknown;
  /** File and JSON pointer of the config, for error messages. */
  readonly file?: string;
  readonly pointer?: string;
}

/** Every service the engine needs, resolved once from the container. */
export interface KernelServices {
  readonly parser: Parser;
  readonly trapHandler: TrapHandler;
  /** By backend id. */
  readonly backends: ReadonlyMap<string, Backend>;
  /** By allocator id. */
  readonly allocators: ReadonlyMap<string, InstanceAllocator>;
  /** By WASI version (`preview1`, ...). */
  readonly wasi: ReadonlyMap<string, WasiProvider>;
  /** By import module name. */
  readonly capabilities: ReadonlyMap<string, HostCapability>;
  readonly eventSinks: readonly EventSink[];
  /** The loaded plugins, in load order (requirements first). */
  readonly plugins: readonly WeftPlugin[];
}

export interface PluginCatalog {
  /** A plugin known by id that was not selected (built-ins), for `requires`. */
  lookup(id: string): WeftPlugin | undefined;
  knownIds(): readonly string[];
}

/**
 * Checks the plugin set (requirements, cycles, slots, required points, configs), loads each
 * plugin's ContainerModule into one container and resolves every service once.
 */
export function buildKernelServices(selections: readonly PluginSelection[], catalog: PluginCatalog): KernelServices {
  const unique = new Map<string, PluginSelection>();
  for (const s of selections) if (!unique.has(s.plugin.id)) unique.set(s.plugin.id, s);
  const ordered = orderPlugins([...unique.values()].map((s) => s.plugin), (id) => catalog.lookup(id), () => catalog.knownIds());

  checkSlots(ordered);

  const issues: ManifestIssue[] = [];
  const modules = [];
  for (const plugin of ordered) {
    const sel = unique.get(plugin.id);
    const config = structuredClone(sel?.config ?? {});
    if (plugin.configSchema) {
      issues.push(...validateWithSchema(plugin.configSchema, config, sel?.file ?? `plugin ${plugin.id}`, sel?.pointer ?? ''));
    }
    if (!issues.length) {
      try {
        modules.push(plugin.module(config));
      } catch (e) {
        throw new PluginError('load_failed', `plugin "${plugin.id}" failed to build its module: ${(e as Error)?.message ?? String(e)}`, { plugins: [plugin.id], cause: e });
      }
    }
  }
  if (issues.length) throw new ManifestError(issues);

  const container = new Container({ defaultScope: 'Singleton' });
  try {
    container.loadSync(...modules);
  } catch (e) {
    throw new PluginError('load_failed', `loading plugin modules failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }

  const all = <T>(token: symbol): T[] => (container.isBound(token) ? container.getAll<T>(token) : []);
  const one = <T>(token: symbol, point: ExtensionPoint): T => {
    const found = all<T>(token);
    if (found.length === 0) {
      throw new PluginError('missing_point', `plugin(s) ${providersOf(ordered, point)} declare "${point}" but bound nothing to it`, { plugins: ordered.filter((p) => p.provides.includes(point)).map((p) => p.id) });
    }
    if (found.length > 1) {
      throw new PluginError('slot_conflict', `${found.length} services are bound to the single-slot point "${point}"`, { plugins: ordered.filter((p) => p.provides.includes(point)).map((p) => p.id) });
    }
    return found[0];
  };

  return {
    parser: one<Parser>(Parser, 'parser'),
    trapHandler: one<TrapHandler>(TrapHandler, 'trap-handler'),
    backends: byKey(all<Backend>(Backend), (b) => b.id),
    allocators: byKey(all<InstanceAllocator>(InstanceAllocator), (a) => a.id),
    wasi: byKey(all<WasiProvider>(WasiProvider), (w) => w.version),
    capabilities: byKey(all<HostCapability>(HostCapability), (c) => c.name),
    eventSinks: all<EventSink>(EventSink),
    plugins: ordered,
  };
}

function checkSlots(plugins: readonly WeftPlugin[]): void {
  for (const point of SINGLE_SLOT_POINTS) {
    const claimants = plugins.filter((p) => p.provides.includes(point));
    if (claimants.length > 1) {
      throw new PluginError('slot_conflict',
        `plugins ${claimants.map((p) => `"${p.id}"`).join(' and ')} both provide "${point}", which takes exactly one plugin`,
        { plugins: claimants.map((p) => p.id) });
    }
  }
  for (const point of REQUIRED_POINTS) {
    if (!plugins.some((p) => p.provides.includes(point))) {
      throw new PluginError('missing_point',
        `no plugin provides the required extension point "${point}" (loaded: ${plugins.map((p) => p.id).join(', ') || 'none'})`,
        { plugins: [] });
    }
  }
}

function providersOf(plugins: readonly WeftPlugin[], point: ExtensionPoint): string {
  return plugins.filter((p) => p.provides.includes(point)).map((p) => `"${p.id}"`).join(', ') || 'none';
}

function byKey<T>(items: readonly T[], key: (t: T) => string): ReadonlyMap<string, T> {
  const m = new Map<string, T>();
  for (const it of items) if (!m.has(key(it))) m.set(key(it), it);
  return m;
}
