import type { ImportSink } from './host-capability.js';

export const WasiProvider = Symbol.for('weft.WasiProvider');

/** Configuration a WASI provider receives; everything not granted here is invisible to the guest. */
export interface WasiConfig {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Guest path -> host path (or an in-memory filesystem), with read-only flag. */
  readonly preopens: readonly { readonly guest: string; readonly host: string; readonly readonly: boolean; readonly fs?: 'host' | 'memory' }[];
  readonly stdin?: 'inherit' | 'null' | NodeJS.ReadableStream | Uint8Array;
  readonly stdout?: 'inherit' | 'capture' | 'null' | NodeJS.WritableStream;
  readonly stderr?: 'inherit' | 'capture' | 'null' | NodeJS.WritableStream;
  /** TCP listeners to pre-open for the guest (`HOST:PORT`), as `--tcplisten`. */
  readonly tcplisten?: readonly string[];
}

/** Contributes the imports of one WASI version to a linker. */
export interface WasiProvider {
  /** `preview1` or `preview2`. */
  readonly version: string;
  /** Defines the WASI import modules in `sink`; returns a handle for exit code and captured output. */
  addToLinker(sink: ImportSink, config: WasiConfig): unknown;
}
