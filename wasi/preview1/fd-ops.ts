import type { FsStat, TimeSpec } from '../fs/filesystem.js';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Advice, Fdflags, Fstflags, Rights, Whence } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import { FdKind, type FdEntry } from './fd-table.js';
import { filetypeOf } from './fd-table.js';
import type { GuestMemory } from './memory.js';
import type { WasiContext } from './wasi-context.js';

const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** Status of whatever an fd refers to (stdio and sockets get a synthetic one). */
export function fdStat(e: FdEntry): FsStat {
  if (e.kind === FdKind.FILE) return e.file!.stat();
  if (e.kind === FdKind.DIR) return e.fs!.lstat(e.path);
  return { dev: 0n, ino: 0n, kind: 'unknown', nlink: 1n, size: 0n, atimNs: 0n, mtimNs: 0n, ctimNs: 0n };
}

/** Filetype reported for `e` (stdio, sockets and listeners have no inode to ask). */
export function fdFiletype(e: FdEntry, st: FsStat): number {
  if (e.kind === FdKind.FILE || e.kind === FdKind.DIR) return filetypeOf(st.kind);
  return e.filetype;
}

/** preview1 filestat: dev, ino, filetype u8 @16, nlink u64 @24, size @32, atim @40, mtim @48, ctim @56. */
export function writeFilestat(m: GuestMemory, ptr: number, st: FsStat, filetype: number): void {
  m.check(ptr, 64);
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU64n(ptr + 16, 0);
  m.setU8(ptr + 16, filetype);
  m.setU64(ptr + 24, st.nlink);
  m.setU64(ptr + 32, st.size);
  m.setU64(ptr + 40, st.atimNs);
  m.setU64(ptr + 48, st.mtimNs);
  m.setU64(ptr + 56, st.ctimNs);
}

/** Validates fstflags and turns them into the filesystem's time specs. */
export function timeSpecs(atim: bigint, mtim: bigint, fst: number): [TimeSpec, TimeSpec] {
  if (fst & ~0xf) throw new WasiErrno(Errno.INVAL);
  if ((fst & Fstflags.ATIM) && (fst & Fstflags.ATIM_NOW)) throw new WasiErrno(Errno.INVAL);
  if ((fst & Fstflags.MTIM) && (fst & Fstflags.MTIM_NOW)) throw new WasiErrno(Errno.INVAL);
  const a: TimeSpec = fst & Fstflags.ATIM_NOW ? 'now' : fst & Fstflags.ATIM ? BigInt.asUintN(64, atim) : null;
  const m: TimeSpec = fst & Fstflags.MTIM_NOW ? 'now' : fst & Fstflags.MTIM ? BigInt.asUintN(64, mtim) : null;
  return [a, m];
}

function u64(v: bigint): number {
  const n = BigInt.asUintN(64, v);
  if (n > BigInt(MAX_OFFSET)) throw new WasiErrno(Errno.FBIG);
  return Number(n);
}

function notFile(e: FdEntry): never {
  if (e.kind === FdKind.DIR) throw new WasiErrno(Errno.ISDIR);
  throw new WasiErrno(Errno.SPIPE);
}

/** Reads into the iovecs from `e` at `position` (-1: the fd's offset, advanced). */
export function readv(ctx: WasiContext, e: FdEntry, iovs: number, count: number, position: number): number {
  const m = ctx.mem;
  let total = 0;
  if (e.kind === FdKind.FILE) {
    let pos = position < 0 ? e.position : position;
    for (let i = 0; i < count; i++) {
      const ptr = m.u32(iovs + i * 8);
      const len = m.u32(iovs + i * 8 + 4);
      if (len === 0) continue;
      const p = m.check(ptr, len);
      const n = e.file!.read(m.u8, p, len, pos);
      pos += n;
      total += n;
      if (n < len) break;
    }
    if (position < 0) e.position = pos;
    return total;
  }
  if (position >= 0) notFile(e);
  if (e.kind === FdKind.STDIO) {
    // One read from a stream: blocking for more once some data arrived would hang interactive use.
    for (let i = 0; i < count; i++) {
      const len = m.u32(iovs + i * 8 + 4);
      if (len === 0) continue;
      return e.stream!.read(m.bytes(m.u32(iovs + i * 8), len));
    }
    return 0;
  }
  if (e.kind === FdKind.SOCKET) return ctx.sockets!.recvv(ctx, e, iovs, count, 0);
  throw new WasiErrno(e.kind === FdKind.DIR ? Errno.ISDIR : Errno.BADF);
}

