import type { ContainerModule } from 'inversify';

/** The extension points of ARCHITECTURE.md, as a plugin names them in `provides`. */
export type ExtensionPoint =
  | 'parser' | 'backend' | 'allocator' | 'trap-handler' | 'wasi' | 'host-capability' | 'event-sink';

/** Points exactly one plugin may fill; the others are multi-bound and selected by id. */
export const SINGLE_SLOT_POINTS: readonly ExtensionPoint[] = ['parser', 'trap-handler'];

/** Points an engine cannot run without. */
export const REQUIRED_POINTS: readonly ExtensionPoint[] = ['parser', 'trap-handler', 'backend', 'allocator'];

export const EXTENSION_POINTS: readonly ExtensionPoint[] = [
  'parser', 'backend', 'allocator', 'trap-handler', 'wasi', 'host-capability', 'event-sink',
];

/**
 * One plugin: what it provides and an inversify `ContainerModule` binding its services to the
 * kernel tokens (`Parser`, `Backend`, ...), in singleton scope. Plugins never import each other.
 */
export interface WeftPlugin<Config = any> {
  /** Stable id, e.g. `interpreter`, `guard-page`, `acme-kv`. */
  readonly id: string;
  /** Semver of the plugin. */
  readonly version: string;
  /** Extension points its module binds. */
  readonly provides: readonly ExtensionPoint[];
  /** Ids of plugins that must be loaded (and bound) before this one. */
  readonly requires?: readonly string[];
  /** JSON Schema (2020-12) of its config; defaults in it are applied before `module` is called. */
  readonly configSchema?: object;
  /** One-line description for `weft inspect` and error messages. */
  readonly description?: string;
  /** Binds the plugin's services for the given (validated) config. */
  module(config: Config): ContainerModule;
}

/** Whether `value` has the shape of a `WeftPlugin`. */
export function isWeftPlugin(value: unknown): value is WeftPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.id === 'string' && p.id.length > 0 && typeof p.version === 'string'
    && Array.isArray(p.provides) && p.provides.every((x) => EXTENSION_POINTS.includes(x as ExtensionPoint))
    && typeof p.module === 'function'
    && (p.requires === undefined || (Array.isArray(p.requires) && p.requires.every((x) => typeof x === 'string')));
}
