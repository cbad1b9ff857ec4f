import { resolve } from 'node:path';
import { parseDuration as parseManifestDuration, type LoadedManifest, type WeftManifest } from '../../kernel/manifest/manifest.js';
import { loadManifest } from '../../kernel/manifest/manifest-loader.js';
import { builtinPluginIds } from '../../kernel/plugins/builtin-registry.js';
import type { WasiConfig } from '../../kernel/contracts/wasi-provider.js';
import { Engine } from '../weft-api.js';
import { profilerEntries } from './profile-options.js';
import type { RunOptions } from './run-options.js';

function baseManifest(o: RunOptions): LoadedManifest {
  return o.manifest !== null
    ? loadManifest(o.manifest)
    : { manifest: {}, file: '<command line>', baseDir: process.cwd() };
}

/** The backend asked for: `--backend`, else the manifest's, else `auto` (chosen per module). */
export function requestedBackend(o: RunOptions): string {
  const mb = baseManifest(o).manifest.backend as unknown;
  const fromManifest = typeof mb === 'string' ? mb : mb && typeof mb === 'object' ? (mb as { id?: string }).id : undefined;
  return o.backend ?? fromManifest ?? 'auto';
}

/**
 * The backend profilers must plan for before the module is seen: with `auto`, native when
 * `--profile perfmap` asks for it (perf maps exist only for the host engine's code), else the
 * interpreter's view is never assumed.
 */
export function runBackend(o: RunOptions): string {
  const id = requestedBackend(o);
  return id === 'auto' ? 'native' : id;
}

/**
 * Builds the engine `weft run` uses: the `--manifest` file (if any) is the base, and flags win
 * over it, field by field. WASI preview1 is on unless the manifest says `"wasi": false`, so a
 * plain `weft run app.wasm` works for WASI commands without a manifest.
 */
export async function createRunEngine(o: RunOptions): Promise<{ engine: Engine; manifest: LoadedManifest }> {
  const base = baseManifest(o);
  const m: WeftManifest = base.manifest;
  const wantWasi = m.wasi !== false && builtinPluginIds().includes('wasi-preview1');
  const manifest: LoadedManifest = {
    ...base,
    manifest: {
      ...m,
      wasi: wantWasi ? { version: 'preview1', ...(m.wasi || {}) } : m.wasi,
      // `--profile` adds to the manifest's profilers (a flag's choice replaces the same id's).
      profilers: mergeProfilers(m.profilers ?? [], profilerEntries(o.profile, runBackend(o))),
    },
  };
  const engine = await Engine.create({
    // The manifest's backend (with its config) stands unless a flag overrides it; neither: auto.
    backend: o.backend ?? (m.backend === undefined ? 'auto' : undefined),
    allocator: o.allocator ?? undefined,
    consumeFuel: o.fuel !== null ? true : undefined,
    epochInterruption: o.timeoutMs !== null ? true : undefined,
    maxWasmStack: o.maxWasmStack ?? undefined,
    manifest,
  });
  return { engine, manifest };
}

/** The time limit: `--timeout`, else the manifest's `limits.timeout`, else none. */
export function effectiveTimeoutMs(o: RunOptions, manifest: LoadedManifest): number | null {
  if (o.timeoutMs !== null) return o.timeoutMs;
  const t = manifest.manifest.limits?.timeout;
  return t === undefined ? null : parseManifestDuration(t);
}

/** WASI configuration: the manifest's grants plus the flags' (`--dir`, `--env`, `--tcplisten`). */
export function wasiConfig(o: RunOptions, manifest: LoadedManifest): WasiConfig {
  const w = manifest.manifest.wasi || {};
  const env: Record<string, string> = {};
  if (w.inheritEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, w.env ?? {}, o.env);
  return {
    args: o.invoke === null ? [o.file, ...(w.args ?? []), ...o.args] : [o.file],
    env,
    preopens: [
      ...(w.preopens ?? []).map((p) => ({
        guest: p.guest, host: p.host === undefined ? '' : resolve(manifest.baseDir, p.host),
        readonly: p.readonly ?? false, fs: p.fs,
      })),
      ...o.dirs.map((d) => ({ guest: d.guest, host: resolve(d.host), readonly: d.readonly })),
    ],
    stdin: w.stdio?.stdin ?? 'inherit',
    stdout: w.stdio?.stdout ?? 'inherit',
    stderr: w.stdio?.stderr ?? 'inherit',
    tcplisten: o.tcpListen.map((a) => (a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`)),
  };
}

type ProfilerEntry = NonNullable<WeftManifest['profilers']>[number];

function mergeProfilers(fromManifest: readonly ProfilerEntry[], fromFlags: readonly ProfilerEntry[]): ProfilerEntry[] {
  const idOf = (p: ProfilerEntry): string => (typeof p === 'string' ? p : p.id);
  const flagged = new Set(fromFlags.map(idOf));
  return [...fromManifest.filter((p) => !flagged.has(idOf(p))), ...fromFlags];
}
