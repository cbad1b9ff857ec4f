/**
 * The capabilities a traced run was granted, recorded as a `capabilities.granted` event right
 * after the header: preopened directories (guest path, read-only), environment variable names
 * (not values), arguments and pre-opened sockets. Host paths are not recorded: the guest never
 * sees them and replay never touches the host.
 *
 * Replay checks every recorded WASI answer that reveals a capability against them
 * (`GrantsCheck`): the argument and environment counts and contents, the preopen names, and
 * that sockets were only accepted when some were granted. A trace whose answers show more than
 * its grants (edited, or recorded by a run that was given more than it says) stops replay with
 * a `ReplayError` naming the event.
 */
import type { WasiConfig } from '../../kernel/contracts/wasi-provider.js';
import { ReplayError } from './replay-error.js';
import type { TraceCallRecord, TraceRecord } from './trace-format.js';

export const GRANTS_EVENT = 'capabilities.granted';

export interface TraceGrants {
  readonly type: typeof GRANTS_EVENT;
  readonly preopens: readonly { readonly guest: string; readonly readonly: boolean }[];
  readonly envKeys: readonly string[];
  readonly args: readonly string[];
  /** `HOST:PORT` of each pre-opened listening socket. */
  readonly sockets: readonly string[];
}

export function grantsOf(config: WasiConfig): TraceGrants {
  return {
    type: GRANTS_EVENT,
    preopens: config.preopens.map((p) => ({ guest: p.guest, readonly: p.readonly })),
    envKeys: Object.keys(config.env),
    args: [...config.args],
    sockets: [...(config.tcplisten ?? [])],
  };
}

/** The grants event of a trace (with its `seq`), or null for traces recorded without one. */
export function findGrants(records: readonly TraceRecord[]): { grants: TraceGrants; seq: number } | null {
  for (const r of records) {
    if (r.kind === 'event' && r.event.type === GRANTS_EVENT) return { grants: r.event as unknown as TraceGrants, seq: r.seq };
  }
  return null;
}

const WASI = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);
const utf8 = new TextEncoder();

/** Bytes a recorded call left at `[ptr, ptr + len)`, or null when its writes do not cover them. */
function written(rec: TraceCallRecord, ptr: number, len: number): Buffer | null {
  for (const [at, b64] of rec.writes) {
    const bytes = Buffer.from(b64, 'base64');
    if (ptr >= at && ptr + len <= at + bytes.length) return bytes.subarray(ptr - at, ptr - at + len);
  }
  return null;
}

function u32At(rec: TraceCallRecord, ptr: unknown): number | null {
  if (typeof ptr !== 'number') return null;
  const b = written(rec, ptr, 4);
  return b === null ? null : b.readUInt32LE(0);
}

/** NUL-terminated strings packed in `bytes`. */
function strings(bytes: Buffer): string[] {
  const out = bytes.toString('utf8').split('\0');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Checks recorded WASI answers against the trace's grants, call by call. */
export class GrantsCheck {
  private readonly grants: TraceGrants;
  private readonly grantsSeq: number;
  private argvBytes = -1;
  private environBytes = -1;

  constructor(grants: TraceGrants, grantsSeq: number) {
    this.grants = grants;
    this.grantsSeq = grantsSeq;
  }

  private fail(rec: TraceCallRecord, what: string): never {
    throw new ReplayError('replay_capability', `trace event #${rec.seq} (${rec.name}): ${what}, which the grants recorded at #${this.grantsSeq} do not allow`, rec.seq);
  }

  /** Throws a ReplayError when `rec` reveals a capability the grants do not list. */
  check(rec: TraceCallRecord): void {
    if (!WASI.has(rec.module) || rec.results === null || rec.results[0] !== 0) return;
    const g = this.grants;
    const p = rec.params;
    switch (rec.name) {
      case 'args_sizes_get': {
        const argc = u32At(rec, p[0]);
        this.argvBytes = u32At(rec, p[1]) ?? -1;
        if (argc !== null && argc !== g.args.length) this.fail(rec, `the guest was told of ${argc} arguments, not ${g.args.length}`);
        const want = g.args.reduce((n, a) => n + utf8.encode(a).length + 1, 0);
        if (this.argvBytes >= 0 && this.argvBytes !== want) this.fail(rec, `argument bytes ${this.argvBytes}, not ${want}`);
        break;
      }
      case 'args_get': {
        const buf = typeof p[1] === 'number' && this.argvBytes >= 0 ? written(rec, p[1], this.argvBytes) : null;
        if (buf !== null && JSON.stringify(strings(buf)) !== JSON.stringify(g.args)) this.fail(rec, `the guest read arguments ${JSON.stringify(strings(buf))}`);
        break;
      }
      case 'environ_sizes_get': {
        const n = u32At(rec, p[0]);
        this.environBytes = u32At(rec, p[1]) ?? -1;
        if (n !== null && n !== g.envKeys.length) this.fail(rec, `the guest was told of ${n} environment variables, not ${g.envKeys.length}`);
        break;
      }
      case 'environ_get': {
        const buf = typeof p[1] === 'number' && this.environBytes >= 0 ? written(rec, p[1], this.environBytes) : null;
        if (buf === null) break;
        const keys = strings(buf).map((kv) => kv.split('=', 1)[0]);
        const extra = keys.filter((k) => !g.envKeys.includes(k));
        if (extra.length > 0) this.fail(rec, `the guest read environment variable ${JSON.stringify(extra[0])}`);
        break;
      }
      case 'fd_prestat_dir_name': {
        const name = typeof p[1] === 'number' && typeof p[2] === 'number' ? written(rec, p[1], p[2]) : null;
        if (name === null) break;
        const dir = name.toString('utf8').replace(/\0+$/, '');
        if (!g.preopens.some((o) => o.guest === dir)) this.fail(rec, `the guest saw preopened directory ${JSON.stringify(dir)}`);
        break;
      }
      case 'sock_accept':
        if (g.sockets.length === 0) this.fail(rec, 'the guest accepted a connection on a socket');
        break;
      default:
        break;
    }
  }
}
