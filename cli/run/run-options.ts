import { parseByteSize, parseChoice, parseDuration, parseNonNegativeInt } from '../options/scalars.js';
import { parseDir, parseEnv, parseListenAddr, type DirGrant, type ListenAddr } from '../options/wasi-flags.js';
import { UsageError } from '../usage-error.js';
import { parseProfileFlags, type ProfileChoice } from './profile-options.js';

export const BACKENDS = ['interpreter', 'native', 'jit', 'auto'] as const;
export const ALLOCATORS = ['guard-page', 'pooling'] as const;

/** `weft run`'s flags after validation: every value typed, every default explicit. */
export interface RunOptions {
  readonly file: string;
  /** Guest arguments after FILE (argv[1..]; argv[0] is the file name), or the `--invoke` arguments. */
  readonly args: readonly string[];
  readonly invoke: string | null;
  readonly dirs: readonly DirGrant[];
  readonly env: Readonly<Record<string, string>>;
  readonly fuel: number | null;
  readonly timeoutMs: number | null;
  readonly maxMemorySize: number | null;
  readonly maxWasmStack: number | null;
  readonly tcpListen: readonly ListenAddr[];
  readonly backend: (typeof BACKENDS)[number] | null;
  readonly allocator: (typeof ALLOCATORS)[number] | null;
  readonly manifest: string | null;
  readonly verbose: boolean;
  /** The `--profile` flags (repeatable). */
  readonly profile: ProfileChoice;
  /** `--trace FILE`: record the run for `weft replay`, or null. */
  readonly trace: string | null;
}

/** What commander hands over: strings, repeated flags as arrays. */
export interface RawRunFlags {
  invoke?: string;
  dir?: string[];
  env?: string[];
  fuel?: string;
  timeout?: string;
  maxMemorySize?: string;
  maxWasmStack?: string;
  tcplisten?: string[];
  backend?: string;
  allocator?: string;
  manifest?: string;
  verbose?: boolean;
  profile?: string[];
  trace?: string;
}

/** Validates every flag; the first bad one is a `UsageError` naming it. */
export function parseRunOptions(file: string, args: readonly string[], raw: RawRunFlags, hostEnv: NodeJS.ProcessEnv): RunOptions {
  if (raw.invoke !== undefined && raw.invoke === '') throw new UsageError('--invoke: expected a function name, got ""');
  const env: Record<string, string> = {};
  for (const e of raw.env ?? []) parseEnv(e, hostEnv, env);
  const maxWasmStack = raw.maxWasmStack === undefined ? null : parseByteSize('--max-wasm-stack', raw.maxWasmStack);
  if (maxWasmStack !== null && maxWasmStack < 1024) {
    throw new UsageError(`--max-wasm-stack: expected at least 1024 bytes, got ${JSON.stringify(raw.maxWasmStack)}`);
  }
  if (raw.trace !== undefined && raw.invoke !== undefined) {
    throw new UsageError('--trace: records a WASI command run (_start); it cannot be combined with --invoke');
  }
  if (raw.trace === '') throw new UsageError('--trace: expected a file name, got ""');
  return {
    file,
    args,
    invoke: raw.invoke ?? null,
    dirs: (raw.dir ?? []).map(parseDir),
    env,
    fuel: raw.fuel === undefined ? null : parseNonNegativeInt('--fuel', raw.fuel),
    timeoutMs: raw.timeout === undefined ? null : parseDuration('--timeout', raw.timeout),
    maxMemorySize: raw.maxMemorySize === undefined ? null : parseByteSize('--max-memory-size', raw.maxMemorySize),
    maxWasmStack,
    tcpListen: (raw.tcplisten ?? []).map(parseListenAddr),
    backend: raw.backend === undefined ? null : parseChoice('--backend', raw.backend, BACKENDS),
    allocator: raw.allocator === undefined ? null : parseChoice('--allocator', raw.allocator, ALLOCATORS),
    manifest: raw.manifest ?? null,
    verbose: raw.verbose ?? false,
    profile: parseProfileFlags(raw.profile ?? []),
    trace: raw.trace ?? null,
  };
}
