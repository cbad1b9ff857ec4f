import type { FsStat, WasiFileSystem } from '../fs/filesystem.js';
import { fsError } from '../fs/filesystem.js';
import { resolvePath, type ResolvedPath } from '../fs/path-resolver.js';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import { Fdflags, Lookupflags, Oflags, Rights, RIGHTS_ALL, RIGHTS_DIR_BASE, RIGHTS_FILE_BASE } from './constants.js';
import { Errno, WasiErrno } from './errno.js';
import { FdEntry, FdKind, filetypeOf } from './fd-table.js';
import { timeSpecs, writeFilestat } from './fd-ops.js';
import type { WasiContext } from './wasi-context.js';

function resolveAt(dir: FdEntry, path: string, follow: boolean): ResolvedPath {
  return resolvePath(dir.fs!, dir.path, path, follow);
}

function tryLstat(fs: WasiFileSystem, path: string): FsStat | undefined {
  try {
    return fs.lstat(path);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

function mutable(dir: FdEntry): void {
  if (dir.readonly) throw new WasiErrno(Errno.PERM);
}

function lowRights(v: bigint): number {
  return Number(BigInt.asUintN(64, v) & BigInt(RIGHTS_ALL));
}

/** path_open: the whole oflags/fdflags/rights matrix, inside the sandbox. */
export function pathOpen(ctx: WasiContext, dirFd: number, dirflags: number, path: string, oflags: number,
  base: bigint, inheriting: bigint, fdflags: number): number {
  const dir = ctx.fds.dir(dirFd, Rights.PATH_OPEN);
  if (oflags & ~0xf || fdflags & ~0x1f) throw new WasiErrno(Errno.INVAL);
  const creat = (oflags & Oflags.CREAT) !== 0;
  const excl = (oflags & Oflags.EXCL) !== 0;
  const trunc = (oflags & Oflags.TRUNC) !== 0;
  const wantDir = (oflags & Oflags.DIRECTORY) !== 0;
  if (creat && (dir.rightsBase & Rights.PATH_CREATE_FILE) === 0) throw new WasiErrno(Errno.NOTCAPABLE);
  if (trunc && (dir.rightsBase & Rights.PATH_FILESTAT_SET_SIZE) === 0) throw new WasiErrno(Errno.NOTCAPABLE);
  const requested = lowRights(base);
  const wantsWrite = (requested & (Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE)) !== 0 ||
    trunc || (fdflags & Fdflags.APPEND) !== 0;
  const follow = (dirflags & Lookupflags.SYMLINK_FOLLOW) !== 0 && !(creat && excl);
  const fs = dir.fs!;
  const r = resolveAt(dir, path, follow);
  const st = r.stat ?? tryLstat(fs, r.path);
  const rBase = requested & dir.rightsInheriting;
  const rInh = lowRights(inheriting) & dir.rightsInheriting;

  if (st !== undefined && st.kind === 'symlink') {
    if (creat && excl) throw new WasiErrno(Errno.EXIST);
    throw new WasiErrno(wantDir ? Errno.NOTDIR : Errno.LOOP);
  }
  if (st !== undefined && st.kind === 'dir') {
    if (creat && excl) throw new WasiErrno(Errno.EXIST);
    if (wantsWrite && (requested & Rights.FD_WRITE || trunc)) throw new WasiErrno(Errno.ISDIR);
    const e = new FdEntry(FdKind.DIR, filetypeOf('dir'), rBase & RIGHTS_DIR_BASE, rInh);
    e.fs = fs;
    e.path = r.path;
    e.readonly = dir.readonly;
    e.flags = fdflags;
    return ctx.fds.add(e);
  }
  if (st === undefined) {
    if (!creat) throw new WasiErrno(Errno.NOENT);
    if (wantDir) throw new WasiErrno(Errno.INVAL);
    if (r.trailingSlash) throw new WasiErrno(Errno.ISDIR);
    mutable(dir);
  } else {
    if (wantDir || r.trailingSlash) throw new WasiErrno(Errno.NOTDIR);
    if (creat && excl) throw new WasiErrno(Errno.EXIST);
  }
  if (wantsWrite) mutable(dir);
  const read = (requested & (Rights.FD_READ | Rights.FD_READDIR)) !== 0 || !wantsWrite;
  const file = fs.open(r.path, {
    read, write: wantsWrite, create: creat, exclusive: excl, truncate: trunc,
    append: (fdflags & Fdflags.APPEND) !== 0, nofollow: !follow,
    sync: (fdflags & (Fdflags.SYNC | Fdflags.DSYNC | Fdflags.RSYNC)) !== 0,
  });
  let rights = rBase & RIGHTS_FILE_BASE;
  if (!read) rights &= ~Rights.FD_READ;
  if (!wantsWrite) rights &= ~(Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE);
  const kind = st === undefined ? 'file' : st.kind;
  const e = new FdEntry(FdKind.FILE, filetypeOf(kind), rights, rInh);
  e.fs = fs;
  e.path = r.path;
  e.readonly = dir.readonly;
  e.file = file;
  e.flags = fdflags;
  return ctx.fds.add(e);
}

/** Fills `buf` with dirents from `cookie` (d_next = index of the following entry). */
export function readdir(ctx: WasiContext, fd: number, buf: number, bufLen: number, cookie: bigint): number {
  const e = ctx.fds.checked(fd, Rights.FD_READDIR);
  if (e.kind !== FdKind.DIR) throw new WasiErrno(Errno.NOTDIR);
  const m = ctx.mem;
  if (cookie === 0n || e.dirCache === null) {
    const self = e.fs!.lstat(e.path);
    const parent = e.path === '' ? self : e.fs!.lstat(e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/')) : '');
    e.dirCache = [{ name: '.', kind: 'dir', ino: self.ino }, { name: '..', kind: 'dir', ino: parent.ino }, ...e.fs!.readdir(e.path)];
  }
  const list = e.dirCache;
  const start = BigInt.asUintN(64, cookie);
  let used = 0;
  const end = bufLen >>> 0;
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  for (let i = Number(start > BigInt(list.length) ? BigInt(list.length) : start); i < list.length && used < end; i++) {
    const ent = list[i];
    const name = Buffer.from(ent.name);
    hv.setBigUint64(0, BigInt(i + 1), true);
    hv.setBigUint64(8, ent.ino, true);
    hv.setUint32(16, name.length, true);
    hv.setUint32(20, filetypeOf(ent.kind), true);
    used += m.write(buf + used, header, end - used);
    if (used < end) used += m.write(buf + used, name, end - used);
  }
  return used;
}

export function pathImports(ctx: WasiContext): Record<string, HostFunction> {
  const fds = ctx.fds;
  return {
    fd_readdir(caller, fd: number, buf: number, len: number, cookie: bigint, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        m.setU32(out, readdir(ctx, fd, buf, len, cookie));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_create_directory(caller, fd: number, p: number, len: number): number {
      try {
        const path = ctx.mem.bind(caller).string(p, len);
        const dir = fds.dir(fd, Rights.PATH_CREATE_DIRECTORY);
        mutable(dir);
        const r = resolveAt(dir, path, false);
        if (r.path === dir.path) return Errno.EXIST;
        dir.fs!.mkdir(r.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_filestat_get(caller, fd: number, flags: number, p: number, len: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const dir = fds.dir(fd, Rights.PATH_FILESTAT_GET);
        const r = resolveAt(dir, m.string(p, len), (flags & Lookupflags.SYMLINK_FOLLOW) !== 0);
        const st = r.stat ?? dir.fs!.lstat(r.path);
        writeFilestat(m, out, st, filetypeOf(st.kind));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_filestat_set_times(caller, fd: number, flags: number, p: number, len: number, atim: bigint, mtim: bigint, fst: number): number {
      try {
        const path = ctx.mem.bind(caller).string(p, len);
        const dir = fds.dir(fd, Rights.PATH_FILESTAT_SET_TIMES);
        const [a, m] = timeSpecs(atim, mtim, fst);
        mutable(dir);
        const r = resolveAt(dir, path, (flags & Lookupflags.SYMLINK_FOLLOW) !== 0);
        dir.fs!.setTimes(r.path, a, m);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_link(caller, oldFd: number, oldFlags: number, op: number, olen: number, newFd: number, np: number, nlen: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const oldPath = m.string(op, olen), newPath = m.string(np, nlen);
        const src = fds.dir(oldFd, Rights.PATH_LINK_SOURCE);
        const dst = fds.dir(newFd, Rights.PATH_LINK_TARGET);
        mutable(src); mutable(dst);
        const s = resolveAt(src, oldPath, (oldFlags & Lookupflags.SYMLINK_FOLLOW) !== 0);
        const d = resolveAt(dst, newPath, false);
        if (src.fs !== dst.fs) return Errno.XDEV;
        if (d.trailingSlash) throw fsError(tryLstat(dst.fs!, d.path) ? 'EEXIST' : 'ENOENT');
        src.fs!.link(s.path, d.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_open(caller, fd: number, dirflags: number, p: number, len: number, oflags: number, base: bigint, inh: bigint, fdflags: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        m.check(out, 4);
        m.setU32(out, pathOpen(ctx, fd, dirflags, m.string(p, len), oflags, base, inh, fdflags));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_readlink(caller, fd: number, p: number, len: number, buf: number, bufLen: number, out: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const dir = fds.dir(fd, Rights.PATH_READLINK);
        const r = resolveAt(dir, m.string(p, len), false);
        const target = Buffer.from(dir.fs!.readlink(r.path));
        m.check(buf, Math.min(target.length, bufLen >>> 0));
        m.setU32(out, m.write(buf, target, bufLen >>> 0));
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_remove_directory(caller, fd: number, p: number, len: number): number {
      try {
        const path = ctx.mem.bind(caller).string(p, len);
        const dir = fds.dir(fd, Rights.PATH_REMOVE_DIRECTORY);
        mutable(dir);
        const r = resolveAt(dir, path, false);
        if (r.path === dir.path) return Errno.INVAL;
        dir.fs!.rmdir(r.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_rename(caller, fd: number, op: number, olen: number, newFd: number, np: number, nlen: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const oldPath = m.string(op, olen), newPath = m.string(np, nlen);
        const src = fds.dir(fd, Rights.PATH_RENAME_SOURCE);
        const dst = fds.dir(newFd, Rights.PATH_RENAME_TARGET);
        mutable(src); mutable(dst);
        const s = resolveAt(src, oldPath, false);
        const d = resolveAt(dst, newPath, false);
        if (src.fs !== dst.fs) return Errno.XDEV;
        if (s.path === src.path || d.path === dst.path) return Errno.BUSY;
        if (s.trailingSlash || d.trailingSlash) {
          const st = src.fs!.lstat(s.path);
          if (st.kind !== 'dir') return Errno.NOTDIR;
        }
        src.fs!.rename(s.path, d.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_symlink(caller, op: number, olen: number, fd: number, np: number, nlen: number): number {
      try {
        const m = ctx.mem.bind(caller);
        const target = m.string(op, olen), newPath = m.string(np, nlen);
        const dir = fds.dir(fd, Rights.PATH_SYMLINK);
        mutable(dir);
        // The target is only text: storing an escaping target is harmless, following it is refused.
        const d = resolveAt(dir, newPath, false);
        if (d.trailingSlash) throw fsError(tryLstat(dir.fs!, d.path) ? 'EEXIST' : 'ENOENT');
        if (target.length === 0) return Errno.NOENT;
        dir.fs!.symlink(target, d.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
    path_unlink_file(caller, fd: number, p: number, len: number): number {
      try {
        const path = ctx.mem.bind(caller).string(p, len);
        const dir = fds.dir(fd, Rights.PATH_UNLINK_FILE);
        mutable(dir);
        const r = resolveAt(dir, path, false);
        if (r.trailingSlash) {
          const st = r.stat ?? dir.fs!.lstat(r.path);
          return st.kind === 'dir' ? Errno.ISDIR : Errno.NOTDIR;
        }
        dir.fs!.unlink(r.path);
        return 0;
      } catch (err) { return ctx.errno(err); }
    },
  };
}
