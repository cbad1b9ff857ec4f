import { MemorySlot, NO_AFFINITY } from './memory-slot.js';

/**
 * The free lists of the fixed memory slots. A released slot is *warm*: resident, remembering
 * its tenant's module (affinity), kept in release order. `take` prefers, in order: a warm slot
 * with the same affinity (slot affinity: the same module lands in the same slot, whose pages
 * and dirty pattern are already there), a never-used reserved slot, the least recently released
 * warm slot of another module, and last a decommitted slot (which reserves a new buffer).
 * Beyond `maxUnusedWarmSlots` warm slots, the oldest is decommitted.
 */
export class MemorySlotPool {
  readonly slots: readonly MemorySlot[];
  private readonly maxWarm: number;
  private readonly residentBytesKept: number;
  /** Free warm slots by affinity (LIFO per key). */
  private readonly warmByKey = new Map<number, MemorySlot[]>();
  /** All free warm slots in release order (a Set iterates in insertion order). */
  private readonly warmOrder = new Set<MemorySlot>();
  /** Free reserved slots never used since reserved (clean). */
  private readonly fresh: MemorySlot[] = [];
  /** Free decommitted slots. */
  private readonly cold: MemorySlot[] = [];
  inUse = 0;
  resets = 0;
  decommits = 0;

  constructor(count: number, slotSize: number, maxWarm: number, residentBytesKept: number, reserveNow: number) {
    const slots: MemorySlot[] = [];
    for (let i = 0; i < count; i++) slots.push(new MemorySlot(i, slotSize));
    this.slots = slots;
    this.maxWarm = maxWarm;
    this.residentBytesKept = residentBytesKept;
    // Reserved ones on top of the stacks: taken first.
    for (let i = count - 1; i >= 0; i--) {
      if (i < reserveNow) {
        slots[i].reserve();
        this.fresh.push(slots[i]);
      } else {
        this.cold.push(slots[i]);
      }
    }
  }

  get free(): number {
    return this.slots.length - this.inUse;
  }

  get warm(): number {
    return this.warmOrder.size;
  }

  /** A free slot, reserved, not yet prepared; null when every slot is in use. */
  take(key: number): MemorySlot | null {
    let slot: MemorySlot | undefined;
    const same = this.warmByKey.get(key);
    if (same !== undefined && same.length > 0) {
      slot = same.pop()!;
      this.warmOrder.delete(slot);
    } else if (this.fresh.length > 0) {
      slot = this.fresh.pop()!;
    } else if (this.warmOrder.size > 0) {
      slot = this.warmOrder.values().next().value as MemorySlot;
      this.unlinkWarm(slot);
    } else {
      slot = this.cold.pop();
      if (slot === undefined) return null;
    }
    slot.reserve();
    slot.inUse = true;
    slot.affinity = key;
    this.inUse++;
    return slot;
  }

  /** Zeroes what the last tenant dirtied and writes `image` (see `MemorySlot.prepare`). */
  prepare(slot: MemorySlot, initialBytes: number, image: Uint8Array | null, imageStart: number): void {
    if (slot.prepare(initialBytes, image, imageStart)) this.resets++;
  }

  /** Returns a slot: warm (keeping its affinity) unless it dirtied more than may stay resident. */
  put(slot: MemorySlot): void {
    if (!slot.inUse) return;
    slot.inUse = false;
    slot.epoch++;
    this.inUse--;
    if (slot.dirty > this.residentBytesKept) {
      slot.decommit();
      this.decommits++;
    }
    if (this.maxWarm === 0 || slot.affinity === NO_AFFINITY) {
      this.makeCold(slot);
      return;
    }
    let list = this.warmByKey.get(slot.affinity);
    if (list === undefined) this.warmByKey.set(slot.affinity, (list = []));
    list.push(slot);
    this.warmOrder.add(slot);
    if (this.warmOrder.size > this.maxWarm) {
      const oldest = this.warmOrder.values().next().value as MemorySlot;
      this.unlinkWarm(oldest);
      this.makeCold(oldest);
    }
  }

  private makeCold(slot: MemorySlot): void {
    if (slot.reserved) {
      slot.decommit();
      this.decommits++;
    }
    slot.affinity = NO_AFFINITY;
    this.cold.push(slot);
  }

  private unlinkWarm(slot: MemorySlot): void {
    this.warmOrder.delete(slot);
    const list = this.warmByKey.get(slot.affinity)!;
    list.splice(list.lastIndexOf(slot), 1);
    if (list.length === 0) this.warmByKey.delete(slot.affinity);
  }
}
