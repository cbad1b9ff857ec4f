import type { ImportSink } from '../../kernel/contracts/host-capability.js';
import type { HostFunction } from '../../kernel/runtime/func-instance.js';
import type { WasiFileSystem } from '../fs/filesystem.js';
import { HostFileSystem } from '../fs/host-fs.js';
import { loadHostDir } from '../fs/load-host-dir.js';
import { MemoryFileSystem } from '../fs/memory-fs.js';
import { argsEnvImports } from './args-env.js';
import { clockImports, defaultMonotonic, defaultRealtime } from './clocks.js';
import { Filetype, RIGHTS_DIR_BASE, RIGHTS_DIR_INHERITING, RIGHTS_STDIO } from './constants.js';
import { FdEntry, FdKind } from './fd-table.js';
import { fdImports } from './fd-ops.js';
import { utf8 } from './memory.js';
import { pathImports } from './path-ops.js';
import { pollImports } from './poll.js';
import { procImports } from './proc.js';
import { cryptoRandom, randomImports } from './random.js';
import { signatureOf, UNSTABLE_FUNCTIONS } from './signatures.js';
import { SocketBridge, socketImports, type ListenAddress } from './sockets.js';
import { CaptureStream, makeStdin, makeStdout, type StdinSpec, type StdioStream, type StdoutSpec } from './stdio.js';
import { unstableOverrides } from './unstable.js';
import { WasiContext, type RandomSource, type WasiClocks } from './wasi-context.js';

/** One directory the guest may see. */
export interface PreopenSpec {
  /** Name the guest sees (e.g. `/data` or `.`). */
  readonly guest: string;
  /** Host directory (for `fs: 'memory'`, an optional directory whose contents are copied in). */
  readonly host?: string;
  /** Refuse every mutation (EPERM). */
  readonly readonly?: boolean;
  /** `host` (default) or `memory`. */
  readonly fs?: 'host' | 'memory';
  /** A filesystem object to use instead (e.g. a seeded MemoryFileSystem shared with the embedder). */
  readonly filesystem?: WasiFileSystem;
}

export interface WasiPreview1Options {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly preopens?: readonly PreopenSpec[];
  readonly stdin?: StdinSpec;
  readonly stdout?: StdoutSpec;
  readonly stderr?: StdoutSpec;
  readonly clocks?: WasiClocks;
  readonly random?: RandomSource;
  /** TCP listeners to pre-open (`HOST:PORT`, port 0 for any); they follow the preopened dirs as fds. */
  readonly tcplisten?: readonly string[];
}

export const PREVIEW1_MODULE = 'wasi_snapshot_preview1';
export const UNSTABLE_MODULE = 'wasi_unstable';

/**
 * WASI preview1 for one guest: grants exactly the args, env, preopened directories, stdio and
 * listeners configured here. `addToLinker` defines both `wasi_snapshot_preview1` and
 * `wasi_unstable`; after the run, `exitCode` and captured output are available.
 */
export class WasiPreview1 {
  readonly ctx: WasiContext;
  private readonly stdio: StdioStream[];
  private readonly preview1: Record<string, HostFunction>;
  private readonly unstable: Record<string, HostFunction>;

  constructor(options: WasiPreview1Options = {}) {
    const env = Object.entries(options.env ?? {}).map(([k, v]) => utf8(`${k}=${v}`));
    const clocks = options.clocks ?? {};
    this.ctx = new WasiContext(
      (options.args ?? []).map(utf8), env, clocks.realtime ?? defaultRealtime, clocks.monotonic ?? defaultMonotonic,
      options.random ?? cryptoRandom);
    this.stdio = [makeStdin(options.stdin), makeStdout(options.stdout, 1), makeStdout(options.stderr, 2)];
    this.stdio.forEach((s, i) => {
      const e = new FdEntry(FdKind.STDIO, s.isTty ? Filetype.CHARACTER_DEVICE : Filetype.UNKNOWN, RIGHTS_STDIO, 0);
      e.stream = s;
      this.ctx.fds.set(i, e);
    });
    for (const p of options.preopens ?? []) {
      const e = new FdEntry(FdKind.DIR, Filetype.DIRECTORY, RIGHTS_DIR_BASE, RIGHTS_DIR_INHERITING);
      e.fs = p.filesystem ?? WasiPreview1.openFilesystem(p);
      e.preopen = p.guest;
      e.readonly = p.readonly === true;
      this.ctx.fds.add(e);
    }
    if (options.tcplisten !== undefined && options.tcplisten.length > 0) {
      this.ctx.sockets = new SocketBridge(options.tcplisten);
      for (const e of this.ctx.sockets.listenerEntries()) this.ctx.fds.add(e);
    }
    this.preview1 = {
      ...argsEnvImports(this.ctx), ...clockImports(this.ctx), ...fdImports(this.ctx), ...pathImports(this.ctx),
      ...pollImports(this.ctx), ...procImports(this.ctx), ...randomImports(this.ctx), ...socketImports(this.ctx),
    };
    this.unstable = { ...this.preview1, ...unstableOverrides(this.ctx) };
    delete this.unstable.sock_accept;
  }

  private static openFilesystem(p: PreopenSpec): WasiFileSystem {
    if (p.fs === 'memory') {
      const mem = new MemoryFileSystem();
      if (p.host !== undefined && p.host !== '') loadHostDir(mem, p.host);
      return mem;
    }
    if (p.host === undefined) throw new Error(`preopen ${p.guest}: no host directory`);
    return new HostFileSystem(p.host);
  }

  /** Host functions by import module and name, for embedders without an ImportSink. */
  imports(): Record<string, Record<string, HostFunction>> {
    return { [PREVIEW1_MODULE]: this.preview1, [UNSTABLE_MODULE]: this.unstable };
  }

  /** Defines every import of both modules in `sink` (the Linker). */
  addToLinker(sink: ImportSink): void {
    for (const [name, fn] of Object.entries(this.preview1)) sink.defineFunc(PREVIEW1_MODULE, name, signatureOf(name), fn);
    for (const name of UNSTABLE_FUNCTIONS) sink.defineFunc(UNSTABLE_MODULE, name, signatureOf(name), this.unstable[name]);
  }

  /** The code passed to proc_exit, or null if the guest has not exited. */
  get exitCode(): number | null {
    return this.ctx.exitCode;
  }

  /** Where the pre-opened TCP listeners listen (useful with port 0). */
  get listenAddresses(): readonly ListenAddress[] {
    return this.ctx.sockets?.addresses ?? [];
  }

  stdoutBytes(): Buffer { return WasiPreview1.captured(this.stdio[1], 'stdout'); }
  stderrBytes(): Buffer { return WasiPreview1.captured(this.stdio[2], 'stderr'); }
  stdoutText(): string { return this.stdoutBytes().toString('utf8'); }
  stderrText(): string { return this.stderrBytes().toString('utf8'); }

  private static captured(s: StdioStream, which: string): Buffer {
    if (!(s instanceof CaptureStream)) throw new Error(`${which} is not captured (configure it as 'capture')`);
    return s.bytes();
  }

  /** Releases host resources: open files and the socket thread. */
  close(): void {
    for (const [, e] of this.ctx.fds.all()) {
      try { e.file?.close(); } catch { /* already gone */ }
      e.file = null;
    }
    this.ctx.sockets?.stop();
  }
}
