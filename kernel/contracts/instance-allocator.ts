import type { ModuleIR } from '../ir/module-ir.js';
import type { MemoryType, TableType } from '../ir/types.js';
import type { MemoryInstance } from '../runtime/memory-instance.js';
import type { StoreContext } from '../runtime/store-context.js';
import type { TableInstance } from '../runtime/table-instance.js';

export const InstanceAllocator = Symbol.for('weft.InstanceAllocator');

/** The memories and tables one instance defines, from one allocator. */
export interface InstanceAllocation {
  /** Defined memories, in index order (after imported ones). */
  readonly memories: readonly MemoryInstance[];
  /** Defined tables, in index order, filled with null; the backend runs their initialisers. */
  readonly tables: readonly TableInstance[];
  /**
   * True when the memories already hold the module's initial data image (pooling allocator
   * restoring a warm slot), so active data segments must not be applied again.
   */
  readonly memoryImageRestored: boolean;
  /** Returns everything to the allocator. Idempotent. */
  release(): void;
}

export interface AllocationOptions {
  /** Memories must be `WebAssembly.Memory` objects (the native backend imports them). */
  readonly hostMemories: boolean;
}

/** Decides where linear memories and tables live, enforces its limits, and resets on release. */
export interface InstanceAllocator {
  /** `guard-page`, `pooling`, ... (what `--allocator` names). */
  readonly id: string;
  /**
   * The allocator recycles memories across instances (pooling), so backends that could let the
   * host engine create memories itself (native) must take them from the allocator instead. The
   * engine turns this into `CompileOptions.allocatorControl`.
   */
  readonly recyclesMemories?: boolean;
  allocate(ir: ModuleIR, store: StoreContext, options: AllocationOptions): InstanceAllocation;
  /** Called once the instance is initialised, so the allocator may snapshot its memory image. */
  initialised?(ir: ModuleIR, allocation: InstanceAllocation): void;
  /** One memory created by the embedder (`Memory.create`), outside any instance. */
  allocateMemory?(type: MemoryType, store: StoreContext, options: AllocationOptions): MemoryInstance;
  /** One table created by the embedder (`Table.create`), filled with `init`. */
  allocateTable?(type: TableType, init: unknown, store: StoreContext): TableInstance;
}
