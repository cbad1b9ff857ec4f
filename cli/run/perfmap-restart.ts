import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { V8_PERF_FLAGS } from '../../profiler/perfmap/v8-wasm-symbols.js';

/**
 * `--profile perfmap` needs V8's perf flags on node's own command line: re-launch node with
 * them, the same script and the same arguments, stdio inherited; resolves to the child's exit
 * code (128 + signal number when it was killed).
 */
export function relaunchWithPerfFlags(userArgs: readonly string[]): Promise<number> {
  const script = fileURLToPath(new URL('../main.js', import.meta.url));
  const flags = V8_PERF_FLAGS.filter((f) => !process.execArgv.includes(f));
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...userArgs], { stdio: 'inherit' });
  return new Promise((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null) resolveExit(code);
      else resolveExit(128 + (signal ? signalNumber(signal) : 0));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  const n: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
  return n[signal] ?? 1;
}
