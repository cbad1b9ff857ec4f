import type {
  AllocationOptions, InstanceAllocation, InstanceAllocator,
} from '../../kernel/contracts/instance-allocator.js';
import { WeftError } from '../../kernel/errors/weft-error.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { MemoryType, TableType } from '../../kernel/ir/types.js';
import { MemoryInstance, PAGE_SIZE, type MemoryBacking } from '../../kernel/runtime/memory-instance.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import { TableInstance } from '../../kernel/runtime/table-instance.js';
import { FixedBacking } from './fixed-backing.js';
import { HostMemoryBacking } from './host-memory-backing.js';

export interface GuardPageConfig {
  /**
   * Bytes reserved up front per memory: a memory whose maximum fits gets exactly its maximum
   * and never moves; a larger one (or one without a maximum) gets this much and moves, into a
   * buffer twice as large, when it grows past it. Default 1 MiB (`DEFAULT_RESERVATION`).
   */
  readonly memoryReservation: number;
  /** Cap on any memory's size in bytes (engine-wide; stores may set lower limits). */
  readonly maxMemoryBytes?: number;
  /** Cap on any table's size in elements. */
  readonly maxTableElements?: number;
}

/**
 * 1 MiB. Every reserved byte is paid at instantiation (V8 zero-fills and accounts the whole
 * ArrayBuffer as external memory; multi-GiB ones force a full GC): instantiate+dispose of a
 * one-page module measured ~60/s reserving 4 GiB, ~150/s at 64 MiB, ~550/s at 4 MiB and
 * ~1,100-1,250/s at 1 MiB and below (2-core machine under load). A guest growing past it moves
 * by doubling, so reaching 64 MiB page by page costs 6 copies.
 */
export const DEFAULT_RESERVATION = 1024 * 1024;
const I32_MAX_PAGES = 65536;
const I64_MAX_PAGES = 2 ** 48;
const TABLE_MAX = 2 ** 32 - 1;

/**
 * The default (on-demand) allocator, Wasmtime's `OnDemandInstanceAllocator` with static
 * memories: each memory gets its own reservation when an instance is created; nothing is pooled.
 * The pooling allocator implements the same contract with recycled slots.
 */
export class GuardPageAllocator implements InstanceAllocator {
  readonly id = 'guard-page';
  readonly config: GuardPageConfig;

  constructor(config: Partial<GuardPageConfig> = {}) {
    this.config = { memoryReservation: config.memoryReservation ?? DEFAULT_RESERVATION, ...stripUndefined(config) };
  }

  allocate(ir: ModuleIR, store: StoreContext, options: AllocationOptions): InstanceAllocation {
    const memories: MemoryInstance[] = [];
    const tables: TableInstance[] = [];
    try {
      for (let i = ir.numImportedMemories; i < ir.memoryTypes.length; i++) {
        memories.push(this.allocateMemory(ir.memoryTypes[i], store, options));
      }
      for (const def of ir.tables) tables.push(this.allocateTable(def.type, null, store));
    } catch (e) {
      for (const m of memories) m.release();
      throw e;
    }
    let released = false;
    return {
      memories, tables, memoryImageRestored: false,
      release: () => {
        if (released) return;
        released = true;
        for (const m of memories) m.release();
        for (const t of tables) t.elements = [];
      },
    };
  }

  allocateMemory(type: MemoryType, store: StoreContext, options: AllocationOptions): MemoryInstance {
    const min = type.limits.min;
    const typeMax = type.limits.max ?? (type.address === 'i64' ? I64_MAX_PAGES : I32_MAX_PAGES);
    const capPages = this.config.maxMemoryBytes === undefined ? Infinity : Math.floor(this.config.maxMemoryBytes / PAGE_SIZE);
    const maxPages = Math.min(typeMax, capPages);
    const initialBytes = min * PAGE_SIZE;
    if (min > maxPages || (store.guard && !store.guard.memoryGrowing(0, initialBytes, type.limits.max))) {
      throw new WeftError('resource_limit', `memory minimum size of ${min} pages exceeds memory limits`);
    }
    let backing: MemoryBacking | null;
    if (options.hostMemories) {
      // The host memory's own maximum is the store's limit too: native code and anything else
      // holding the WebAssembly.Memory cannot grow it past the limit without weft.
      const storeCap = store.guard?.maxMemoryBytes ?? Infinity;
      backing = new HostMemoryBacking(min, Math.min(maxPages, Math.floor(storeCap / PAGE_SIZE)), type.shared);
    } else {
      const limitBytes = maxPages * PAGE_SIZE;
      // A shared memory can never move (other threads hold its buffer): reserve all of it.
      const reservation = type.shared ? limitBytes : Math.min(this.config.memoryReservation, limitBytes);
      backing = FixedBacking.reserve(initialBytes, reservation, limitBytes, type.shared);
      if (!backing) throw new WeftError('resource_limit', `cannot allocate a memory of ${min} pages: the host refused ${initialBytes} bytes`);
    }
    return new MemoryInstance(type, backing, maxPages, store.guard);
  }

  allocateTable(type: TableType, init: unknown, store: StoreContext): TableInstance {
    const min = type.limits.min;
    const maxSize = Math.min(type.limits.max ?? TABLE_MAX, this.config.maxTableElements ?? Infinity);
    if (min > maxSize || (store.guard && !store.guard.tableGrowing(0, min, type.limits.max))) {
      throw new WeftError('resource_limit', `table minimum size of ${min} elements exceeds table limits`);
    }
    return new TableInstance(type, init, maxSize, store.guard);
  }
}

function stripUndefined<O extends object>(o: O): Partial<O> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;
}
