import type { InstanceAllocation } from '../../kernel/contracts/instance-allocator.js';
import type { MemoryInstance } from '../../kernel/runtime/memory-instance.js';
import type { TableInstance } from '../../kernel/runtime/table-instance.js';
import type { HostMemorySlot } from './host-memory-slot.js';
import type { MemorySlot } from './memory-slot.js';
import type { ModuleImage } from './module-image.js';

/**
 * What a lease holds, as plain data: the FinalizationRegistry keeps this alive to release the
 * slots once the lease is collected, so it must never reference the lease, its memories, its
 * tables or the store (any of those would keep the lease reachable forever).
 */
export class LeaseState {
  /** Whether the lease counts against `totalInstances` (false: a standalone memory or table). */
  readonly instance: boolean;
  readonly slots: MemorySlot[] = [];
  readonly hostSlots: HostMemorySlot[] = [];
  /** Memories outside the slots (shared memories), counted against `totalMemories`. */
  unpooledMemories = 0;
  tables = 0;
  released = false;

  constructor(instance: boolean) {
    this.instance = instance;
  }
}

/** The allocator side of releasing (implemented by PoolingAllocator). */
export interface LeaseOwner {
  releaseLease(state: LeaseState, lease: object): void;
}

/**
 * One instance's memories and tables from the pool. `release()` (the instance's dispose) and,
 * failing that, finalization return the slots. After release the memories read as empty and
 * the tables as zero-length, so a stale reference never reaches the slot's next tenant.
 */
export class PoolLease implements InstanceAllocation {
  memories: readonly MemoryInstance[] = [];
  tables: readonly TableInstance[] = [];
  memoryImageRestored = false;
  /** The module's image record (null for standalone memories/tables, or host memories). */
  readonly image: ModuleImage | null;
  readonly state: LeaseState;
  private readonly owner: LeaseOwner;

  constructor(owner: LeaseOwner, state: LeaseState, image: ModuleImage | null) {
    this.owner = owner;
    this.state = state;
    this.image = image;
  }

  release(): void {
    if (this.state.released) return;
    this.owner.releaseLease(this.state, this);
    for (const m of this.memories) {
      // Plain memories: stale callers see size 0 (the interpreter re-reads it on entry, and
      // `Memory.data` re-slices on the generation change). Host memories: setters are inert.
      m.byteLength = 0;
      m.generation++;
    }
    for (const t of this.tables) t.elements = [];
  }
}
