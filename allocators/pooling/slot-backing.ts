import type { MemoryBacking } from '../../kernel/runtime/memory-instance.js';
import { PAGE_SIZE } from '../../kernel/runtime/memory-instance.js';
import type { HostMemorySlot } from './host-memory-slot.js';
import type { MemorySlot } from './memory-slot.js';

const EMPTY = new ArrayBuffer(0);

/**
 * One tenant's view of a memory slot. It sees the slot's buffer only while its lease is
 * current (`epoch`), so a disposed instance (or a `Memory` wrapper that outlived it) sees an
 * empty memory instead of the next tenant's bytes. It also holds its owner (the lease), so the
 * lease stays reachable — and its slots unreclaimed by finalization — while this memory is.
 */
export class SlotBacking implements MemoryBacking {
  readonly wasmMemory: WebAssembly.Memory | null = null;
  private readonly slot: MemorySlot;
  private readonly epoch: number;
  private readonly owner: object;
  private readonly onRelease: () => void;

  constructor(slot: MemorySlot, owner: object, onRelease: () => void) {
    this.slot = slot;
    this.epoch = slot.epoch;
    this.owner = owner;
    this.onRelease = onRelease;
  }

  get buffer(): ArrayBuffer {
    return this.slot.epoch === this.epoch ? this.slot.buffer : EMPTY;
  }

  /** Growth moves only the accessible limit; the high-water mark tells the reset what to zero. */
  grow(_oldBytes: number, newBytes: number): boolean {
    const slot = this.slot;
    if (slot.epoch !== this.epoch || newBytes > slot.buffer.byteLength) return false;
    if (newBytes > slot.dirty) slot.dirty = newBytes;
    return true;
  }

  release(): void {
    this.onRelease();
  }

  /** The lease this memory belongs to (keeps it reachable; see the class comment). */
  get lease(): object {
    return this.owner;
  }
}

/** A tenant's view of a pooled `WebAssembly.Memory` (the native backend imports it). */
export class HostSlotBacking implements MemoryBacking {
  readonly wasmMemory: WebAssembly.Memory;
  private readonly slot: HostMemorySlot;
  private readonly epoch: number;
  private readonly owner: object;
  private readonly onRelease: () => void;

  constructor(slot: HostMemorySlot, owner: object, onRelease: () => void) {
    this.slot = slot;
    this.wasmMemory = slot.memory!;
    this.epoch = slot.epoch;
    this.owner = owner;
    this.onRelease = onRelease;
  }

  get buffer(): ArrayBuffer {
    return this.slot.epoch === this.epoch ? this.wasmMemory.buffer : EMPTY;
  }

  grow(oldBytes: number, newBytes: number): boolean {
    if (this.slot.epoch !== this.epoch) return false;
    try {
      this.wasmMemory.grow((newBytes - oldBytes) / PAGE_SIZE);
      return true;
    } catch {
      return false;
    }
  }

  release(): void {
    this.onRelease();
  }

  get lease(): object {
    return this.owner;
  }
}

/**
 * A shared memory (threads): a SharedArrayBuffer cannot be zeroed safely while another agent may
 * still hold it, so shared memories are counted against `totalMemories` but never recycled.
 */
export class SharedBacking implements MemoryBacking {
  readonly wasmMemory: WebAssembly.Memory | null = null;
  readonly buffer: ArrayBuffer;
  private readonly owner: object;
  private readonly onRelease: () => void;

  constructor(bytes: number, owner: object, onRelease: () => void) {
    this.buffer = new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
    this.owner = owner;
    this.onRelease = onRelease;
  }

  grow(_oldBytes: number, newBytes: number): boolean {
    return newBytes <= this.buffer.byteLength;
  }

  release(): void {
    this.onRelease();
  }

  get lease(): object {
    return this.owner;
  }
}
