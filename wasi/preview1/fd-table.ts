import type { DirEntry, FsFile, WasiFileSystem } from '../fs/filesystem.js';
import { Errno, WasiErrno } from './errno.js';
import { Filetype } from './constants.js';
import type { StdioStream } from './stdio.js';

export const enum FdKind { STDIO = 0, FILE = 1, DIR = 2, LISTENER = 3, SOCKET = 4 }

/**
 * One open descriptor. Every field is set in the constructor (one hidden class for all kinds,
 * so the hot fd_read/fd_write paths stay monomorphic).
 */
export class FdEntry {
  kind: FdKind;
  filetype: number;
  rightsBase: number;
  rightsInheriting: number;
  /** fdflags (APPEND, DSYNC, NONBLOCK, RSYNC, SYNC). */
  flags: number;
  /** Filesystem of a file or directory. */
  fs: WasiFileSystem | null;
  /** Root-relative path of a directory (or of a file when it was opened). */
  path: string;
  /** Guest name when this fd is a preopened directory. */
  preopen: string | null;
  /** Lives under a read-only preopen: every mutation is EPERM. */
  readonly: boolean;
  file: FsFile | null;
  /** Offset of a file for fd_read/fd_write/fd_seek. */
  position: number;
  stream: StdioStream | null;
  /** Socket bridge id of a listener or connection. */
  socketId: number;
  /** Directory listing snapshot taken at cookie 0, so later cookies index a stable list. */
  dirCache: DirEntry[] | null;

  constructor(kind: FdKind, filetype: number, rightsBase: number, rightsInheriting: number) {
    this.kind = kind;
    this.filetype = filetype;
    this.rightsBase = rightsBase;
    this.rightsInheriting = rightsInheriting;
    this.flags = 0;
    this.fs = null;
    this.path = '';
    this.preopen = null;
    this.readonly = false;
    this.file = null;
    this.position = 0;
    this.stream = null;
    this.socketId = -1;
    this.dirCache = null;
  }
}

/** The guest's descriptor table: lowest free number first, like POSIX. */
export class FdTable {
  private readonly entries: (FdEntry | undefined)[] = [];

  get(fd: number): FdEntry {
    const e = this.entries[fd];
    if (e === undefined) throw new WasiErrno(Errno.BADF);
    return e;
  }

  /** The entry if `fd` is open and holds every right in `rights`; EBADF / ENOTCAPABLE otherwise. */
  checked(fd: number, rights: number): FdEntry {
    const e = this.entries[fd];
    if (e === undefined) throw new WasiErrno(Errno.BADF);
    if ((e.rightsBase & rights) !== rights) throw new WasiErrno(Errno.NOTCAPABLE);
    return e;
  }

  /** A directory entry holding `rights`; ENOTDIR for other kinds. */
  dir(fd: number, rights: number): FdEntry {
    const e = this.entries[fd];
    if (e === undefined) throw new WasiErrno(Errno.BADF);
    if (e.kind !== FdKind.DIR) throw new WasiErrno(Errno.NOTDIR);
    if ((e.rightsBase & rights) !== rights) throw new WasiErrno(Errno.NOTCAPABLE);
    return e;
  }

  has(fd: number): boolean { return this.entries[fd] !== undefined; }

  add(e: FdEntry): number {
    let fd = 0;
    while (this.entries[fd] !== undefined) fd++;
    if (fd > 0x7fffffff) throw new WasiErrno(Errno.MFILE);
    this.entries[fd] = e;
    return fd;
  }

  set(fd: number, e: FdEntry): void { this.entries[fd] = e; }

  remove(fd: number): FdEntry {
    const e = this.get(fd);
    this.entries[fd] = undefined;
    return e;
  }

  *all(): IterableIterator<[number, FdEntry]> {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e !== undefined) yield [i, e];
    }
  }
}

export function filetypeOf(kind: string): number {
  switch (kind) {
    case 'file': return Filetype.REGULAR_FILE;
    case 'dir': return Filetype.DIRECTORY;
    case 'symlink': return Filetype.SYMBOLIC_LINK;
    case 'char': return Filetype.CHARACTER_DEVICE;
    case 'block': return Filetype.BLOCK_DEVICE;
    case 'socket': return Filetype.SOCKET_STREAM;
    default: return Filetype.UNKNOWN;
  }
}
