/** Enumerations, flag bits and rights of `wasi_snapshot_preview1` (values from the witx). */

export const enum Filetype {
  UNKNOWN = 0, BLOCK_DEVICE = 1, CHARACTER_DEVICE = 2, DIRECTORY = 3, REGULAR_FILE = 4,
  SOCKET_DGRAM = 5, SOCKET_STREAM = 6, SYMBOLIC_LINK = 7,
}

export const enum Clockid { REALTIME = 0, MONOTONIC = 1, PROCESS_CPUTIME_ID = 2, THREAD_CPUTIME_ID = 3 }

/** `whence` as preview1 numbers it; `wasi_unstable` uses CUR=0, END=1, SET=2 (see unstable.ts). */
export const enum Whence { SET = 0, CUR = 1, END = 2 }

export const enum Fdflags { APPEND = 1, DSYNC = 2, NONBLOCK = 4, RSYNC = 8, SYNC = 16 }
export const enum Oflags { CREAT = 1, DIRECTORY = 2, EXCL = 4, TRUNC = 8 }
export const enum Lookupflags { SYMLINK_FOLLOW = 1 }
export const enum Fstflags { ATIM = 1, ATIM_NOW = 2, MTIM = 4, MTIM_NOW = 8 }
export const enum Eventtype { CLOCK = 0, FD_READ = 1, FD_WRITE = 2 }
export const enum Subclockflags { ABSTIME = 1 }
export const enum Eventrwflags { HANGUP = 1 }
export const enum Riflags { PEEK = 1, WAITALL = 2 }
export const enum Roflags { DATA_TRUNCATED = 1 }
export const enum Sdflags { RD = 1, WR = 2 }
export const enum Advice { NORMAL = 0, SEQUENTIAL = 1, RANDOM = 2, WILLNEED = 3, DONTNEED = 4, NOREUSE = 5 }

/** Rights bits. All fit in 30 bits, so they are plain numbers internally (no BigInt per call). */
export const enum Rights {
  FD_DATASYNC = 1 << 0, FD_READ = 1 << 1, FD_SEEK = 1 << 2, FD_FDSTAT_SET_FLAGS = 1 << 3,
  FD_SYNC = 1 << 4, FD_TELL = 1 << 5, FD_WRITE = 1 << 6, FD_ADVISE = 1 << 7, FD_ALLOCATE = 1 << 8,
  PATH_CREATE_DIRECTORY = 1 << 9, PATH_CREATE_FILE = 1 << 10, PATH_LINK_SOURCE = 1 << 11,
  PATH_LINK_TARGET = 1 << 12, PATH_OPEN = 1 << 13, FD_READDIR = 1 << 14, PATH_READLINK = 1 << 15,
  PATH_RENAME_SOURCE = 1 << 16, PATH_RENAME_TARGET = 1 << 17, PATH_FILESTAT_GET = 1 << 18,
  PATH_FILESTAT_SET_SIZE = 1 << 19, PATH_FILESTAT_SET_TIMES = 1 << 20, FD_FILESTAT_GET = 1 << 21,
  FD_FILESTAT_SET_SIZE = 1 << 22, FD_FILESTAT_SET_TIMES = 1 << 23, PATH_SYMLINK = 1 << 24,
  PATH_REMOVE_DIRECTORY = 1 << 25, PATH_UNLINK_FILE = 1 << 26, POLL_FD_READWRITE = 1 << 27,
  SOCK_SHUTDOWN = 1 << 28, SOCK_ACCEPT = 1 << 29,
}

export const RIGHTS_ALL = (1 << 30) - 1;

/** Rights that only make sense on a regular file. */
export const RIGHTS_FILE_BASE =
  Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_SYNC | Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE |
  Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES |
  Rights.POLL_FD_READWRITE;

/** Rights that only make sense on a directory. */
export const RIGHTS_DIR_BASE =
  Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_ADVISE | Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_OPEN |
  Rights.FD_READDIR | Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET |
  Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_TIMES |
  Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_TIMES | Rights.PATH_SYMLINK |
  Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE | Rights.FD_DATASYNC;

export const RIGHTS_DIR_INHERITING = RIGHTS_DIR_BASE | RIGHTS_FILE_BASE;

/** Rights that change the filesystem; removed from everything under a read-only preopen. */
export const RIGHTS_MUTATING =
  Rights.FD_DATASYNC | Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.PATH_CREATE_DIRECTORY |
  Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET |
  Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET | Rights.PATH_FILESTAT_SET_SIZE |
  Rights.PATH_FILESTAT_SET_TIMES | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES |
  Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE;

export const RIGHTS_STDIO =
  Rights.FD_READ | Rights.FD_WRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET |
  Rights.POLL_FD_READWRITE;

export const RIGHTS_SOCKET =
  Rights.FD_READ | Rights.FD_WRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET |
  Rights.POLL_FD_READWRITE | Rights.SOCK_SHUTDOWN;

export const RIGHTS_LISTENER = Rights.SOCK_ACCEPT | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE;

/** Most symlinks followed while resolving one path (Linux MAXSYMLINKS). */
export const SYMLINK_BUDGET = 40;
