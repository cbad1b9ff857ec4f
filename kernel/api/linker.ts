import type { BackendInstance, InstantiateRequest, ResolvedImports } from '../contracts/backend.js';
import type { HostCapability, ImportSink } from '../contracts/host-capability.js';
import { LinkError } from '../errors/link-error.js';
import { Trap } from '../errors/trap.js';
import { WeftError } from '../errors/weft-error.js';
import type { Import } from '../ir/module-ir.js';
import type { FuncType } from '../ir/types.js';
import type { ExternValue } from '../runtime/extern.js';
import { FuncInstance, type HostFunction } from '../runtime/func-instance.js';
import type { GlobalInstance } from '../runtime/global-instance.js';
import type { MemoryInstance } from '../runtime/memory-instance.js';
import type { TableInstance } from '../runtime/table-instance.js';
import type { TagInstance } from '../runtime/tag-instance.js';
import { HostCaller } from './caller.js';
import type { Engine } from './engine.js';
import { externTypeToString, moduleImports } from './extern-type.js';
import { unwrapExtern } from './extern-wrapper.js';
import { makeHostFunc, internFuncType } from './host-func.js';
import { matchImport } from './import-matcher.js';
import { Instance } from './instance.js';
import { emitTrap } from './trap-events.js';
import type { Module } from './module.js';
import type { Store } from './store.js';
import { parseFuncType } from './type-text.js';

/** A host function definition; it becomes one FuncInstance per instantiation (bound to its Caller). */
interface HostDef {
  readonly kind: 'host';
  readonly type: FuncType;
  readonly typeId: number;
  readonly fn: HostFunction;
}

type Definition = HostDef | { readonly kind: 'value'; readonly value: ExternValue };

const key = (module: string, name: string): string => `${module}\u0000${name}`;

/**
 * Resolves a module's imports by name: host functions, externs of other instances, whole
 * instances, WASI (through `ImportSink`) and the host capabilities granted to the store.
 */
export class Linker implements ImportSink {
  readonly engine: Engine;
  private readonly defs = new Map<string, Definition>();
  private shadowing = false;
  private readonly capabilityDefs = new Map<string, HostDef | null>();

  constructor(engine: Engine) {
    this.engine = engine;
  }

  /** Whether a later definition may replace an earlier one with the same name (off by default). */
  allowShadowing(allow = true): this {
    this.shadowing = allow;
    return this;
  }

  /** Defines a host function with a wasm signature (a FuncType or `(func (param i32) (result i32))`). */
  defineFunc(module: string, name: string, type: FuncType | string, fn: HostFunction): this {
    if (typeof fn !== 'function') throw new TypeError(`defineFunc ${module}.${name}: fn must be a function`);
    const t = typeof type === 'string' ? parseFuncType(type) : type;
    this.put(module, name, { kind: 'host', type: t, typeId: internFuncType(this.engine.registry, t), fn });
    return this;
  }

  /** Defines an extern: an API object (`Func`, `Memory`, ...) or a runtime value. */
  define(module: string, name: string, value: ExternValue | object): this {
    const v = unwrapExtern(value);
    if (!v) throw new TypeError(`define ${module}.${name}: not an extern value (Func, Memory, Table, Global or Tag)`);
    this.put(module, name, { kind: 'value', value: v });
    return this;
  }

  /** Defines every export of `instance` under the module name `name`. */
  defineInstance(name: string, instance: Instance): this {
    for (const [field, value] of instance.backendInstance.exports) this.put(name, field, { kind: 'value', value });
    return this;
  }

  /** Defines every function of a host capability (regardless of store grants). */
  defineCapability(capability: HostCapability): this {
    for (const f of capability.functions) this.defineFunc(capability.name, f.name, f.type, f.fn);
    return this;
  }

  /** Whether `module.name` is defined in this linker. */
  has(module: string, name: string): boolean {
    return this.defs.has(key(module, name));
  }

  /** Instantiates `module` in `store`: resolves and type-checks imports, allocates, initialises, runs start. */
  instantiate(store: Store, module: Module): Instance {
    const { request, callers, t0 } = this.prepare(store, module);
    let bi;
    try {
      bi = module.compiled().instantiate(request);
    } catch (e) {
      throw this.translate(e, store, module);
    }
    return this.finish(store, module, request, callers, bi, t0);
  }

  /** As `instantiate`, but the start function may call async host functions (backends that can suspend). */
  async instantiateAsync(store: Store, module: Module): Promise<Instance> {
    const { request, callers, t0 } = this.prepare(store, module);
    const compiled = module.compiled();
    let bi;
    try {
      bi = compiled.instantiateAsync ? await compiled.instantiateAsync(request) : compiled.instantiate(request);
    } catch (e) {
      throw this.translate(e, store, module);
    }
    return this.finish(store, module, request, callers, bi, t0);
  }

  private put(module: string, name: string, def: Definition): void {
    const k = key(module, name);
    if (!this.shadowing && this.defs.has(k)) {
      throw new LinkError(`${module}.${name} is already defined (call linker.allowShadowing(true) to redefine it)`, { module, field: name });
    }
    this.defs.set(k, def);
  }

