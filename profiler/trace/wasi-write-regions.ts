/**
 * Which guest-memory regions a WASI preview1 call may have written, computed after the call
 * from its parameters and the memory (iovec lists, `nread`, `bufused`). Recording exactly these
 * keeps the trace small and the recorder cheap (no whole-memory snapshot per syscall).
 *
 * Over-approximating is safe: a recorded region holds the bytes as they were after the call,
 * and the bytes the call did not touch were put there by the (deterministic) guest, so on
 * replay they are already identical. Functions not in the table (`null`) fall back to a
 * whole-memory diff. `wasi_unstable` shares the table: its different layouts (filestat 56
 * bytes, whence numbering) are covered by the same or larger regions.
 */

/** [address, length] pairs. */
export type Regions = number[];

/** Pushes the regions a call wrote (given the memory after it and its parameters) onto `out`. */
export type RegionFn = (dv: DataView, p: readonly unknown[], out: Regions) => void;

const n = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number)) >>> 0;

function u32(dv: DataView, ptr: number): number {
  return ptr + 4 <= dv.byteLength ? dv.getUint32(ptr, true) : 0;
}

/** The first `total` bytes of an iovec list (`iovs`, `count` entries), as regions. */
function gather(dv: DataView, iovs: number, count: number, total: number, out: Regions): void {
  for (let i = 0; i < count && total > 0; i++) {
    const base = iovs + i * 8;
    if (base + 8 > dv.byteLength) return;
    const ptr = dv.getUint32(base, true);
    const len = Math.min(dv.getUint32(base + 4, true), total);
    if (len > 0) out.push(ptr, len);
    total -= len;
  }
}

const fixed = (...slots: readonly [number, number][]): RegionFn => (_dv, p, out) => {
  for (const [param, len] of slots) out.push(n(p[param]), len);
};

const NONE: RegionFn = () => {};

/** Regions by function name; a missing name means "diff the whole memory". */
export const WASI_WRITE_REGIONS: Readonly<Record<string, RegionFn>> = {
  args_sizes_get: fixed([0, 4], [1, 4]),
  environ_sizes_get: fixed([0, 4], [1, 4]),
  // args_get / environ_get write a pointer array whose length only the earlier *_sizes_get
  // call knows: the recording sink sizes them from that call's answer (whole-memory diff otherwise).
  clock_res_get: fixed([1, 8]),
  clock_time_get: fixed([2, 8]),
  random_get: (_dv, p, out) => { out.push(n(p[0]), n(p[1])); },
  fd_read: (dv, p, out) => { gather(dv, n(p[1]), n(p[2]), u32(dv, n(p[3])), out); out.push(n(p[3]), 4); },
  fd_pread: (dv, p, out) => { gather(dv, n(p[1]), n(p[2]), u32(dv, n(p[4])), out); out.push(n(p[4]), 4); },
  fd_write: fixed([3, 4]),
  fd_pwrite: fixed([4, 4]),
  fd_seek: fixed([3, 8]),
  fd_tell: fixed([1, 8]),
  fd_fdstat_get: fixed([1, 24]),
  fd_filestat_get: fixed([1, 64]),
  path_filestat_get: fixed([4, 64]),
  fd_prestat_get: fixed([1, 8]),
  fd_prestat_dir_name: (_dv, p, out) => { out.push(n(p[1]), n(p[2])); },
  fd_readdir: (dv, p, out) => { out.push(n(p[1]), Math.min(n(p[2]), u32(dv, n(p[4])))); out.push(n(p[4]), 4); },
  path_open: fixed([8, 4]),
  path_readlink: (dv, p, out) => { out.push(n(p[3]), Math.min(n(p[4]), u32(dv, n(p[5])))); out.push(n(p[5]), 4); },
  poll_oneoff: (_dv, p, out) => { out.push(n(p[1]), n(p[2]) * 32); out.push(n(p[3]), 4); },
  sock_accept: fixed([2, 4]),
  sock_recv: (dv, p, out) => { gather(dv, n(p[1]), n(p[2]), u32(dv, n(p[4])), out); out.push(n(p[4]), 4, n(p[5]), 2); },
  sock_send: fixed([4, 4]),
  sock_shutdown: NONE,
  fd_advise: NONE, fd_allocate: NONE, fd_close: NONE, fd_datasync: NONE, fd_sync: NONE,
  fd_fdstat_set_flags: NONE, fd_fdstat_set_rights: NONE, fd_filestat_set_size: NONE, fd_filestat_set_times: NONE,
  fd_renumber: NONE, path_create_directory: NONE, path_filestat_set_times: NONE, path_link: NONE,
  path_remove_directory: NONE, path_rename: NONE, path_symlink: NONE, path_unlink_file: NONE,
  proc_raise: NONE, sched_yield: NONE, proc_exit: NONE,
};

export const WASI_MODULES: ReadonlySet<string> = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

/** The region function for `module.name`, or null when the whole memory must be diffed. */
export function wasiRegionsFor(module: string, name: string): RegionFn | null {
  return WASI_MODULES.has(module) ? (WASI_WRITE_REGIONS[name] ?? null) : null;
}
