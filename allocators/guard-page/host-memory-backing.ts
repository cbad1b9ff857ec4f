import type { MemoryBacking } from '../../kernel/runtime/memory-instance.js';
import { PAGE_SIZE } from '../../kernel/runtime/memory-instance.js';

/**
 * A linear memory as a host `WebAssembly.Memory`, for backends that import it into host-engine
 * code (the native backend). Growth may move it: `buffer` is re-read from the memory each time.
 */
export class HostMemoryBacking implements MemoryBacking {
  readonly wasmMemory: WebAssembly.Memory;

  constructor(initialPages: number, maxPages: number, shared: boolean) {
    this.wasmMemory = new WebAssembly.Memory({
      initial: initialPages,
      maximum: Math.min(maxPages, 65536),
      ...(shared ? { shared: true } : {}),
    });
  }

  get buffer(): ArrayBuffer {
    return this.wasmMemory.buffer;
  }

  grow(oldBytes: number, newBytes: number): boolean {
    try {
      this.wasmMemory.grow((newBytes - oldBytes) / PAGE_SIZE);
      return true;
    } catch {
      return false;
    }
  }

  release(): void {
    // The host engine owns the bytes; dropping the last reference frees them.
  }
}
