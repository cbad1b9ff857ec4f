import type { Observable } from 'rxjs';
import type { Backend, CompileOptions } from '../contracts/backend.js';
import type { EventSink } from '../contracts/event-sink.js';
import type { HostCapability } from '../contracts/host-capability.js';
import type { InstanceAllocator } from '../contracts/instance-allocator.js';
import type { Parser } from '../contracts/parser.js';
import type { WeftPlugin } from '../contracts/plugin.js';
import type { TrapHandler } from '../contracts/trap-handler.js';
import type { WasiProvider } from '../contracts/wasi-provider.js';
import { EventBus } from '../events/event-bus.js';
import type { RuntimeEvent, RuntimeEventType } from '../events/runtime-event.js';
import { installSubscriberErrorGuard } from '../events/subscriber-error-guard.js';
import { TypeRegistry } from '../ir/type-registry.js';
import type { LimitsManifest, LoadedManifest } from '../manifest/manifest.js';
import { loadManifest } from '../manifest/manifest-loader.js';
import { ManifestError, type ManifestIssue } from '../manifest/manifest-error.js';
import { escapePointer } from '../manifest/schema-validator.js';
import { builtinPlugin, builtinPluginIds } from '../plugins/builtin-registry.js';
import { PluginError } from '../plugins/plugin-error.js';
import { buildKernelServices, type PluginSelection } from '../plugins/plugin-host.js';
import { loadExternalPlugin } from '../plugins/plugin-loader.js';
import type { ModuleIR } from '../ir/module-ir.js';
import { AUTO_BACKEND, AUTO_PREFERRED, chooseAuto, type BackendChoice } from './backend-choice.js';

export interface EngineConfig {
  /**
   * Backend id: `interpreter` (default), `native`, a plugin's backend, or `auto`: per module,
   * native when it supports the module and the options, else the interpreter.
   */
  readonly backend?: string;
  /** Config for the backend plugin (checked against its schema). */
  readonly backendConfig?: Record<string, unknown>;
  /** Allocator id: `guard-page` (default), `pooling`, ... */
  readonly allocator?: string;
  /** Config for the allocator plugin (checked against its schema). */
  readonly allocatorConfig?: Record<string, unknown>;
  /** Count fuel; stores then need `setFuel` before running. */
  readonly consumeFuel?: boolean;
  /** Compile epoch checks in, so `Store.setEpochDeadline` + `incrementEpoch` can interrupt. */
  readonly epochInterruption?: boolean;
  /** Wasm stack limit in bytes of the backend's frame accounting. */
  readonly maxWasmStack?: number;
  /** Extra plugins (host capabilities, backends, event sinks, ...), already imported. */
  readonly plugins?: readonly WeftPlugin[];
  /** Config per plugin id, for plugins not configured elsewhere. */
  readonly pluginConfig?: Readonly<Record<string, Record<string, unknown>>>;
  /** A `weft.json` path or an equivalent object; explicit options above win over it. */
  readonly manifest?: string | object;
}

/** Engine settings after merging config and manifest. */
export interface ResolvedEngineConfig {
  /** The backend id asked for (`auto` included). */
  readonly backend: string;
  readonly allocator: string;
  readonly consumeFuel: boolean;
  readonly epochInterruption: boolean;
  readonly maxWasmStack: number;
  /** Limits from the manifest (stores start from them). */
  readonly limits: LimitsManifest;
}

const DEFAULT_BACKEND = 'interpreter';
const DEFAULT_ALLOCATOR = 'guard-page';
const DEFAULT_MAX_WASM_STACK = 512 * 1024;

/**
 * The shared, long-lived context: the plugins' services (resolved once, here), the type
 * registry, the event bus and the epoch counter. Modules are compiled per engine; stores,
 * instances and linkers belong to one engine.
 */
