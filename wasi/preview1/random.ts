import { randomFillSync } from 'node:crypto';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import type { WasiContext } from './wasi-context.js';

/** Default random source: the operating system CSPRNG through node:crypto. */
export function cryptoRandom(buf: Uint8Array): void {
  // randomFillSync is limited to 2^31-1 bytes per call; chunk to stay under it.
  for (let off = 0; off < buf.length; off += 1 << 30) randomFillSync(buf.subarray(off, Math.min(buf.length, off + (1 << 30))));
}

export function randomImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    random_get(caller, ptr: number, len: number): number {
      try { ctx.random(ctx.mem.bind(caller).bytes(ptr, len)); return 0; } catch (e) { return ctx.errno(e); }
    },
  };
}
