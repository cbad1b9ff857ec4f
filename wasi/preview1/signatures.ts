import type { FuncType, ValType } from '../../kernel/ir/types.js';

/**
 * Core signatures of every preview1 import, `i` = i32 and `I` = i64 parameters; all return
 * an i32 errno except proc_exit. Pointers and sizes are i32 (wasm32).
 */
const PARAMS: Record<string, string> = {
  args_get: 'ii', args_sizes_get: 'ii', environ_get: 'ii', environ_sizes_get: 'ii',
  clock_res_get: 'ii', clock_time_get: 'iIi',
  fd_advise: 'iIIi', fd_allocate: 'iII', fd_close: 'i', fd_datasync: 'i',
  fd_fdstat_get: 'ii', fd_fdstat_set_flags: 'ii', fd_fdstat_set_rights: 'iII',
  fd_filestat_get: 'ii', fd_filestat_set_size: 'iI', fd_filestat_set_times: 'iIIi',
  fd_pread: 'iiiIi', fd_prestat_get: 'ii', fd_prestat_dir_name: 'iii', fd_pwrite: 'iiiIi',
  fd_read: 'iiii', fd_readdir: 'iiiIi', fd_renumber: 'ii', fd_seek: 'iIii', fd_sync: 'i',
  fd_tell: 'ii', fd_write: 'iiii',
  path_create_directory: 'iii', path_filestat_get: 'iiiii', path_filestat_set_times: 'iiiiIIi',
  path_link: 'iiiiiii', path_open: 'iiiiiIIii', path_readlink: 'iiiiii',
  path_remove_directory: 'iii', path_rename: 'iiiiii', path_symlink: 'iiiii',
  path_unlink_file: 'iii',
  poll_oneoff: 'iiii', proc_exit: 'i', proc_raise: 'i', sched_yield: '', random_get: 'ii',
  sock_accept: 'iii', sock_recv: 'iiiiii', sock_send: 'iiiii', sock_shutdown: 'ii',
};

/** Every `wasi_snapshot_preview1` import name (46). */
export const PREVIEW1_FUNCTIONS: readonly string[] = Object.keys(PARAMS);

/** `wasi_unstable` has the same names but no sock_accept (45). */
export const UNSTABLE_FUNCTIONS: readonly string[] = PREVIEW1_FUNCTIONS.filter((n) => n !== 'sock_accept');

const cache = new Map<string, FuncType>();

export function signatureOf(name: string): FuncType {
  let t = cache.get(name);
  if (t === undefined) {
    const spec = PARAMS[name];
    if (spec === undefined) throw new Error(`unknown WASI function ${name}`);
    const params: ValType[] = [...spec].map((c) => (c === 'I' ? 'i64' : 'i32'));
    t = Object.freeze({ kind: 'func', params: Object.freeze(params), results: Object.freeze(name === 'proc_exit' ? [] : ['i32' as const]) }) as FuncType;
    cache.set(name, t);
  }
  return t;
}
