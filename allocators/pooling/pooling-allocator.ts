import type {
  AllocationOptions, InstanceAllocation, InstanceAllocator,
} from '../../kernel/contracts/instance-allocator.js';
import { WeftError } from '../../kernel/errors/weft-error.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { MemoryType, TableType } from '../../kernel/ir/types.js';
import { MemoryInstance, PAGE_SIZE, type MemoryBacking } from '../../kernel/runtime/memory-instance.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import { TableInstance } from '../../kernel/runtime/table-instance.js';
import { HostMemorySlot } from './host-memory-slot.js';
import { MemorySlotPool } from './memory-slot-pool.js';
import { NO_AFFINITY } from './memory-slot.js';
import { ModuleImage } from './module-image.js';
import { PoolExhaustedError, PoolLimitError } from './pool-errors.js';
import { LeaseState, PoolLease, type LeaseOwner } from './pool-lease.js';
import type { PoolMetrics } from './pool-metrics.js';
import { resolvePoolingConfig, type PoolingConfig } from './pooling-config.js';
import { HostSlotBacking, SharedBacking, SlotBacking } from './slot-backing.js';

const I32_MAX_PAGES = 65536;
const I64_MAX_PAGES = 2 ** 48;
/** Affinity keys: module image id * this + memory index (maxMemoriesPerModule is far below it). */
const KEY_STRIDE = 1 << 16;

/**
 * Wasmtime's pooling instance allocator for weft: memory slots (fixed ArrayBuffers of
 * `maxMemorySize`) and counts of instances and tables fixed when the engine is created.
 * Instantiation takes slots; release returns them warm; the next tenant's take zeroes what the
 * last one dirtied, or restores the module's memory image with one copy. Limits are
 * checked before anything is taken, so a refused allocation changes nothing.
 */
export class PoolingAllocator implements InstanceAllocator, LeaseOwner {
  readonly id = 'pooling';
  /** Native code must run on pooled memories too (see `InstanceAllocator.recyclesMemories`). */
  readonly recyclesMemories = true;
  readonly config: PoolingConfig;
  private readonly pool: MemorySlotPool;
  /** Released host-memory slots (a stack; at most `maxUnusedWarmSlots`). */
  private readonly hostFree: HostMemorySlot[] = [];
  private readonly images = new WeakMap<ModuleIR, ModuleImage>();
  /** Tables keep their lease reachable (an ephemeron: the value lives while the key does). */
  private readonly tableOwners = new WeakMap<TableInstance, object>();
  private readonly registry: FinalizationRegistry<LeaseState>;
  private nextImageId = 1;
  private instancesInUse = 0;
  /** Memories in use of every kind (slots, host memories, shared memories). */
  private memoriesInUse = 0;
  private tablesInUse = 0;
  private imageRestores = 0;
  private imagesCaptured = 0;
  private finalized = 0;
  private hostResets = 0;
  /** The engine's event bus, from the first store seen (finalization has no store at hand). */
  private bus: EventBus | null = null;

  constructor(config: Partial<PoolingConfig> = {}) {
    this.config = resolvePoolingConfig(config);
    const c = this.config;
    this.pool = new MemorySlotPool(c.totalMemories, c.maxMemorySize, c.maxUnusedWarmSlots, c.residentBytesKept,
      Math.min(c.reserveAtCreation, c.totalMemories));
    this.registry = new FinalizationRegistry((state) => {
      if (state.released) return;
      this.finalized++;
      this.releaseLease(state, null);
    });
  }