export class Engine {
  readonly config: ResolvedEngineConfig;
  /** The validated manifest, or null. */
  readonly manifest: LoadedManifest | null;
  readonly parser: Parser;
  readonly trapHandler: TrapHandler;
  /** The selected backend (with `auto`, the fallback; modules pick through `backendFor`). */
  readonly backend: Backend;
  /** With `auto`, the backend preferred when it can run a module (else null). */
  readonly autoPreferred: Backend | null;
  readonly backends: ReadonlyMap<string, Backend>;
  /** The selected allocator. */
  readonly allocator: InstanceAllocator;
  readonly allocators: ReadonlyMap<string, InstanceAllocator>;
  /** WASI providers by version. */
  readonly wasiProviders: ReadonlyMap<string, WasiProvider>;
  /** Host capabilities by import module name. */
  readonly capabilities: ReadonlyMap<string, HostCapability>;
  readonly eventSinks: readonly EventSink[];
  /** Loaded plugins in load order. */
  readonly plugins: readonly WeftPlugin[];
  /** Canonical types shared by every module of this engine. */
  readonly registry: TypeRegistry;
  /** Engine-wide epoch counter (index 0); shared memory so a worker can tick it. */
  readonly epoch: Int32Array;
  /** The event bus producers emit on (backends, WASI, the API). */
  readonly bus: EventBus;
  /** Every runtime event. */
  readonly events: Observable<RuntimeEvent>;
  /** @internal Compiled modules by content hash and options. */
  readonly moduleCache = new Map<string, unknown>();
  private nextStoreId = 1;
  private nextInstanceId = 1;
  private readonly detachers: { detach(): Promise<void> | void }[] = [];

