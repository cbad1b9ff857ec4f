import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';
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

/**
 * Runs the CLI's `main` in this process with captured output: the same code path as the binary
 * minus process start-up, which on a busy machine costs seconds per spawn.
 */
export async function weftIn(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** Why tests that execute wasm cannot run yet (no backend registered), or false. */
export function noBackend(): string | false {
  return builtinPluginIds().includes('interpreter') ? false : 'the interpreter backend is not registered yet';
}