  allocate(ir: ModuleIR, store: StoreContext, options: AllocationOptions): InstanceAllocation {
    const c = this.config;
    const first = ir.numImportedMemories;
    const nMem = ir.memoryTypes.length - first;
    const nTab = ir.tables.length;
    if (nMem > c.maxMemoriesPerModule) {
      throw new PoolLimitError('maxMemoriesPerModule', c.maxMemoriesPerModule, `module defines ${nMem} memories, maxMemoriesPerModule is ${c.maxMemoriesPerModule}`);
    }
    if (nTab > c.maxTablesPerModule) {
      throw new PoolLimitError('maxTablesPerModule', c.maxTablesPerModule, `module defines ${nTab} tables, maxTablesPerModule is ${c.maxTablesPerModule}`);
    }
    for (let i = first; i < ir.memoryTypes.length; i++) this.checkMemory(ir.memoryTypes[i], i, store);
    for (let i = 0; i < nTab; i++) this.checkTable(ir.tables[i].type, ir.numImportedTables + i, store);
    if (this.instancesInUse >= c.totalInstances) throw new PoolExhaustedError('totalInstances', c.totalInstances);
    if (this.memoriesInUse + nMem > c.totalMemories) throw new PoolExhaustedError('totalMemories', c.totalMemories);
    if (this.tablesInUse + nTab > c.totalTables) throw new PoolExhaustedError('totalTables', c.totalTables);
    this.bus = store.events;

    let image = this.images.get(ir);
    if (image === undefined) this.images.set(ir, (image = ModuleImage.of(ir, this.nextImageId++)));
    const state = new LeaseState(true);
    const restore = image.ready;
    const lease = new PoolLease(this, state, image);
    this.instancesInUse++;
    const memories: MemoryInstance[] = [];
    const tables: TableInstance[] = [];
    try {
      for (let i = 0; i < nMem; i++) {
        const type = ir.memoryTypes[first + i];
        const key = image.id * KEY_STRIDE + i;
        memories.push(this.takeMemory(type, store, options, state, lease, key, restore ? image.images![i] : null, image.spanStart[i]));
      }
      for (let i = 0; i < nTab; i++) tables.push(this.takeTable(ir.tables[i].type, null, store, state, lease));
    } catch (e) {
      this.releaseLease(state, null);
      throw e;
    }
    lease.memories = memories;
    lease.tables = tables;
    lease.memoryImageRestored = restore && image.restorable;
    if (lease.memoryImageRestored) this.imageRestores++;
    this.registry.register(lease, state, lease);
    this.emit(store.events);
    return lease;
  }

  /** Builds the module's memory image once one instantiation has succeeded (once per module). */
  initialised(ir: ModuleIR, allocation: InstanceAllocation): void {
    if (!(allocation instanceof PoolLease) || allocation.memoryImageRestored) return;
    const image = allocation.image;
    if (image === null || image.ready || !image.restorable || allocation.state.released) return;
    image.build(ir);
    if (image.ready) this.imagesCaptured++;
  }

  /** A standalone memory (`Memory.create`): one slot, released by `release()` or finalization. */
  allocateMemory(type: MemoryType, store: StoreContext, options: AllocationOptions): MemoryInstance {
    this.checkMemory(type, 0, store);
    if (this.memoriesInUse + 1 > this.config.totalMemories) throw new PoolExhaustedError('totalMemories', this.config.totalMemories);
    this.bus = store.events;
    const state = new LeaseState(false);
    const owner = {};
    const mem = this.takeMemory(type, store, options, state, owner, NO_AFFINITY, null, 0);
    this.registry.register(mem, state, owner);
    this.emit(store.events);
    return mem;
  }

  /** A standalone table (`Table.create`): counted against `totalTables` until collected. */
  allocateTable(type: TableType, init: unknown, store: StoreContext): TableInstance {
    this.checkTable(type, 0, store);
    if (this.tablesInUse + 1 > this.config.totalTables) throw new PoolExhaustedError('totalTables', this.config.totalTables);
    this.bus = store.events;
    const state = new LeaseState(false);
    const table = this.takeTable(type, init, store, state, {});
    this.registry.register(table, state);
    this.emit(store.events);
    return table;
  }

  /** Slots in use, warm and reset so far (what `pool.metrics` events carry, and more). */
  metrics(): PoolMetrics {
    const p = this.pool;
    return {
      slotsInUse: this.instancesInUse,
      memoriesInUse: this.memoriesInUse,
      tablesInUse: this.tablesInUse,
      warmSlots: p.warm + this.hostFree.length,
      reservedSlots: p.slots.reduce((n, s) => n + (s.reserved ? 1 : 0), 0),
      resets: p.resets + this.hostResets,
      decommits: p.decommits,
      imageRestores: this.imageRestores,
      imagesCaptured: this.imagesCaptured,
      finalized: this.finalized,
    };
  }

  /** @internal Returns a lease's slots (from `PoolLease.release`, failed allocations, finalization). */
  releaseLease(state: LeaseState, lease: object | null): void {
    if (state.released) return;
    state.released = true;
    if (lease !== null) this.registry.unregister(lease);
    for (const slot of state.slots) this.pool.put(slot);
    for (const slot of state.hostSlots) this.putHost(slot);
    this.memoriesInUse -= state.slots.length + state.hostSlots.length + state.unpooledMemories;
    this.tablesInUse -= state.tables;
    if (state.instance) this.instancesInUse--;
    if (this.bus !== null) this.emit(this.bus);
  }

