import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Backend, CompiledModule } from '../contracts/backend.js';
import { CompileError } from '../errors/compile-error.js';
import type { ModuleIR } from '../ir/module-ir.js';
import type { Engine } from './engine.js';
import { moduleExports, moduleImports, type ExportType, type ImportType } from './extern-type.js';

export interface ModuleOptions {
  /** Name for backtraces, profiles and errors (defaults to the name section's, or the file name). */
  readonly name?: string;
  /**
   * Run this module on this backend rather than the engine's choice, e.g. `native` beside
   * interpreter modules in an `auto` engine (which loads both; other engines load one, plus any
   * backend plugin given in `plugins`). Instances of different backends share a store and link
   * to each other's functions, memories, tables, globals and tags like any instances.
   */
  readonly backend?: string;
}

/** What the engine caches per module content: the IR, and the compiled code per option set. */
interface CacheEntry {
  readonly ir: ModuleIR;
  readonly compiled: Map<string, CompiledModule>;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * A validated, compiled module of one engine. Immutable and shareable across stores;
 * compilation happens once per engine, content and compile options.
 */
export class Module {
  readonly engine: Engine;
  readonly ir: ModuleIR;
  /** Given name, else the name section's module name, else null. */
  readonly name: string | null;
  /** sha256 of the bytes, hex. */
  readonly hash: string;
  private readonly entry: CacheEntry;
  /** `ModuleOptions.backend`, or null for the engine's choice. */
  private readonly pinned: Backend | null;

  private constructor(engine: Engine, entry: CacheEntry, name: string | null, hash: string, pinned: Backend | null) {
    this.engine = engine;
    this.ir = entry.ir;
    this.entry = entry;
    this.name = name;
    this.hash = hash;
    this.pinned = pinned;
  }

  /** Decodes, validates and compiles a binary module; a `CompileError` says why it cannot. */
  static fromBytes(engine: Engine, bytes: Uint8Array | ArrayBuffer, options: ModuleOptions = {}): Module {
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const pinned = options.backend === undefined ? null : engine.backends.get(options.backend) ?? null;
    if (options.backend !== undefined && pinned === null) {
      throw new CompileError(`backend "${options.backend}" is not loaded in this engine (loaded: ${[...engine.backends.keys()].join(', ')}); use backend "auto" or pass its plugin in EngineConfig.plugins`, { kind: 'unsupported', source: options.name });
    }
    const hash = createHash('sha256').update(u8).digest('hex');
    let entry = engine.moduleCache.get(hash) as CacheEntry | undefined;
    if (!entry) {
      const ir = engine.parser.parseBinary(u8, engine.registry, { source: options.name });
      entry = { ir, compiled: new Map() };
      engine.moduleCache.set(hash, entry);
    }
    const module = new Module(engine, entry, options.name ?? entry.ir.names.module ?? null, hash, pinned);
    module.compiled(); // compile now so errors surface here, as Wasmtime's Module::new
    return module;
  }

  /** Compiles WebAssembly text (one module). */
  static fromText(engine: Engine, text: string, options: ModuleOptions = {}): Module {
    const bytes = engine.parser.watToBinary(text, { source: options.name });
    return Module.fromBytes(engine, bytes, options);
  }

  /** Reads a `.wasm` (detected by its magic number) or `.wat`/`.wast` text file. */
  static async fromFile(engine: Engine, path: string, options: ModuleOptions = {}): Promise<Module> {
    const data = await readFile(path);
    const name = options.name ?? basename(path);
    const isBinary = data.length >= 4 && WASM_MAGIC.every((b, i) => data[i] === b);
    try {
      return isBinary
        ? Module.fromBytes(engine, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { ...options, name })
        : Module.fromText(engine, data.toString('utf8'), { ...options, name });
    } catch (e) {
      throw e instanceof CompileError && !e.source ? e.withSource(path) : e;
    }
  }

  /** Whether `bytes` is a valid module (nothing is compiled or kept). */
  static validate(engine: Engine, bytes: Uint8Array | ArrayBuffer): boolean {
    return engine.parser.validate(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), engine.registry);
  }

  imports(): ImportType[] {
    return moduleImports(this.ir);
  }

  exports(): ExportType[] {
    return moduleExports(this.ir);
  }

  /** The backend this module runs on with the engine's current options, and why (`backend: 'auto'` picks per module). */
  backendChoice(): { backend: string; reason: string } {
    if (this.pinned !== null) return { backend: this.pinned.id, reason: 'ModuleOptions.backend' };
    const c = this.engine.backendFor(this.ir, this.engine.compileOptions(this.name));
    return { backend: c.backend.id, reason: c.reason };
  }

  /**
   * The backend's code for the engine's current options (per-call events may have been
   * requested since), compiled on first use and cached.
   */
  compiled(): CompiledModule {
    const opts = this.engine.compileOptions(this.name);
    const key = `${this.pinned !== null ? `${this.pinned.id}:` : ''}${opts.fuel ? 'F' : '-'}${opts.epoch ? 'E' : '-'}${opts.callHooks ? 'C' : '-'}${opts.sampling ? 'S' : '-'}${this.name ?? ''}`;
    let c = this.entry.compiled.get(key);
    if (c) return c;
    const backend = this.pinned ?? this.engine.backendFor(this.ir, opts).backend;
    const why = backend.unsupported(this.ir, opts);
    if (why !== null) throw new CompileError(why, { kind: 'unsupported', source: this.name });
    const t0 = performance.now();
    c = backend.compile(this.ir, opts);
    this.entry.compiled.set(key, c);
    const bus = this.engine.bus;
    if (bus.observed) {
      bus.emit({
        type: 'module.compiled', moduleName: this.name, hash: this.hash, backend: backend.id,
        bytes: this.ir.bytes.length, durationMs: performance.now() - t0,
      });
    }
    return c;
  }
}