/** Writes the iovecs to `e` at `position` (-1: the fd's offset, or the end under APPEND). */
export function writev(ctx: WasiContext, e: FdEntry, iovs: number, count: number, position: number): number {
  const m = ctx.mem;
  let total = 0;
  if (e.kind === FdKind.FILE) {
    const append = position < 0 && (e.flags & Fdflags.APPEND) !== 0;
    let pos = append ? -1 : position < 0 ? e.position : position;
    for (let i = 0; i < count; i++) {
      const ptr = m.u32(iovs + i * 8);
      const len = m.u32(iovs + i * 8 + 4);
      if (len === 0) continue;
      const n = e.file!.write(m.u8, m.check(ptr, len), len, pos);
      if (pos >= 0) pos += n;
      total += n;
    }
    if (position < 0) e.position = append ? Number(e.file!.stat().size) : pos;
    return total;
  }
  if (position >= 0) notFile(e);
  if (e.kind === FdKind.STDIO) {
    for (let i = 0; i < count; i++) {
      const len = m.u32(iovs + i * 8 + 4);
      if (len === 0) continue;
      total += e.stream!.write(m.u8, m.check(m.u32(iovs + i * 8), len), len);
    }
    return total;
  }
  if (e.kind === FdKind.SOCKET) return ctx.sockets!.sendv(ctx, e, iovs, count);
  throw new WasiErrno(e.kind === FdKind.DIR ? Errno.ISDIR : Errno.BADF);
}

/** Closes what `e` holds (files, sockets); directories and stdio hold nothing. */
export function closeEntry(ctx: WasiContext, e: FdEntry): void {
  if (e.file !== null) e.file.close();
  if ((e.kind === FdKind.SOCKET || e.kind === FdKind.LISTENER) && ctx.sockets !== null) ctx.sockets.close(e);
}

/** New offset for fd_seek; `whence` already in preview1 numbering. */
export function seek(e: FdEntry, offset: bigint, whence: number): number {
  if (e.kind !== FdKind.FILE) notFile(e);
  const off = Number(BigInt.asIntN(64, offset));
  let base: number;
  switch (whence) {
    case Whence.SET: base = 0; break;
    case Whence.CUR: base = e.position; break;
    case Whence.END: base = Number(e.file!.stat().size); break;
    default: throw new WasiErrno(Errno.INVAL);
  }
  const pos = base + off;
  if (pos < 0 || !Number.isSafeInteger(pos)) throw new WasiErrno(Errno.INVAL);
  e.position = pos;
  return pos;
}

