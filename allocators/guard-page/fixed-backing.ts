import type { MemoryBacking } from '../../kernel/runtime/memory-instance.js';

/**
 * A linear memory in one ArrayBuffer reserved up front. Growth within the reservation only
 * moves the accessible limit (`MemoryInstance.byteLength`): the buffer never changes, so
 * backends' views stay valid and stay monomorphic (a fixed-length ArrayBuffer is V8's fast
 * path). The reservation is bounded (see `GuardPageConfig.memoryReservation`): V8 zero-fills
 * and accounts every byte of an ArrayBuffer as external memory, and a multi-GiB one costs a
 * full GC, so reserving all of i32 per memory held instantiation to ~10/s. Growing past the
 * reservation moves the memory into a buffer at least twice as large (capped by the limit),
 * so a guest growing page by page copies O(log n) times; views refresh through
 * `MemoryInstance.generation`.
 */
export class FixedBacking implements MemoryBacking {
  buffer: ArrayBuffer;
  readonly wasmMemory: WebAssembly.Memory | null = null;
  private readonly limitBytes: number;
  private readonly shared: boolean;

  private constructor(buffer: ArrayBuffer, limitBytes: number, shared: boolean) {
    this.buffer = buffer;
    this.limitBytes = limitBytes;
    this.shared = shared;
  }

  /**
   * Reserves `reservation` bytes (never less than `initialBytes`), halving on refusal down to
   * `initialBytes`; `limitBytes` is the most a later grow may ask for. Null when even the
   * initial size cannot be had.
   */
  static reserve(initialBytes: number, reservation: number, limitBytes: number, shared: boolean): FixedBacking | null {
    let size = Math.max(initialBytes, Math.min(reservation, limitBytes));
    for (;;) {
      const buf = tryAllocate(size, shared);
      if (buf) return new FixedBacking(buf, limitBytes, shared);
      if (size === initialBytes) return null;
      size = Math.max(initialBytes, Math.floor(size / 2 / 65536) * 65536);
    }
  }

  /** Bytes reserved (the buffer's length). */
  get reservedBytes(): number {
    return this.buffer.byteLength;
  }

  grow(oldBytes: number, newBytes: number): boolean {
    if (newBytes <= this.buffer.byteLength) return true;
    if (newBytes > this.limitBytes || this.shared) return false;
    // Past the reservation: move, doubling (at most to the limit), else to exactly newBytes.
    const doubled = Math.min(this.limitBytes, Math.max(newBytes, this.buffer.byteLength * 2));
    const next = tryAllocate(doubled, false) ?? (doubled > newBytes ? tryAllocate(newBytes, false) : null);
    if (!next) return false;
    new Uint8Array(next).set(new Uint8Array(this.buffer, 0, oldBytes));
    this.buffer = next;
    return true;
  }

  release(): void {
    // Drop the reservation even if the instance object lives on (later access is out of bounds).
    this.buffer = new ArrayBuffer(0);
  }
}

function tryAllocate(size: number, shared: boolean): ArrayBuffer | null {
  try {
    return shared ? (new SharedArrayBuffer(size) as unknown as ArrayBuffer) : new ArrayBuffer(size);
  } catch {
    return null;
  }
}
