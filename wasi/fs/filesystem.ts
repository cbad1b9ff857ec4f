/**
 * The one filesystem interface every WASI version uses, implemented by the host filesystem
 * (behind a preopen) and the in-memory filesystem. Paths given to it are always relative to
 * the filesystem's root, `/`-separated, with no `.`, `..` or empty components, and with no
 * symbolic link in any component but possibly the last: `path-resolver.ts` produces them
 * after resolving component by component. `''` is the root itself.
 *
 * Failures throw an `FsError` (or a Node system error) whose `code` is a POSIX name
 * (`ENOENT`, `ENOTDIR`, ...): each WASI version maps codes to its own errno.
 */

export type FileKind = 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'socket' | 'fifo' | 'unknown';

export interface FsStat {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly kind: FileKind;
  readonly nlink: bigint;
  readonly size: bigint;
  /** Timestamps in nanoseconds since the Unix epoch. */
  readonly atimNs: bigint;
  readonly mtimNs: bigint;
  readonly ctimNs: bigint;
}

export interface OpenOptions {
  readonly read: boolean;
  readonly write: boolean;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
  readonly append: boolean;
  /** Open only if the final component is not a symlink (ELOOP otherwise). */
  readonly nofollow: boolean;
  readonly sync: boolean;
}

/** A time to set: nanoseconds, `'now'`, or null to leave unchanged. */
export type TimeSpec = bigint | 'now' | null;

export interface DirEntry {
  readonly name: string;
  readonly kind: FileKind;
  readonly ino: bigint;
}

/** An open regular file (or device). Positions are explicit: the caller keeps the offset. */
export interface FsFile {
  /** Reads `len` bytes into `buf` at `off`, from file offset `position`; 0 at end of file. */
  read(buf: Uint8Array, off: number, len: number, position: number): number;
  /** Writes at `position`, or at the end of the file when `position` is -1 (append). */
  write(buf: Uint8Array, off: number, len: number, position: number): number;
  stat(): FsStat;
  setSize(size: number): void;
  setTimes(atim: TimeSpec, mtim: TimeSpec): void;
  allocate(offset: number, len: number): void;
  sync(): void;
  datasync(): void;
  close(): void;
}

export interface WasiFileSystem {
  readonly kind: 'host' | 'memory';
  /** Status without following a final symlink. */
  lstat(path: string): FsStat;
  /** Just the kind of `path` (not following a final symlink), or null if it does not exist: the resolver's cheap per-component check. */
  kindOf(path: string): FileKind | null;
  readlink(path: string): string;
  /** Opens a non-directory file (directories are handled by the caller through paths). */
  open(path: string, opts: OpenOptions): FsFile;
  /** Entries of a directory, without `.` and `..`. */
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  link(from: string, to: string): void;
  symlink(target: string, path: string): void;
  /** Sets times of the final component itself (never follows; the resolver already did). */
  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void;
  /** Truncates or extends a file by path. */
  truncate(path: string, size: number): void;
}

/** An error with a POSIX code, thrown by the filesystems and the resolver. */
export class FsError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
  }
}

export function fsError(code: string, message?: string): FsError {
  return new FsError(code, message);
}

/** Realtime clock in nanoseconds (sub-millisecond from the monotonic clock). */
export function nowNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
