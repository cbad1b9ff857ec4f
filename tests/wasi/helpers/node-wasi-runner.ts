/**
 * Runs a fixture under `node:wasi` in a child process (a hung or signal-raising guest cannot
 * take the test runner down). argv: wasm path, JSON {args, env, preopens, stdin}; prints
 * JSON {code, output} where output is the guest's stdout+stderr.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WASI } from 'node:wasi';

const [wasmPath, json] = process.argv.slice(2);
const cfg = JSON.parse(json) as { args: string[]; env: Record<string, string>; preopens: Record<string, string>; stdin: string };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-nodewasi-'));
try {
  fs.writeFileSync(path.join(dir, 'in'), cfg.stdin);
  const inFd = fs.openSync(path.join(dir, 'in'), 'r');
  const outFd = fs.openSync(path.join(dir, 'out'), 'w');
  const wasi = new WASI({ version: 'preview1', args: cfg.args, env: cfg.env, preopens: cfg.preopens, stdin: inFd, stdout: outFd, stderr: outFd, returnOnExit: true });
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), wasi.getImportObject() as WebAssembly.Imports);
  const code = wasi.start(instance);
  fs.closeSync(outFd);
  process.stdout.write(JSON.stringify({ code, output: fs.readFileSync(path.join(dir, 'out'), 'utf8') }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
