/**
 * A Rust-built program (std only, tests/fixtures/wasi/rust) under `weft run` on the
 * interpreter: files, directories, readdir, metadata, rename, env, args, clocks, random and
 * stdin, all checked by the program itself, and the exit code it asks for passed on as weft's.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { FIXTURES, summaryOf } from './helpers/host-engine.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const PROGRAM = fileURLToPath(new URL('rust/prog.wasm', FIXTURES));

t.test('weft run --dir HOST::/data rust/prog.wasm on the interpreter', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-rust-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'keep.txt'), 'untouched');
  const args = ['run', '--backend', 'interpreter', '--dir', `${dir}::/data`, '--env', 'WEFT_RUST=ok', PROGRAM, '--', 'alpha', 'β', '--exit', '7'];
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('rust stdin\n');
  });
  t.equal(summaryOf(r.stdout)?.fail, 0, r.stdout + r.stderr);
  t.ok((summaryOf(r.stdout)?.pass ?? 0) >= 19, 'all checks ran');
  t.match(r.stdout, 'args: alpha β --exit 7\n');
  t.match(r.stdout, 'readdir: a.txt,renamed.txt,sub\n');
  t.equal(r.stderr, 'stderr works\n');
  t.equal(r.code, 7, 'the exit code the program asked for');
  t.same(fs.readdirSync(dir), ['keep.txt'], 'the program cleaned up after itself, inside /data only');
});