  private prepare(store: Store, module: Module): { request: InstantiateRequest; callers: HostCaller[]; t0: number } {
    store.assertLive();
    if (module.engine !== this.engine || store.engine !== this.engine) {
      throw new LinkError('the module, store and linker must belong to the same engine');
    }
    this.checkLimits(store, module);
    const t0 = performance.now();
    const ir = module.ir;
    const funcs: FuncInstance[] = [];
    const tables: TableInstance[] = [];
    const memories: MemoryInstance[] = [];
    const globals: GlobalInstance[] = [];
    const tags: TagInstance[] = [];
    const callers: HostCaller[] = [];
    const types = moduleImports(ir);
    ir.imports.forEach((imp, i) => {
      const value = this.resolve(store, imp, callers);
      const mismatch = matchImport(value, imp.desc, ir, this.engine.registry);
      if (mismatch !== null) {
        throw new LinkError(`import ${imp.module}.${imp.name}: expected ${types[i].text}, got ${mismatch}`, { module: imp.module, field: imp.name });
      }
      switch (imp.desc.kind) {
        case 'func': funcs.push(value as FuncInstance); break;
        case 'table': tables.push(value as TableInstance); break;
        case 'memory': memories.push(value as MemoryInstance); break;
        case 'global': globals.push(value as GlobalInstance); break;
        case 'tag': tags.push(value as TagInstance); break;
      }
    });
    const imports: ResolvedImports = { funcs, tables, memories, globals, tags };
    const request: InstantiateRequest = {
      store: store.context, imports, allocator: this.engine.allocator, trapHandler: this.engine.trapHandler,
      registry: this.engine.registry, instanceId: this.engine.allocateInstanceId(),
    };
    return { request, callers, t0 };
  }

  private resolve(store: Store, imp: Import, callers: HostCaller[]): ExternValue {
    let def = this.defs.get(key(imp.module, imp.name)) ?? null;
    if (def === null) def = this.fromCapability(store, imp);
    if (def === null) {
      throw new LinkError(`unknown import: ${imp.module}.${imp.name} has not been defined`, { module: imp.module, field: imp.name });
    }
    if (def.kind === 'value') return def.value;
    const caller = new HostCaller(store);
    callers.push(caller);
    return makeHostFunc(def.type, def.typeId, def.fn, imp.module, imp.name, caller, this.engine.bus);
  }

  private fromCapability(store: Store, imp: Import): HostDef | null {
    const cap = this.engine.capabilities.get(imp.module);
    if (!cap) return null;
    if (!store.capabilities.has(cap.name)) {
      throw new LinkError(
        `import ${imp.module}.${imp.name}: host capability "${cap.name}" is not granted to store "${store.name}"`,
        { module: imp.module, field: imp.name });
    }
    const k = key(imp.module, imp.name);
    let def = this.capabilityDefs.get(k);
    if (def === undefined) {
      const f = cap.functions.find((x) => x.name === imp.name);
      if (f) {
        const t = typeof f.type === 'string' ? parseFuncType(f.type) : f.type;
        def = { kind: 'host', type: t, typeId: internFuncType(this.engine.registry, t), fn: f.fn };
      } else {
        def = null;
      }
      this.capabilityDefs.set(k, def);
    }
    if (def === null) {
      throw new LinkError(`unknown import: host capability "${cap.name}" has no function "${imp.name}" (it has: ${cap.functions.map((f) => f.name).join(', ')})`,
        { module: imp.module, field: imp.name });
    }
    return def;
  }

  private checkLimits(store: Store, module: Module): void {
    const l = store.limits;
    const ir = module.ir;
    const fail = (what: string, max: number): never => {
      throw new WeftError('resource_limit', `resource limit exceeded: ${what} (limit ${max}) in store "${store.name}"`);
    };
    if (l.maxInstances !== undefined && store.liveInstances + 1 > l.maxInstances) fail('too many instances', l.maxInstances);
    if (l.maxTables !== undefined && store.tableCount + ir.tables.length > l.maxTables) fail('too many tables', l.maxTables);
    const mems = ir.memoryTypes.length - ir.numImportedMemories;
    if (l.maxMemories !== undefined && store.memoryCount + mems > l.maxMemories) fail('too many memories', l.maxMemories);
  }

  /** A fault during instantiation (a trapping start function or segment) as a Trap, reported as an event. */
  private translate(e: unknown, store: Store, module: Module): unknown {
    const translated = this.engine.trapHandler.translate(e, { module: module.ir, moduleName: module.name, backtrace: null });
    if (translated instanceof Trap) emitTrap(store.context.events, store.id, translated);
    return translated;
  }

  private finish(store: Store, module: Module, request: InstantiateRequest, callers: HostCaller[], bi: BackendInstance, t0: number): Instance {
    const instance = new Instance(request.instanceId, module, store, bi);
    for (const c of callers) c.instance = instance;
    store.adopt(instance);
    store.tableCount += module.ir.tables.length;
    store.memoryCount += module.ir.memoryTypes.length - module.ir.numImportedMemories;
    const bus = this.engine.bus;
    if (bus.observed) {
      let memoryBytes = 0;
      for (let i = module.ir.numImportedMemories; i < bi.memories.length; i++) memoryBytes += bi.memories[i].byteLength;
      bus.emit({
        type: 'instance.created', instanceId: instance.id, storeId: store.id, moduleName: module.name, hash: module.hash,
        backend: module.compiled().backend, memoryBytes, durationMs: performance.now() - t0,
      });
    }
    return instance;
  }
}

export { externTypeToString };
