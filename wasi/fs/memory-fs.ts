import {
  fsError, nowNs, type DirEntry, type FileKind, type FsFile, type FsStat, type OpenOptions,
  type TimeSpec, type WasiFileSystem,
} from './filesystem.js';

let nextDev = 1000n;

/** One inode of the in-memory filesystem. */
class MemNode {
  readonly kind: FileKind;
  readonly ino: bigint;
  nlink = 1;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
  /** File bytes (capacity may exceed `size`). */
  data: Uint8Array = new Uint8Array(0);
  size = 0;
  /** Directory entries. */
  readonly children: Map<string, MemNode> | null;
  /** Symlink target. */
  readonly target: string;

  constructor(kind: FileKind, ino: bigint, target = '') {
    this.kind = kind;
    this.ino = ino;
    const t = nowNs();
    this.atim = t; this.mtim = t; this.ctim = t;
    this.children = kind === 'dir' ? new Map() : null;
    this.target = target;
    this.size = kind === 'symlink' ? Buffer.byteLength(target) : 0;
  }

  resize(size: number): void {
    if (size > this.data.length) {
      const grown = new Uint8Array(Math.max(size, Math.min(this.data.length * 2, this.data.length + (64 << 20)), 64));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    } else if (size < this.size) {
      this.data.fill(0, size, this.size);
    }
    this.size = size;
  }
}

function applyTime(node: MemNode, atim: TimeSpec, mtim: TimeSpec): void {
  const now = nowNs();
  if (atim !== null) node.atim = atim === 'now' ? now : atim;
  if (mtim !== null) node.mtim = mtim === 'now' ? now : mtim;
  node.ctim = now;
}

class MemFile implements FsFile {
  private readonly fs: MemoryFileSystem;
  private readonly node: MemNode;
  private readonly readable: boolean;
  private readonly writable: boolean;
  private closed = false;

  constructor(fs: MemoryFileSystem, node: MemNode, readable: boolean, writable: boolean) {
    this.fs = fs;
    this.node = node;
    this.readable = readable;
    this.writable = writable;
  }

  read(buf: Uint8Array, off: number, len: number, position: number): number {
    if (this.closed || !this.readable) throw fsError('EBADF');
    const n = this.node;
    if (position >= n.size) return 0;
    const count = Math.min(len, n.size - position);
    buf.set(n.data.subarray(position, position + count), off);
    return count;
  }

  write(buf: Uint8Array, off: number, len: number, position: number): number {
    if (this.closed || !this.writable) throw fsError('EBADF');
    const n = this.node;
    const at = position < 0 ? n.size : position;
    const end = at + len;
    if (end > this.fs.maxFileSize) throw fsError('EFBIG');
    if (end > n.size) n.resize(end);
    n.data.set(buf.subarray(off, off + len), at);
    n.mtim = n.ctim = nowNs();
    return len;
  }

  stat(): FsStat { return this.fs.statOf(this.node); }

  setSize(size: number): void {
    if (this.closed || !this.writable) throw fsError('EBADF');
    if (size > this.fs.maxFileSize) throw fsError('EFBIG');
    this.node.resize(size);
    this.node.mtim = this.node.ctim = nowNs();
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void { applyTime(this.node, atim, mtim); }

  allocate(offset: number, len: number): void {
    if (!this.writable) throw fsError('EBADF');
    if (offset + len > this.node.size) this.setSize(offset + len);
  }

  sync(): void {}
  datasync(): void {}
  close(): void { this.closed = true; }
}

/**
 * A filesystem held entirely in memory: files, directories, symlinks, hard links and
 * nanosecond timestamps, with POSIX error semantics. Used per preopen (`fs: 'memory'`) for
 * tests and for multi-tenant services that must never touch disk.
 */
export class MemoryFileSystem implements WasiFileSystem {
  readonly kind = 'memory' as const;
  readonly dev: bigint;
  /** Largest file size accepted (EFBIG beyond). */
  maxFileSize = 4 * 1024 * 1024 * 1024;
  private nextIno = 2n;
  private readonly root: MemNode;

  constructor() {
    this.dev = nextDev++;
    this.root = new MemNode('dir', 1n);
    this.root.nlink = 2;
  }

  statOf(n: MemNode): FsStat {
    return {
      dev: this.dev, ino: n.ino, kind: n.kind, nlink: BigInt(n.nlink), size: BigInt(n.size),
      atimNs: n.atim, mtimNs: n.mtim, ctimNs: n.ctim,
    };
  }

  /** Parent directory and final name of `path`; intermediate components must be directories. */
  private locate(path: string): { parent: MemNode; name: string; node: MemNode | undefined } {
    if (path === '') return { parent: this.root, name: '', node: this.root };
    const parts = path.split('/');
    let dir = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = dir.children!.get(parts[i]);
      if (next === undefined) throw fsError('ENOENT', path);
      if (next.kind !== 'dir') throw fsError('ENOTDIR', path);
      dir = next;
    }
    const name = parts[parts.length - 1];
    return { parent: dir, name, node: dir.children!.get(name) };
  }

  private get(path: string): MemNode {
    const { node } = this.locate(path);
    if (node === undefined) throw fsError('ENOENT', path);
    return node;
  }

  private newNode(kind: FileKind, target = ''): MemNode {
    return new MemNode(kind, this.nextIno++, target);
  }

  private touchDir(dir: MemNode): void {
    dir.mtim = dir.ctim = nowNs();
  }

  lstat(path: string): FsStat { return this.statOf(this.get(path)); }

  kindOf(path: string): FileKind | null {
    return this.locate(path).node?.kind ?? null;
  }

