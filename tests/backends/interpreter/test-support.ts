/**
 * Test-only helpers for the interpreter backend: a tiny allocator (plain ArrayBuffers,
 * reallocated on grow), a trap handler that wraps host errors, and `load()` which compiles a
 * WAT module and instantiates it with host imports.
 */
import type { InstanceAllocator, InstanceAllocation } from '../../../kernel/contracts/instance-allocator.js';
import type { TrapHandler, FaultContext } from '../../../kernel/contracts/trap-handler.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import type { MemoryType, FuncType } from '../../../kernel/ir/types.js';
import { MemoryInstance, PAGE_SIZE, type MemoryBacking } from '../../../kernel/runtime/memory-instance.js';
import { TableInstance } from '../../../kernel/runtime/table-instance.js';
import { StoreContext } from '../../../kernel/runtime/store-context.js';
import { FuncInstance, type HostFunction } from '../../../kernel/runtime/func-instance.js';
import { EventBus } from '../../../kernel/events/event-bus.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { TrapCode } from '../../../kernel/errors/trap-code.js';
import { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../plugins/parser/binary/index.js';
import { watToBinary } from '../../../plugins/parser/text/wat.js';
import type { BackendInstance, CompileOptions } from '../../../kernel/contracts/backend.js';
import { InterpreterBackend } from '../../../backends/interpreter/index.js';

class GrowBacking implements MemoryBacking {
  buffer: ArrayBuffer;
  readonly wasmMemory = null;
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }
  grow(oldBytes: number, newBytes: number): boolean {
    try {
      const b = new ArrayBuffer(newBytes);
      new Uint8Array(b).set(new Uint8Array(this.buffer, 0, oldBytes));
      this.buffer = b;
      return true;
    } catch {
      return false;
    }
  }
  release(): void {}
}

export class TestAllocator implements InstanceAllocator {
  readonly id = 'test';

  memory(t: MemoryType): MemoryInstance {
    const cap = t.address === 'i64' ? 2 ** 20 : 65536;
    return new MemoryInstance(t, new GrowBacking(t.limits.min * PAGE_SIZE), Math.min(t.limits.max ?? cap, cap), null);
  }

  allocate(ir: ModuleIR): InstanceAllocation {
    const memories = ir.memoryTypes.slice(ir.numImportedMemories).map((t) => this.memory(t));
    const tables = ir.tables.map((d) => new TableInstance(d.type, null, Math.min(d.type.limits.max ?? 10_000_000, 10_000_000), null));
    return { memories, tables, memoryImageRestored: false, release: () => {} };
  }
}

export const testTrapHandler: TrapHandler = {
  translate(error: unknown, context: FaultContext): unknown {
    if (error instanceof Trap) return error;
    if (error instanceof RangeError) return new Trap(TrapCode.StackOverflow, undefined, { cause: error, backtrace: context.backtrace ?? [] });
    return new Trap(TrapCode.HostError, `host function failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  },
  isFault(): boolean {
    return true;
  },
  toTrap(error: unknown, context: FaultContext): Trap {
    return this.translate(error, context) as Trap;
  },
};

export interface Loaded {
  instance: BackendInstance;
  store: StoreContext;
  registry: TypeRegistry;
  exports: Record<string, (...a: unknown[]) => unknown>;
  asyncExports: Record<string, (...a: unknown[]) => Promise<unknown>>;
}

export interface LoadOptions extends Partial<CompileOptions> {
  /** Host functions by `module.name`; their types come from the import declarations. */
  host?: Record<string, HostFunction>;
  store?: StoreContext;
  registry?: TypeRegistry;
}

export function newStore(): StoreContext {
  return new StoreContext(1, new Int32Array(new SharedArrayBuffer(4)), new EventBus());
}

export function load(wat: string, opts: LoadOptions = {}): Loaded {
  const registry = opts.registry ?? new TypeRegistry();
  const ir = decodeModule(watToBinary(wat), registry);
  const store = opts.store ?? newStore();
  const funcs: FuncInstance[] = [];
  for (const imp of ir.imports) {
    if (imp.desc.kind !== 'func') throw new Error('test loader: only function imports');
    const h = opts.host?.[`${imp.module}.${imp.name}`];
    if (!h) throw new Error(`missing host function ${imp.module}.${imp.name}`);
    const ti = imp.desc.typeIndex;
    funcs.push(new FuncInstance(ir.types[ti].composite as FuncType, ir.typeIds[ti], 'host', h, `${imp.module}!${imp.name}`, (...a: unknown[]) => h(null as never, ...a)));
  }
  const compiled = new InterpreterBackend().compile(ir, {
    fuel: opts.fuel ?? false, epoch: opts.epoch ?? false, callHooks: opts.callHooks ?? false, moduleName: opts.moduleName ?? 'test',
  });
  const instance = compiled.instantiate({
    store, imports: { funcs, tables: [], memories: [], globals: [], tags: [] }, allocator: new TestAllocator(),
    trapHandler: testTrapHandler, registry, instanceId: 1,
  });
  const exports: Record<string, (...a: unknown[]) => unknown> = {};
  const asyncExports: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
  for (const [name, v] of instance.exports) {
    if (v instanceof FuncInstance) {
      exports[name] = v.invoke;
      asyncExports[name] = v.invokeAsync!;
    }
  }
  return { instance, store, registry, exports, asyncExports };
}
