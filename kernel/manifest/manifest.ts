/** The manifest (`weft.json`) as validated against `plugin.schema.json`. */

/** A plugin chosen by id, optionally with its config inline (`{"id": "guard-page", ...}`). */
export type PluginChoice = string | ({ readonly id: string } & Readonly<Record<string, unknown>>);

export interface LimitsManifest {
  readonly fuel?: number;
  /** Milliseconds or a duration string (`500ms`, `10s`, `2m`). */
  readonly timeout?: number | string;
  readonly maxMemoryBytes?: number;
  readonly maxTableElements?: number;
  readonly maxInstances?: number;
  readonly maxTables?: number;
  readonly maxMemories?: number;
  readonly maxWasmStack?: number;
  readonly trapOnGrowFailure?: boolean;
}

export interface PreopenManifest {
  readonly host?: string;
  readonly guest: string;
  readonly readonly?: boolean;
  readonly fs?: 'host' | 'memory';
}

export interface WasiManifest {
  readonly version?: 'preview1' | 'preview2';
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly inheritEnv?: boolean;
  readonly preopens?: readonly PreopenManifest[];
  readonly stdio?: {
    readonly stdin?: 'inherit' | 'null';
    readonly stdout?: 'inherit' | 'capture' | 'null';
    readonly stderr?: 'inherit' | 'capture' | 'null';
  };
}

export type ThirdPartyPluginManifest =
  | { readonly package: string; readonly config?: Record<string, unknown> }
  | { readonly path: string; readonly config?: Record<string, unknown> };

export interface StoreManifest {
  /** Import module names of host capabilities this store may link. */
  readonly capabilities?: readonly string[];
  readonly limits?: LimitsManifest;
}

export interface WeftManifest {
  readonly backend?: PluginChoice;
  readonly allocator?: PluginChoice;
  readonly wasi?: WasiManifest | false;
  readonly limits?: LimitsManifest;
  readonly profilers?: readonly (string | { readonly id: string; readonly config?: Record<string, unknown> })[];
  readonly plugins?: readonly ThirdPartyPluginManifest[];
  readonly stores?: Readonly<Record<string, StoreManifest>>;
}

/** A manifest with where it came from (for error messages and resolving plugin paths). */
export interface LoadedManifest {
  readonly manifest: WeftManifest;
  /** File name for messages (`weft.json`, or `<manifest>` for an object). */
  readonly file: string;
  /** Folder relative plugin paths are resolved from. */
  readonly baseDir: string;
}

/** `10s` → 10000; numbers are milliseconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new RangeError(`invalid duration: ${value}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}