  private checkMemory(type: MemoryType, index: number, store: StoreContext): void {
    const min = type.limits.min;
    const slotPages = this.config.maxMemorySize / PAGE_SIZE;
    if (min > slotPages) {
      throw new PoolLimitError('maxMemorySize', this.config.maxMemorySize,
        `memory ${index} needs ${min} pages, maxMemorySize is ${this.config.maxMemorySize} bytes (${slotPages} pages)`);
    }
    if (store.guard && !store.guard.memoryGrowing(0, min * PAGE_SIZE, type.limits.max)) {
      throw new WeftError('resource_limit', `memory minimum size of ${min} pages exceeds memory limits`);
    }
  }

  private checkTable(type: TableType, index: number, store: StoreContext): void {
    const min = type.limits.min;
    if (min > this.config.tableElements) {
      throw new PoolLimitError('tableElements', this.config.tableElements,
        `table ${index} needs ${min} elements, tableElements is ${this.config.tableElements}`);
    }
    if (store.guard && !store.guard.tableGrowing(0, min, type.limits.max)) {
      throw new WeftError('resource_limit', `table minimum size of ${min} elements exceeds table limits`);
    }
  }

  private takeMemory(type: MemoryType, store: StoreContext, options: AllocationOptions, state: LeaseState,
    owner: object, key: number, image: Uint8Array | null, imageStart: number): MemoryInstance {
    const typeMax = type.limits.max ?? (type.address === 'i64' ? I64_MAX_PAGES : I32_MAX_PAGES);
    const maxPages = Math.min(typeMax, this.config.maxMemorySize / PAGE_SIZE);
    const min = type.limits.min;
    const release = state.instance ? () => (owner as PoolLease).release() : () => this.releaseLease(state, owner);
    let backing: MemoryBacking;
    if (type.shared) {
      backing = new SharedBacking(maxPages * PAGE_SIZE, owner, release);
      state.unpooledMemories++;
    } else if (options.hostMemories) {
      const slot = this.takeHost(min, Math.min(maxPages, I32_MAX_PAGES), image, imageStart);
      state.hostSlots.push(slot);
      backing = new HostSlotBacking(slot, owner, release);
    } else {
      const slot = this.pool.take(key);
      if (slot === null) throw new PoolExhaustedError('totalMemories', this.config.totalMemories);
      state.slots.push(slot);
      this.pool.prepare(slot, min * PAGE_SIZE, image, imageStart);
      backing = new SlotBacking(slot, owner, release);
    }
    this.memoriesInUse++;
    return new MemoryInstance(type, backing, maxPages, store.guard);
  }

  private takeTable(type: TableType, init: unknown, store: StoreContext, state: LeaseState, owner: object): TableInstance {
    const maxSize = Math.min(type.limits.max ?? Infinity, this.config.tableElements);
    // Tables are counted, not recycled: their storage is a JS array, and a fresh one is as cheap
    // as refilling an old one and cannot carry a previous tenant's references.
    const table = new TableInstance(type, init, maxSize, store.guard);
    this.tableOwners.set(table, owner);
    state.tables++;
    this.tablesInUse++;
    return table;
  }

  private takeHost(minPages: number, maxPages: number, image: Uint8Array | null, imageStart: number): HostMemorySlot {
    let slot: HostMemorySlot | undefined;
    for (let i = this.hostFree.length - 1; i >= 0; i--) {
      if (this.hostFree[i].fits(minPages, maxPages)) {
        slot = this.hostFree[i];
        this.hostFree.splice(i, 1);
        break;
      }
    }
    slot ??= this.hostFree.shift() ?? new HostMemorySlot();
    if (slot.prepare(minPages, maxPages, image, imageStart)) this.hostResets++;
    slot.inUse = true;
    return slot;
  }

  private putHost(slot: HostMemorySlot): void {
    if (!slot.inUse) return;
    slot.inUse = false;
    slot.epoch++;
    this.hostFree.push(slot);
    if (this.hostFree.length > this.config.maxUnusedWarmSlots) this.hostFree.shift();
  }

  private emit(bus: EventBus): void {
    if (!bus.observed) return;
    bus.emit({ type: 'pool.metrics', slotsInUse: this.instancesInUse, warmSlots: this.pool.warm + this.hostFree.length, resets: this.pool.resets + this.hostResets });
  }
}
