import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtinPluginIds } from '../../index.js';

/** The repository root (tests run from dist/tests/cli/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = `${ROOT}dist/cli/main.js`;
export const FIXTURES = `${ROOT}tests/fixtures/`;
export const SUITE = '/work/shared/wasm-testsuite/';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli/main.js ...args` and captures everything. */
export function weft(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Why tests that execute wasm cannot run yet (no backend registered), or false. */
export function noBackend(): string | false {
  return builtinPluginIds().includes('interpreter') ? false : 'the interpreter backend is not registered yet';
}
