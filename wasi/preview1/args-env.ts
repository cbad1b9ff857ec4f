import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import type { WasiContext } from './wasi-context.js';

/** Writes a list of NUL-terminated strings: pointers into `ptrs`, bytes into `buf`. */
function writeList(ctx: WasiContext, list: readonly Uint8Array[], ptrs: number, buf: number): void {
  const m = ctx.mem;
  let at = buf >>> 0;
  for (let i = 0; i < list.length; i++) {
    m.setU32(ptrs + i * 4, at);
    m.write(at, list[i]);
    m.setU8(at + list[i].length, 0);
    at += list[i].length + 1;
  }
}

function sizes(ctx: WasiContext, list: readonly Uint8Array[], countPtr: number, sizePtr: number): void {
  let size = 0;
  for (const s of list) size += s.length + 1;
  ctx.mem.setU32(countPtr, list.length);
  ctx.mem.setU32(sizePtr, size);
}

/** args_get, args_sizes_get, environ_get, environ_sizes_get: only what the embedder granted. */
export function argsEnvImports(ctx: WasiContext): Record<string, HostFunction> {
  return {
    args_get(caller, argv: number, buf: number): number {
      try { ctx.mem.bind(caller); writeList(ctx, ctx.args, argv, buf); return 0; } catch (e) { return ctx.errno(e); }
    },
    args_sizes_get(caller, count: number, size: number): number {
      try { ctx.mem.bind(caller); sizes(ctx, ctx.args, count, size); return 0; } catch (e) { return ctx.errno(e); }
    },
    environ_get(caller, envp: number, buf: number): number {
      try { ctx.mem.bind(caller); writeList(ctx, ctx.env, envp, buf); return 0; } catch (e) { return ctx.errno(e); }
    },
    environ_sizes_get(caller, count: number, size: number): number {
      try { ctx.mem.bind(caller); sizes(ctx, ctx.env, count, size); return 0; } catch (e) { return ctx.errno(e); }
    },
  };
}