  /**
   * Builds an engine synchronously. A manifest listing third-party plugins needs
   * `await Engine.create(config)`, which imports them first.
   */
  constructor(config: EngineConfig = {}, external: readonly PluginSelection[] | null = null) {
    installSubscriberErrorGuard();
    this.manifest = config.manifest === undefined ? null
      : isLoadedManifest(config.manifest) ? config.manifest : loadManifest(config.manifest);
    const m = this.manifest?.manifest ?? {};
    const file = this.manifest?.file ?? 'weft.json';
    if (m.plugins?.length && external === null) {
      throw new PluginError('load_failed', `${file} lists third-party plugins; build the engine with \`await Engine.create(config)\` so they can be imported`);
    }

    const choice = (c: unknown): { id?: string; config?: Record<string, unknown> } => {
      if (typeof c === 'string') return { id: c };
      if (c && typeof c === 'object') {
        const { id, ...rest } = c as { id: string };
        return { id, config: rest };
      }
      return {};
    };
    const mb = choice(m.backend);
    const ma = choice(m.allocator);
    const requestedBackend = config.backend ?? mb.id ?? DEFAULT_BACKEND;
    const auto = requestedBackend === AUTO_BACKEND;
    const backendId = auto ? DEFAULT_BACKEND : requestedBackend;
    // An explicit stack limit makes the native backend count its stack (deterministic overflow).
    const explicitStack = config.maxWasmStack !== undefined || m.limits?.maxWasmStack !== undefined;
    const nativeDefaults = explicitStack ? { stackLimit: true } : undefined;
    const allocatorId = config.allocator ?? ma.id ?? DEFAULT_ALLOCATOR;

    const userPlugins = config.plugins ?? [];
    const provided = [...userPlugins, ...(external ?? []).map((s) => s.plugin)];
    const knownIds = (): string[] => [...new Set([...builtinPluginIds(), ...provided.map((p) => p.id)])].sort();
    const lookup = (id: string): WeftPlugin | undefined => provided.find((p) => p.id === id) ?? builtinPlugin(id);
    const pick = (id: string, where: string): WeftPlugin => {
      const p = lookup(id);
      if (!p) throw new PluginError('unknown_plugin', `${where}unknown plugin "${id}" (known: ${knownIds().join(', ') || 'none'})`, { plugins: [id] });
      return p;
    };
    const providesPoint = (point: 'parser' | 'trap-handler'): boolean => provided.some((p) => p.provides.includes(point));

    const selections: PluginSelection[] = [];
    const pluginConfig = (id: string): Record<string, unknown> | undefined => config.pluginConfig?.[id];
    if (!providesPoint('parser')) selections.push({ plugin: pick('parser', ''), config: pluginConfig('parser') });
    if (!providesPoint('trap-handler')) selections.push({ plugin: pick('trap-handler', ''), config: pluginConfig('trap-handler') });
    const bp = lookup(backendId);
    if (bp) {
      const defaults = bp.id === AUTO_PREFERRED ? nativeDefaults : undefined;
      selections.push(config.backendConfig !== undefined || config.backend !== undefined
        ? { plugin: bp, config: config.backendConfig ?? pluginConfig(bp.id) ?? defaults, file: 'engine config', pointer: '/backendConfig' }
        : { plugin: bp, config: mb.config ?? pluginConfig(bp.id) ?? defaults, file, pointer: '/backend' });
    } else if (!provided.some((p) => p.provides.includes('backend'))) {
      pick(backendId, m.backend !== undefined && config.backend === undefined ? `${file}: /backend: ` : 'backend: ');
    }
    const autoPlugin = auto ? lookup(AUTO_PREFERRED) : undefined;
    if (autoPlugin) selections.push({ plugin: autoPlugin, config: pluginConfig(AUTO_PREFERRED) ?? nativeDefaults, file: 'engine config', pointer: '/backend' });
    const ap = lookup(allocatorId);
    if (ap) {
      selections.push(config.allocatorConfig !== undefined || config.allocator !== undefined
        ? { plugin: ap, config: config.allocatorConfig ?? pluginConfig(ap.id), file: 'engine config', pointer: '/allocatorConfig' }
        : { plugin: ap, config: ma.config ?? pluginConfig(ap.id), file, pointer: '/allocator' });
    } else if (!provided.some((p) => p.provides.includes('allocator'))) {
      pick(allocatorId, m.allocator !== undefined && config.allocator === undefined ? `${file}: /allocator: ` : 'allocator: ');
    }
    if (m.wasi && m.wasi.version) {
      selections.push({ plugin: pick(`wasi-${m.wasi.version}`, `${file}: /wasi/version: `), config: pluginConfig(`wasi-${m.wasi.version}`) });
    }
    (m.profilers ?? []).forEach((p, i) => {
      const id = typeof p === 'string' ? p : p.id;
      const cfg = typeof p === 'string' ? undefined : p.config;
      selections.push({ plugin: pick(id, `${file}: /profilers/${i}: `), config: cfg ?? pluginConfig(id), file, pointer: `/profilers/${i}/config` });
    });
    for (const p of userPlugins) selections.push({ plugin: p, config: pluginConfig(p.id), file: 'engine config', pointer: `/pluginConfig/${escapePointer(p.id)}` });
    for (const s of external ?? []) selections.push(s);

    const services = buildKernelServices(selections, { lookup, knownIds });
    this.parser = services.parser;
    this.trapHandler = services.trapHandler;
    this.backends = services.backends;
    this.allocators = services.allocators;
    this.wasiProviders = services.wasi;
    this.capabilities = services.capabilities;
    this.eventSinks = services.eventSinks;
    this.plugins = services.plugins;

    const backend = this.backends.get(backendId);
    if (!backend) {
      throw new PluginError('unknown_plugin', `unknown backend "${backendId}" (known: ${[...this.backends.keys()].join(', ') || 'none'})`, { plugins: [backendId] });
    }
    this.backend = backend;
    this.autoPreferred = auto ? this.backends.get(AUTO_PREFERRED) ?? null : null;
    const allocator = this.allocators.get(allocatorId);
    if (!allocator) {
      throw new PluginError('unknown_plugin', `unknown allocator "${allocatorId}" (known: ${[...this.allocators.keys()].join(', ') || 'none'})`, { plugins: [allocatorId] });
    }
    this.allocator = allocator;
    this.checkStoreGrants(file);

    const limits = m.limits ?? {};
    this.config = Object.freeze({
      backend: requestedBackend,
      allocator: allocatorId,
      consumeFuel: config.consumeFuel ?? limits.fuel !== undefined,
      epochInterruption: config.epochInterruption ?? limits.timeout !== undefined,
      maxWasmStack: config.maxWasmStack ?? limits.maxWasmStack ?? DEFAULT_MAX_WASM_STACK,
      limits,
    });

    this.registry = new TypeRegistry();
    this.epoch = new Int32Array(new SharedArrayBuffer(4));
    this.bus = new EventBus();
    this.events = this.bus.events$;
    for (const sink of this.eventSinks) {
      if (sink.needsCallEvents) this.bus.callEventsRequested = true;
      this.detachers.push(sink.attach(this.bus));
    }
  }

