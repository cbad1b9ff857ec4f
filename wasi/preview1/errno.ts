/**
 * The WASI errno table (identical in `wasi_snapshot_preview1` and `wasi_unstable`) and the
 * mapping from host (POSIX / Node) error codes to it.
 *
 * Denials follow Wasmtime: a path that would leave its directory capability (`..` past the
 * dir fd, an absolute path, an absolute or escaping symlink) is EPERM, because cap-std reports
 * escape attempts as `PermissionDenied` and wasi-common maps that to EPERM; an operation the fd
 * has no right for is ENOTCAPABLE; a mutation inside a read-only preopen is EPERM (Wasmtime's
 * `DirPerms`/`FilePerms` refusal is `NotPermitted`).
 */

export const enum Errno {
  SUCCESS = 0, TOOBIG = 1, ACCES = 2, ADDRINUSE = 3, ADDRNOTAVAIL = 4, AFNOSUPPORT = 5,
  AGAIN = 6, ALREADY = 7, BADF = 8, BADMSG = 9, BUSY = 10, CANCELED = 11, CHILD = 12,
  CONNABORTED = 13, CONNREFUSED = 14, CONNRESET = 15, DEADLK = 16, DESTADDRREQ = 17, DOM = 18,
  DQUOT = 19, EXIST = 20, FAULT = 21, FBIG = 22, HOSTUNREACH = 23, IDRM = 24, ILSEQ = 25,
  INPROGRESS = 26, INTR = 27, INVAL = 28, IO = 29, ISCONN = 30, ISDIR = 31, LOOP = 32,
  MFILE = 33, MLINK = 34, MSGSIZE = 35, MULTIHOP = 36, NAMETOOLONG = 37, NETDOWN = 38,
  NETRESET = 39, NETUNREACH = 40, NFILE = 41, NOBUFS = 42, NODEV = 43, NOENT = 44, NOEXEC = 45,
  NOLCK = 46, NOLINK = 47, NOMEM = 48, NOMSG = 49, NOPROTOOPT = 50, NOSPC = 51, NOSYS = 52,
  NOTCONN = 53, NOTDIR = 54, NOTEMPTY = 55, NOTRECOVERABLE = 56, NOTSOCK = 57, NOTSUP = 58,
  NOTTY = 59, NXIO = 60, OVERFLOW = 61, OWNERDEAD = 62, PERM = 63, PIPE = 64, PROTO = 65,
  PROTONOSUPPORT = 66, PROTOTYPE = 67, RANGE = 68, ROFS = 69, SPIPE = 70, SRCH = 71, STALE = 72,
  TIMEDOUT = 73, TXTBSY = 74, XDEV = 75, NOTCAPABLE = 76,
}

/** Errno names in table order (index = errno), for messages and tests. */
export const ERRNO_NAMES: readonly string[] = [
  'SUCCESS', '2BIG', 'ACCES', 'ADDRINUSE', 'ADDRNOTAVAIL', 'AFNOSUPPORT', 'AGAIN', 'ALREADY',
  'BADF', 'BADMSG', 'BUSY', 'CANCELED', 'CHILD', 'CONNABORTED', 'CONNREFUSED', 'CONNRESET',
  'DEADLK', 'DESTADDRREQ', 'DOM', 'DQUOT', 'EXIST', 'FAULT', 'FBIG', 'HOSTUNREACH', 'IDRM',
  'ILSEQ', 'INPROGRESS', 'INTR', 'INVAL', 'IO', 'ISCONN', 'ISDIR', 'LOOP', 'MFILE', 'MLINK',
  'MSGSIZE', 'MULTIHOP', 'NAMETOOLONG', 'NETDOWN', 'NETRESET', 'NETUNREACH', 'NFILE', 'NOBUFS',
  'NODEV', 'NOENT', 'NOEXEC', 'NOLCK', 'NOLINK', 'NOMEM', 'NOMSG', 'NOPROTOOPT', 'NOSPC',
  'NOSYS', 'NOTCONN', 'NOTDIR', 'NOTEMPTY', 'NOTRECOVERABLE', 'NOTSOCK', 'NOTSUP', 'NOTTY',
  'NXIO', 'OVERFLOW', 'OWNERDEAD', 'PERM', 'PIPE', 'PROTO', 'PROTONOSUPPORT', 'PROTOTYPE',
  'RANGE', 'ROFS', 'SPIPE', 'SRCH', 'STALE', 'TIMEDOUT', 'TXTBSY', 'XDEV', 'NOTCAPABLE',
];

/**
 * Thrown inside the implementation to return an errno to the guest; caught at the boundary of
 * every import. Never escapes to the embedder.
 */
export class WasiErrno extends Error {
  readonly errno: number;
  constructor(errno: number) {
    super(`WASI errno ${ERRNO_NAMES[errno] ?? errno}`);
    this.errno = errno;
  }
}

/** POSIX error code names (as Node reports them in `err.code`) to WASI errno. */
const BY_CODE: Record<string, number> = Object.create(null);
ERRNO_NAMES.forEach((n, i) => { if (i > 0) BY_CODE['E' + n] = i; });
BY_CODE.E2BIG = Errno.TOOBIG;
BY_CODE.ENOTCAPABLE = Errno.NOTCAPABLE;
BY_CODE.EWOULDBLOCK = Errno.AGAIN;
BY_CODE.EOPNOTSUPP = Errno.NOTSUP;
BY_CODE.ENOTSUP = Errno.NOTSUP;
BY_CODE.ERR_FS_FILE_TOO_LARGE = Errno.FBIG;
BY_CODE.ERR_OUT_OF_RANGE = Errno.INVAL;
BY_CODE.ERR_INVALID_ARG_VALUE = Errno.INVAL;

/** Errno for anything thrown by a host call (WasiErrno, Node system errors, FsError). */
export function toErrno(e: unknown): number {
  if (e instanceof WasiErrno) return e.errno;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const n = BY_CODE[code];
    if (n !== undefined) return n;
  }
  return Errno.IO;
}
