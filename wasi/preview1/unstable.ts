import type { FsStat } from '../fs/filesystem.js';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Lookupflags, Rights, Whence } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import { FdKind } from './fd-table.js';
import { filetypeOf } from './fd-table.js';
import { fdFiletype, fdStat, seek } from './fd-ops.js';
import type { GuestMemory } from './memory.js';
import { pollOneoff, type SubscriptionLayout } from './poll.js';
import { resolvePath } from '../fs/path-resolver.js';
import type { WasiContext } from './wasi-context.js';

/**
 * `wasi_unstable` (snapshot 0) differs from preview1 only in layouts, so it reuses every
 * preview1 import except these: filestat has a u32 `nlink` (56 bytes instead of 64), `whence`
 * is numbered CUR=0, END=1, SET=2, and a clock subscription carries an extra u64 `identifier`
 * before the clock id (56-byte subscriptions). Dirent, fdstat, prestat, iovec and event are
 * identical, and it has no sock_accept.
 */
export const UNSTABLE_SUBSCRIPTION: SubscriptionLayout = { size: 56, clockId: 24, timeout: 32, flags: 48, fd: 16 };

/** Snapshot-0 filestat: dev, ino, filetype u8 @16, nlink u32 @20, size @24, atim @32, mtim @40, ctim @48. */
export function writeFilestatUnstable(m: GuestMemory, ptr: number, st: FsStat, filetype: number): void {
  m.check(ptr, 56);
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU32(ptr + 16, filetype);
  m.setU32(ptr + 20, Number(st.nlink > 0xffffffffn ? 0xffffffffn : st.nlink));
  m.setU64(ptr + 24, st.size);
  m.setU64(ptr + 32, st.atimNs);
  m.setU64(ptr + 40, st.mtimNs);
  m.setU64(ptr + 48, st.ctimNs);
}

const UNSTABLE_WHENCE = [Whence.CUR, Whence.END, Whence.SET];

export function unstableOverrides(ctx: WasiContext): Record<string, HostFunction> {
  const fds = ctx.fds;
  return {
    fd_filestat_get(caller, fd: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_FILESTAT_GET);
        const st = fdStat(e);
        writeFilestatUnstable(m, out, st, fdFiletype(e, st));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_filestat_get(caller, fd: number, flags: number, p: number, len: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const dir = fds.dir(fd, Rights.PATH_FILESTAT_GET);
        const r = resolvePath(dir.fs!, dir.path, m.string(p, len), (flags & Lookupflags.SYMLINK_FOLLOW) !== 0);
        const st = r.stat ?? dir.fs!.lstat(r.path);
        writeFilestatUnstable(m, out, st, filetypeOf(st.kind));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_seek(caller, fd: number, offset: bigint, whence: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        if (e.kind !== FdKind.FILE) throw new WasiErrno(e.kind === FdKind.DIR ? Errno.ISDIR : Errno.SPIPE);
        const w = UNSTABLE_WHENCE[whence];
        if (w === undefined) return Errno.INVAL;
        fds.checked(fd, offset === 0n && w === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK);
        m.setU64n(out, seek(e, offset, w));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    poll_oneoff(caller, inPtr: number, outPtr: number, n: number, outN: number): number {
      try {
        const m = ctx.mem.bind(caller);
        m.check(outN, 4);
        m.setU32(outN, pollOneoff(ctx, inPtr, outPtr, n >>> 0, UNSTABLE_SUBSCRIPTION));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
  };
}