  /** Builds an engine after importing the third-party plugins its manifest lists. */
  static async create(config: EngineConfig = {}): Promise<Engine> {
    const manifest = config.manifest === undefined ? undefined
      : isLoadedManifest(config.manifest) ? config.manifest : loadManifest(config.manifest);
    const external: PluginSelection[] = [];
    const entries = manifest?.manifest.plugins ?? [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const plugin = await loadExternalPlugin('path' in e ? { path: e.path } : { package: e.package }, manifest!.baseDir);
      external.push({ plugin, config: e.config, file: manifest!.file, pointer: `/plugins/${i}/config` });
    }
    return new Engine({ ...config, manifest }, external);
  }

  /** Events of one type. */
  on<K extends RuntimeEventType>(type: K): Observable<Extract<RuntimeEvent, { type: K }>> {
    return this.bus.on(type);
  }

  /** Turns on per-call events for modules compiled from now on (costly; off by default). */
  requestCallEvents(): void {
    this.bus.callEventsRequested = true;
  }

  /** Advances the epoch; guests past their store's deadline trap with `Interrupt`. */
  incrementEpoch(): void {
    Atomics.add(this.epoch, 0, 1);
  }

  /** What a module is compiled with right now. */
  compileOptions(moduleName: string | null): CompileOptions {
    return {
      fuel: this.config.consumeFuel,
      epoch: this.config.epochInterruption,
      callHooks: this.bus.callEventsRequested,
      sampling: this.bus.sampler !== null,
      moduleName,
      ...(this.allocator.recyclesMemories === true ? { allocatorControl: true } : {}),
    };
  }

  /** The backend a module compiles on, and why (with `auto`, chosen per module). */
  backendFor(ir: ModuleIR, options: CompileOptions): BackendChoice {
    if (this.config.backend !== AUTO_BACKEND) return { backend: this.backend, reason: `--backend ${this.backend.id}` };
    return chooseAuto(this.autoPreferred, this.backend, ir, options);
  }

  /** The host capabilities the manifest grants to the store named `name` (none when unlisted). */
  grantsFor(name: string): readonly string[] {
    return this.manifest?.manifest.stores?.[name]?.capabilities ?? [];
  }

  /** Limits the manifest sets for the store named `name` (store-specific over engine-wide). */
  limitsFor(name: string): LimitsManifest {
    return { ...this.config.limits, ...(this.manifest?.manifest.stores?.[name]?.limits ?? {}) };
  }

  /** @internal */
  allocateStoreId(): number {
    return this.nextStoreId++;
  }

  /** @internal */
  allocateInstanceId(): number {
    return this.nextInstanceId++;
  }

  /** Detaches event sinks and completes the event streams. */
  async dispose(): Promise<void> {
    for (const d of this.detachers.splice(0)) await d.detach();
    this.bus.complete();
  }

  private checkStoreGrants(file: string): void {
    const stores = this.manifest?.manifest.stores ?? {};
    const issues: ManifestIssue[] = [];
    for (const [name, s] of Object.entries(stores)) {
      (s.capabilities ?? []).forEach((cap, i) => {
        if (!this.capabilities.has(cap)) {
          issues.push({
            file, pointer: `/stores/${escapePointer(name)}/capabilities/${i}`,
            message: `unknown host capability "${cap}" (known: ${[...this.capabilities.keys()].join(', ') || 'none'})`,
          });
        }
      });
    }
    if (issues.length) throw new ManifestError(issues);
  }
}

function isLoadedManifest(v: unknown): v is LoadedManifest {
  return typeof v === 'object' && v !== null && 'manifest' in v && 'file' in v && 'baseDir' in v;
}