  readlink(path: string): string {
    const n = this.get(path);
    if (n.kind !== 'symlink') throw fsError('EINVAL', path);
    n.atim = nowNs();
    return n.target;
  }

  open(path: string, o: OpenOptions): FsFile {
    const { parent, name, node } = this.locate(path);
    let n = node;
    if (n === undefined) {
      if (!o.create) throw fsError('ENOENT', path);
      n = this.newNode('file');
      parent.children!.set(name, n);
      this.touchDir(parent);
    } else {
      if (o.create && o.exclusive) throw fsError('EEXIST', path);
      if (n.kind === 'symlink') throw fsError('ELOOP', path);
      if (n.kind === 'dir') throw fsError('EISDIR', path);
      if (o.truncate && o.write && n.size > 0) { n.resize(0); n.mtim = n.ctim = nowNs(); }
    }
    return new MemFile(this, n, o.read, o.write);
  }

  readdir(path: string): DirEntry[] {
    const n = this.get(path);
    if (n.kind !== 'dir') throw fsError('ENOTDIR', path);
    n.atim = nowNs();
    const out: DirEntry[] = [];
    for (const [name, c] of n.children!) out.push({ name, kind: c.kind, ino: c.ino });
    return out;
  }

  mkdir(path: string): void {
    const { parent, name, node } = this.locate(path);
    if (node !== undefined) throw fsError('EEXIST', path);
    const d = this.newNode('dir');
    d.nlink = 2;
    parent.children!.set(name, d);
    parent.nlink++;
    this.touchDir(parent);
  }

  rmdir(path: string): void {
    if (path === '') throw fsError('EBUSY');
    const { parent, name, node } = this.locate(path);
    if (node === undefined) throw fsError('ENOENT', path);
    if (node.kind !== 'dir') throw fsError('ENOTDIR', path);
    if (node.children!.size > 0) throw fsError('ENOTEMPTY', path);
    parent.children!.delete(name);
    parent.nlink--;
    node.nlink = 0;
    this.touchDir(parent);
  }

  unlink(path: string): void {
    if (path === '') throw fsError('EISDIR');
    const { parent, name, node } = this.locate(path);
    if (node === undefined) throw fsError('ENOENT', path);
    if (node.kind === 'dir') throw fsError('EISDIR', path);
    parent.children!.delete(name);
    node.nlink--;
    node.ctim = nowNs();
    this.touchDir(parent);
  }

  rename(from: string, to: string): void {
    const src = this.locate(from);
    if (src.node === undefined) throw fsError('ENOENT', from);
    const dst = this.locate(to);
    const s = src.node;
    if (from === '' || to === '') throw fsError('EBUSY');
    if (s.kind === 'dir' && (to === from || to.startsWith(from + '/'))) {
      if (to === from) return;
      throw fsError('EINVAL', to);
    }
    const d = dst.node;
    if (d === s) return;
    if (d !== undefined) {
      if (s.kind === 'dir') {
        if (d.kind !== 'dir') throw fsError('ENOTDIR', to);
        if (d.children!.size > 0) throw fsError('ENOTEMPTY', to);
        dst.parent.nlink--;
      } else if (d.kind === 'dir') {
        throw fsError('EISDIR', to);
      }
      d.nlink--;
    }
    src.parent.children!.delete(src.name);
    dst.parent.children!.set(dst.name, s);
    if (s.kind === 'dir') { src.parent.nlink--; dst.parent.nlink++; }
    s.ctim = nowNs();
    this.touchDir(src.parent);
    this.touchDir(dst.parent);
  }

  link(from: string, to: string): void {
    const s = this.get(from);
    if (s.kind === 'dir') throw fsError('EPERM', from);
    const dst = this.locate(to);
    if (dst.node !== undefined) throw fsError('EEXIST', to);
    dst.parent.children!.set(dst.name, s);
    s.nlink++;
    s.ctim = nowNs();
    this.touchDir(dst.parent);
  }

  symlink(target: string, path: string): void {
    const dst = this.locate(path);
    if (dst.node !== undefined) throw fsError('EEXIST', path);
    dst.parent.children!.set(dst.name, this.newNode('symlink', target));
    this.touchDir(dst.parent);
  }

  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    applyTime(this.get(path), atim, mtim);
  }

  truncate(path: string, size: number): void {
    const n = this.get(path);
    if (n.kind === 'dir') throw fsError('EISDIR', path);
    if (n.kind !== 'file') throw fsError('EINVAL', path);
    n.resize(size);
    n.mtim = n.ctim = nowNs();
  }

  // ---- seeding helpers for embedders and tests (paths relative to the root) ----

  /** Creates (or replaces) a file with `data`, creating parent directories. */
  writeFile(path: string, data: Uint8Array | string): void {
    this.mkdirp(path.split('/').slice(0, -1).join('/'));
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const f = this.open(path, { read: false, write: true, create: true, exclusive: false, truncate: true, append: false, nofollow: true, sync: false });
    f.write(bytes, 0, bytes.length, 0);
    f.close();
  }

  readFile(path: string): Uint8Array {
    const n = this.get(path);
    if (n.kind !== 'file') throw fsError('EISDIR', path);
    return n.data.slice(0, n.size);
  }

  mkdirp(path: string): void {
    if (path === '') return;
    let cur = '';
    for (const part of path.split('/')) {
      cur = cur === '' ? part : cur + '/' + part;
      const n = this.locate(cur).node;
      if (n === undefined) this.mkdir(cur);
      else if (n.kind !== 'dir') throw fsError('ENOTDIR', cur);
    }
  }
}
