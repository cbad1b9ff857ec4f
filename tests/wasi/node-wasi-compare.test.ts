/**
 * The same programs under weft's WASI and under node:wasi (uvwasi; run in a child process so
 * a guest cannot hang or signal the runner). Differences are expected only where listed:
 *
 * - compare.wasm (args, env, file I/O, directories, stat, rename, symlinks, errnos): identical.
 * - escape.wasm: neither lets the secret out, but the errnos differ by design:
 *   uvwasi says ENOTCAPABLE (76) for `..`/absolute paths where Wasmtime (cap-std) and weft say
 *   EPERM (63); uvwasi refuses to *create* symlinks whose target leaves the preopen (EPERM), so
 *   opening them later is ENOENT (44) instead of EPERM; node:wasi has no read-only preopens,
 *   so the read-only checks "fail" (the writes succeed there).
 * - basics.wasm is not compared: uvwasi's proc_raise really raises the signal in the host, and
 *   its poll_oneoff on a file stdin blocks; args/env/clocks parity is covered by compare.wasm.
 * - rust/prog.wasm (Rust std: files, dirs, readdir, metadata, rename, env, args, clocks,
 *   random, stdin): identical stdout and exit code (node:wasi's output file interleaves stderr,
 *   so stdout is compared with the stderr line taken out).
 * - unstable.wasm needs `wasi_unstable` and preview1 in one module (node:wasi serves one
 *   version per instance); sockets.wasm needs pre-opened listeners (node:wasi has none).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ENGINES, FIXTURES, runProgram } from './helpers/host-engine.js';
import { FS_KINDS, makeSandbox } from './helpers/sandbox.js';

const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'node-wasi-runner.js');

function underNode(wasm: string, args: string[], preopens: Record<string, string>,
  env: Record<string, string> = { WEFT_A: 'alpha' }, stdin = ''): { code: number; output: string } {
  const r = spawnSync(process.execPath, ['--no-warnings', runner, fileURLToPath(new URL(wasm, FIXTURES)),
    JSON.stringify({ args, env, preopens, stdin })], { timeout: 20_000, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node:wasi runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; output: string };
}

t.test('compare.wasm prints the same under weft and node:wasi', async (t) => {
  const sb = makeSandbox('host');
  t.teardown(sb.cleanup);
  const node = underNode('compare.wasm', ['compare', 'x y'], { '/data': path.join(sb.root, 'sandbox') });
  t.equal(node.code, 3);
  t.match(node.output, /read back abXYef\n/);
  for (const engine of ENGINES) for (const kind of FS_KINDS) {
    const s = makeSandbox(kind);
    t.teardown(s.cleanup);
    const w = await runProgram('compare.wasm', { args: ['compare', 'x y'], env: { WEFT_A: 'alpha' }, preopens: s.preopens }, false, engine);
    t.equal(w.code, node.code, `exit code (${engine}, ${kind})`);
    t.equal(w.stdout + w.stderr, node.output, `output (${engine}, ${kind})`);
  }
});

t.test('escape.wasm: nobody escapes; errno differences are the documented ones', async (t) => {
  const sb = makeSandbox('host');
  t.teardown(sb.cleanup);
  const node = underNode('escape.wasm', ['escape', sb.secretPath],
    { '/data': path.join(sb.root, 'sandbox'), '/ro': path.join(sb.root, 'ro') });
  t.notMatch(node.output, /TOP SECRET/, 'node:wasi does not leak the secret either');
  const fails = node.output.split('\n').filter((l) => l.startsWith('FAIL'));
  const explained = (l: string): boolean =>
    /got errno 76, want 63/.test(l) ||                      // ENOTCAPABLE instead of EPERM
    /symlink/.test(l) || /got errno 44/.test(l) ||          // escaping symlinks never created
    / in ro|into ro/.test(l);                               // no read-only preopens in node:wasi
  t.same(fails.filter((l) => !explained(l)), [], 'every difference is one of the documented kinds');
  t.ok(fails.some((l) => /dotdot escape.*got errno 76, want 63/.test(l)), 'uvwasi reports ENOTCAPABLE for ..');
  const mem = makeSandbox('memory');
  t.teardown(mem.cleanup);
  const weft = await runProgram('escape.wasm', { args: ['escape', sb.secretPath], preopens: mem.preopens }, false);
  t.notMatch(weft.stdout, /FAIL/, 'weft gives the Wasmtime errnos');
});

t.test('rust/prog.wasm: same stdout and exit code under node:wasi and weft (interpreter)', async (t) => {
  const nodeSb = makeSandbox('host');
  t.teardown(nodeSb.cleanup);
  const args = ['prog', 'alpha', 'β'];
  const env = { WEFT_RUST: 'ok' };
  const node = underNode('rust/prog.wasm', args, { '/data': path.join(nodeSb.root, 'sandbox') }, env, 'rust stdin\n');
  t.equal(node.code, 0, node.output);
  t.match(node.output, /SUMMARY rust pass=\d+ fail=0\n/);
  const nodeStdout = node.output.replace('stderr works\n', '');
  for (const kind of FS_KINDS) {
    const s = makeSandbox(kind);
    t.teardown(s.cleanup);
    const w = await runProgram('rust/prog.wasm', { args, env, preopens: s.preopens, stdin: 'rust stdin\n' }, false, 'weft');
    t.equal(w.code, node.code, `exit code (${kind})`);
    t.equal(w.stdout, nodeStdout, `stdout (${kind})`);
    t.equal(w.stderr, 'stderr works\n', `stderr (${kind})`);
  }
});
