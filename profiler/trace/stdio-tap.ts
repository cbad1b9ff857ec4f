/**
 * Recognises a WASI write to stdout or stderr (`fd_write` on fd 1 or 2) and gathers the bytes
 * the call reported written (`nwritten` at its out-pointer, read after the call). The recorder
 * hashes them; the replayer emits them, so replayed output comes from the replayed guest's
 * memory, not from the trace.
 */
import { WASI_MODULES } from './wasi-write-regions.js';

export function stdioWrite(module: string, name: string, params: readonly unknown[], mem: { buffer: ArrayBuffer; byteLength: number } | null): { fd: 1 | 2; bytes: Buffer } | null {
  if (mem === null || name !== 'fd_write' || !WASI_MODULES.has(module)) return null;
  const fd = params[0] as number;
  if (fd !== 1 && fd !== 2) return null;
  const dv = new DataView(mem.buffer, 0, mem.byteLength);
  const iovs = (params[1] as number) >>> 0;
  const count = (params[2] as number) >>> 0;
  const nwPtr = (params[3] as number) >>> 0;
  if (nwPtr + 4 > dv.byteLength) return null;
  let total = dv.getUint32(nwPtr, true);
  const parts: Buffer[] = [];
  for (let i = 0; i < count && total > 0; i++) {
    const base = iovs + i * 8;
    if (base + 8 > dv.byteLength) break;
    const ptr = dv.getUint32(base, true);
    const len = Math.min(dv.getUint32(base + 4, true), total, Math.max(0, dv.byteLength - ptr));
    parts.push(Buffer.from(mem.buffer, ptr, len));
    total -= len;
  }
  return { fd, bytes: Buffer.concat(parts) };
}
