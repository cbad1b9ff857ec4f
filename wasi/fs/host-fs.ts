import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import {
  fsError, type DirEntry, type FileKind, type FsFile, type FsStat, type OpenOptions,
  type TimeSpec, type WasiFileSystem,
} from './filesystem.js';

const C = fs.constants;

function kindOf(s: fs.Stats | fs.BigIntStats | fs.Dirent): FileKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isCharacterDevice()) return 'char';
  if (s.isBlockDevice()) return 'block';
  if (s.isSocket()) return 'socket';
  if (s.isFIFO()) return 'fifo';
  return 'unknown';
}

function toStat(s: fs.BigIntStats): FsStat {
  return {
    dev: s.dev, ino: s.ino, kind: kindOf(s), nlink: s.nlink, size: s.size,
    atimNs: s.atimeNs, mtimNs: s.mtimeNs, ctimNs: s.ctimeNs,
  };
}

/** Seconds as Node's utimes wants them; `null` keeps `current`. */
function timeArg(t: TimeSpec, currentNs: bigint): number {
  if (t === 'now') return Date.now() / 1000;
  const ns = t === null ? currentNs : t;
  return Number(ns / 1000n) / 1e6;
}

class HostFile implements FsFile {
  private readonly fd: number;
  private readonly append: boolean;

  constructor(fd: number, append: boolean) {
    this.fd = fd;
    this.append = append;
  }

  read(buf: Uint8Array, off: number, len: number, position: number): number {
    return fs.readSync(this.fd, buf, off, len, position);
  }

  write(buf: Uint8Array, off: number, len: number, position: number): number {
    if (position < 0) {
      // O_APPEND makes the kernel place the write at the end; without it (append turned on
      // later through fd_fdstat_set_flags, which Node cannot fcntl) write at the current end.
      return this.append
        ? fs.writeSync(this.fd, buf, off, len, null)
        : fs.writeSync(this.fd, buf, off, len, Number(fs.fstatSync(this.fd, { bigint: true }).size));
    }
    return fs.writeSync(this.fd, buf, off, len, position);
  }

  stat(): FsStat { return toStat(fs.fstatSync(this.fd, { bigint: true })); }
  setSize(size: number): void { fs.ftruncateSync(this.fd, size); }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    const s = fs.fstatSync(this.fd, { bigint: true });
    fs.futimesSync(this.fd, timeArg(atim, s.atimeNs), timeArg(mtim, s.mtimeNs));
  }

  allocate(offset: number, len: number): void {
    // No posix_fallocate in Node: extending the size gives the same guarantee for reads.
    const size = Number(fs.fstatSync(this.fd, { bigint: true }).size);
    if (offset + len > size) fs.ftruncateSync(this.fd, offset + len);
  }

  sync(): void { fs.fsyncSync(this.fd); }
  datasync(): void { fs.fdatasyncSync(this.fd); }
  close(): void { fs.closeSync(this.fd); }
}

/**
 * The host filesystem below one preopened directory. It trusts its paths to be sandbox-
 * resolved (see path-resolver.ts) and only joins them to the root; the final component is
 * opened with O_NOFOLLOW when the guest asked not to follow, so a symlink swapped in after
 * resolution is refused rather than followed.
 */
export class HostFileSystem implements WasiFileSystem {
  readonly kind = 'host' as const;
  readonly root: string;

  constructor(hostDir: string) {
    this.root = fs.realpathSync(hostDir);
    if (!fs.statSync(this.root).isDirectory()) throw fsError('ENOTDIR', hostDir);
  }

  full(path: string): string {
    return path === '' ? this.root : this.root + nodePath.sep + path;
  }

  lstat(path: string): FsStat { return toStat(fs.lstatSync(this.full(path), { bigint: true })); }

  kindOf(path: string): FileKind | null {
    // Number stats without throwing on ENOENT are several times cheaper than BigInt ones.
    const s = fs.lstatSync(this.full(path), { throwIfNoEntry: false });
    return s === undefined ? null : kindOf(s);
  }

  readlink(path: string): string {
    return fs.readlinkSync(this.full(path), { encoding: 'buffer' }).toString('utf8');
  }

  open(path: string, o: OpenOptions): FsFile {
    let flags = o.read && o.write ? C.O_RDWR : o.write ? C.O_WRONLY : C.O_RDONLY;
    if (o.create) flags |= C.O_CREAT;
    if (o.exclusive) flags |= C.O_EXCL;
    if (o.truncate) flags |= C.O_TRUNC;
    if (o.append) flags |= C.O_APPEND;
    if (o.nofollow) flags |= C.O_NOFOLLOW;
    if (o.sync) flags |= C.O_SYNC;
    return new HostFile(fs.openSync(this.full(path), flags, 0o666), o.append);
  }

  readdir(path: string): DirEntry[] {
    const dir = this.full(path);
    const out: DirEntry[] = [];
    for (const d of fs.readdirSync(dir, { withFileTypes: true, encoding: 'utf8' })) {
      let ino = 0n;
      try { ino = fs.lstatSync(dir + nodePath.sep + d.name, { bigint: true }).ino; } catch { /* raced away */ }
      out.push({ name: d.name, kind: kindOf(d), ino });
    }
    return out;
  }

  mkdir(path: string): void { fs.mkdirSync(this.full(path), 0o777); }
  rmdir(path: string): void { fs.rmdirSync(this.full(path)); }

  unlink(path: string): void {
    try {
      fs.unlinkSync(this.full(path));
    } catch (e) {
      // Linux says EISDIR for a directory, some systems EPERM: report EISDIR everywhere.
      if ((e as { code?: string }).code === 'EPERM' && fs.lstatSync(this.full(path)).isDirectory()) throw fsError('EISDIR', path);
      throw e;
    }
  }

  rename(from: string, to: string): void { fs.renameSync(this.full(from), this.full(to)); }
  link(from: string, to: string): void { fs.linkSync(this.full(from), this.full(to)); }
  symlink(target: string, path: string): void { fs.symlinkSync(target, this.full(path)); }

  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    const p = this.full(path);
    const s = fs.lstatSync(p, { bigint: true });
    fs.lutimesSync(p, timeArg(atim, s.atimeNs), timeArg(mtim, s.mtimeNs));
  }

  truncate(path: string, size: number): void { fs.truncateSync(this.full(path), size); }
}
