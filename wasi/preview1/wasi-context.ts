import { Errno, toErrno } from './errno.js';
import { FdTable } from './fd-table.js';
import { GuestMemory } from './memory.js';
import type { SocketBridge } from './sockets.js';
import { WasiExit } from './wasi-exit.js';

/** Clock sources in nanoseconds; replace them for deterministic runs or replay. */
export interface WasiClocks {
  realtime?: () => bigint;
  monotonic?: () => bigint;
}

/** Fills `buf` with random bytes. */
export type RandomSource = (buf: Uint8Array) => void;

/** The state every preview1 import works on: memory views, fds, args/env, clocks, sockets. */
export class WasiContext {
  readonly mem = new GuestMemory();
  readonly fds = new FdTable();
  readonly args: readonly Uint8Array[];
  readonly env: readonly Uint8Array[];
  readonly realtime: () => bigint;
  readonly monotonic: () => bigint;
  readonly random: RandomSource;
  sockets: SocketBridge | null = null;
  exitCode: number | null = null;

  constructor(args: readonly Uint8Array[], env: readonly Uint8Array[], realtime: () => bigint, monotonic: () => bigint, random: RandomSource) {
    this.args = args;
    this.env = env;
    this.realtime = realtime;
    this.monotonic = monotonic;
    this.random = random;
  }

  /** Converts what an import threw into its errno; `proc_exit` passes through. */
  errno(e: unknown): number {
    if (e instanceof WasiExit) throw e;
    if (e instanceof RangeError) return Errno.FAULT;
    return toErrno(e);
  }
}