export function fdImports(ctx: WasiContext): Record<string, HostFunction> {
  const fds = ctx.fds;
  return {
    fd_advise(caller, fd: number, _off: bigint, _len: bigint, advice: number): number {
      try {
        const e = fds.checked(fd, Rights.FD_ADVISE);
        if (advice < Advice.NORMAL || advice > Advice.NOREUSE) return Errno.INVAL;
        if (e.kind !== FdKind.FILE) notFile(e);
        return 0; // advice is a hint; Node offers no posix_fadvise
      } catch (err) { return ctx.errno(err); }
    },
    fd_allocate(caller, fd: number, off: bigint, len: bigint): number {
      try {
        const e = fds.checked(fd, Rights.FD_ALLOCATE);
        if (e.kind !== FdKind.FILE) notFile(e);
        e.file!.allocate(u64(off), u64(len));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_close(caller, fd: number): number {
      try { closeEntry(ctx, fds.remove(fd)); return 0; } catch (err) { return ctx.errno(err); }
    },
    fd_datasync(caller, fd: number): number {
      try {
        const e = fds.checked(fd, Rights.FD_DATASYNC);
        if (e.kind === FdKind.FILE) e.file!.datasync();
        else if (e.kind !== FdKind.DIR) return Errno.INVAL;
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_sync(caller, fd: number): number {
      try {
        const e = fds.checked(fd, Rights.FD_SYNC);
        if (e.kind === FdKind.FILE) e.file!.sync();
        else if (e.kind !== FdKind.DIR) return Errno.INVAL;
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_fdstat_get(caller, fd: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        m.check(out, 24);
        m.setU64n(out, 0);
        m.setU8(out, e.filetype);
        m.setU16(out + 2, e.flags);
        m.setU64n(out + 8, e.rightsBase);
        m.setU64n(out + 16, e.rightsInheriting);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_fdstat_set_flags(caller, fd: number, flags: number): number {
      try {
        const e = fds.checked(fd, Rights.FD_FDSTAT_SET_FLAGS);
        if (flags & ~0x1f) return Errno.INVAL;
        if (e.readonly && (flags & Fdflags.APPEND)) return Errno.PERM;
        e.flags = flags;
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_fdstat_set_rights(caller, fd: number, base: bigint, inheriting: bigint): number {
      try {
        const e = fds.get(fd);
        const b = BigInt.asUintN(64, base), i = BigInt.asUintN(64, inheriting);
        if ((b & ~BigInt(e.rightsBase)) !== 0n || (i & ~BigInt(e.rightsInheriting)) !== 0n) return Errno.NOTCAPABLE;
        e.rightsBase = Number(b);
        e.rightsInheriting = Number(i);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_filestat_get(caller, fd: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_FILESTAT_GET);
        const st = fdStat(e);
        writeFilestat(m, out, st, fdFiletype(e, st));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_filestat_set_size(caller, fd: number, size: bigint): number {
      try {
        const e = fds.checked(fd, Rights.FD_FILESTAT_SET_SIZE);
        if (e.kind !== FdKind.FILE) return e.kind === FdKind.DIR ? Errno.ISDIR : Errno.INVAL;
        e.file!.setSize(u64(size));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_filestat_set_times(caller, fd: number, atim: bigint, mtim: bigint, fst: number): number {
      try {
        const e = fds.checked(fd, Rights.FD_FILESTAT_SET_TIMES);
        const [a, mt] = timeSpecs(atim, mtim, fst);
        if (e.readonly) return Errno.PERM;
        if (e.kind === FdKind.FILE) e.file!.setTimes(a, mt);
        else if (e.kind === FdKind.DIR) e.fs!.setTimes(e.path, a, mt);
        else return Errno.BADF;
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_pread(caller, fd: number, iovs: number, count: number, offset: bigint, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_READ | Rights.FD_SEEK);
        if (e.kind !== FdKind.FILE) notFile(e);
        m.setU32(out, readv(ctx, e, iovs, count, u64(offset)));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_pwrite(caller, fd: number, iovs: number, count: number, offset: bigint, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_WRITE | Rights.FD_SEEK);
        if (e.kind !== FdKind.FILE) notFile(e);
        m.setU32(out, writev(ctx, e, iovs, count, u64(offset)));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_read(caller, fd: number, iovs: number, count: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_READ);
        m.setU32(out, readv(ctx, e, iovs, count, -1));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_write(caller, fd: number, iovs: number, count: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.checked(fd, Rights.FD_WRITE);
        m.setU32(out, writev(ctx, e, iovs, count, -1));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_prestat_get(caller, fd: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        if (e.preopen === null) return Errno.BADF;
        m.check(out, 8);
        m.setU32(out, 0); // tag: preopentype dir
        m.setU32(out + 4, Buffer.byteLength(e.preopen));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_prestat_dir_name(caller, fd: number, path: number, len: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        if (e.preopen === null) return Errno.BADF;
        const name = Buffer.from(e.preopen);
        if (len >>> 0 < name.length) return Errno.NAMETOOLONG;
        m.write(path, name);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_renumber(caller, from: number, to: number): number {
      try {
        const e = fds.get(from);
        const old = fds.get(to);
        if (from === to) return 0;
        closeEntry(ctx, old);
        fds.set(to, e);
        fds.remove(from);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_seek(caller, fd: number, offset: bigint, whence: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        if (e.kind !== FdKind.FILE) notFile(e);
        // A pure tell (offset 0 from CUR) only needs FD_TELL.
        fds.checked(fd, offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK);
        m.setU64n(out, seek(e, offset, whence));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    fd_tell(caller, fd: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const e = fds.get(fd);
        if (e.kind !== FdKind.FILE) notFile(e);
        fds.checked(fd, Rights.FD_TELL);
        m.setU64n(out, e.position);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
  };
}

