/**
 * poll_oneoff readiness of stdin. Through the CLI, in a child process whose stdin is a socket
 * (Node's 'pipe') or a real pipe (`cat |`): the caller writes only after the guest printed
 * "clock first", so that first poll can only end with its clock; the next must end with stdin
 * readable, and reads must see every byte once. In process: bytes, an empty stream, a file.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Caller, HostFunction } from '../../kernel/runtime/func-instance.js';
import { WasiPreview1 } from '../../wasi/preview1/index.js';
import { FIXTURES, summaryOf } from './helpers/host-engine.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const PROGRAM = fileURLToPath(new URL('poll_stdin.wasm', FIXTURES));

interface ChildRun { code: number | null; stdout: string; stderr: string }

/** Runs the program under `weft run`, writing two lines to its stdin once it printed "clock first". */
function runWithDelayedStdin(viaRealPipe: boolean): Promise<ChildRun> {
  const [cmd, args] = viaRealPipe
    ? ['sh', ['-c', `cat | exec "${process.execPath}" "${CLI}" run --backend interpreter "${PROGRAM}"`]]
    : [process.execPath, [CLI, 'run', '--backend', 'interpreter', PROGRAM]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args as string[], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let wrote = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (!wrote && stdout.includes('clock first\n')) {
        wrote = true;
        child.stdin.write('hello\n');
        setTimeout(() => child.stdin.end('second line\n'), 50);
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Both children start at once: most of their time is the CLI's start-up.
const childRuns = [false, true].map((viaRealPipe) => ({ viaRealPipe, run: runWithDelayedStdin(viaRealPipe) }));
for (const { viaRealPipe, run } of childRuns) {
  t.test(`weft run: poll on stdin that is ${viaRealPipe ? 'a pipe' : 'a socket'} with delayed data`, async (t) => {
    const r = await run;
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.equal(summaryOf(r.stdout)?.fail, 0, r.stdout);
    const order = ['clock first\n', 'stdin ready nbytes=', 'read: hello\n'].map((s) => r.stdout.indexOf(s));
    t.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `events in order: ${r.stdout}`);
    t.match(r.stdout, `stdin total=${'hello\nsecond line\n'.length}\n`, 'every byte read exactly once');
  });
}

/** A caller whose memory is a plain WebAssembly.Memory, to call the imports directly. */
function directCaller(mem: WebAssembly.Memory): Caller {
  const view = { get buffer() { return mem.buffer; }, get byteLength() { return mem.buffer.byteLength; }, generation: 0 };
  return { getExport: (n: string) => (n === 'memory' ? view : undefined), data: null } as unknown as Caller;
}

interface PollEvent { userdata: bigint; error: number; type: number; nbytes: bigint; flags: number }

/** poll_oneoff on fd 0 (userdata 1) and a relative monotonic clock (userdata 2). */
function pollStdin(wasi: WasiPreview1, timeoutNs: bigint): PollEvent[] {
  const mem = new WebAssembly.Memory({ initial: 1 });
  const dv = new DataView(mem.buffer);
  dv.setBigUint64(0, 1n, true); dv.setUint8(8, 1); dv.setUint32(16, 0, true);
  dv.setBigUint64(48, 2n, true); dv.setUint8(56, 0); dv.setUint32(64, 1, true); dv.setBigUint64(72, timeoutNs, true);
  const poll = wasi.imports().wasi_snapshot_preview1.poll_oneoff as HostFunction;
  const errno = poll(directCaller(mem), 0, 1024, 2, 2048) as number;
  if (errno !== 0) throw new Error(`poll_oneoff errno ${errno}`);
  const out: PollEvent[] = [];
  for (let i = 0; i < dv.getUint32(2048, true); i++) {
    const p = 1024 + i * 32;
    out.push({ userdata: dv.getBigUint64(p, true), error: dv.getUint16(p + 8, true), type: dv.getUint8(p + 10), nbytes: dv.getBigUint64(p + 16, true), flags: dv.getUint16(p + 24, true) });
  }
  return out;
}

t.test('in-process stdin readiness: bytes, empty stream, file', async (t) => {
  const bytes = new WasiPreview1({ stdin: 'four' });
  t.match(pollStdin(bytes, 5_000_000_000n), [{ userdata: 1n, type: 1, nbytes: 4n, flags: 0 }], 'bytes: ready with their count');

  const empty = new WasiPreview1({ stdin: '' });
  t.match(pollStdin(empty, 5_000_000_000n), [{ userdata: 1n, type: 1, flags: 1 }], 'no bytes: end of input (hang-up)');

  const stream = new PassThrough();
  const waiting = new WasiPreview1({ stdin: stream });
  const t0 = performance.now();
  t.match(pollStdin(waiting, 30_000_000n), [{ userdata: 2n, type: 0 }], 'stream with nothing buffered: the clock fires');
  t.ok(performance.now() - t0 >= 25, 'and only after its timeout');
  stream.end('late');
  await new Promise((r) => setImmediate(r));
  t.match(pollStdin(waiting, 5_000_000_000n), [{ userdata: 1n, type: 1, nbytes: 4n }], 'stream with data buffered: ready');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-poll-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.txt');
  fs.writeFileSync(file, 'abc');
  const fd = fs.openSync(file, 'r');
  t.teardown(() => fs.closeSync(fd));
  t.match(pollStdin(new WasiPreview1({ stdin: fd }), 5_000_000_000n), [{ userdata: 1n, type: 1, error: 0 }], 'a file is always ready');
});
