/**
 * The C fixture programs with weft's WASI, on both filesystems and on both engines: the host
 * engine (WebAssembly.instantiate + a test adapter) and weft's own Linker + default backend.
 */
import t from 'tap';
import { FS_KINDS, makeSandbox } from './helpers/sandbox.js';
import { ENGINES, runProgram, summaryOf } from './helpers/host-engine.js';

for (const engine of ENGINES) {
const runOnHost = (n: string, o: Parameters<typeof runProgram>[1]) => runProgram(n, o, true, engine);
for (const kind of FS_KINDS) {
  t.test(`fs_ops on ${kind} fs (${engine})`, async (t) => {
    const sb = makeSandbox(kind);
    t.teardown(sb.cleanup);
    const r = await runOnHost('fs_ops.wasm', { args: ['fs_ops'], preopens: sb.preopens });
    const s = summaryOf(r.stdout);
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.ok(s && s.pass >= 85 && s.fail === 0, `summary: ${JSON.stringify(s)}`);
  });

  t.test(`unstable layouts on ${kind} fs (${engine})`, async (t) => {
    const sb = makeSandbox(kind);
    t.teardown(sb.cleanup);
    const r = await runOnHost('unstable.wasm', { args: ['unstable'], preopens: sb.preopens });
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, /unstable fd_write\n/);
    t.match(r.stdout, /SUMMARY unstable pass=\d+ fail=0/);
  });
}

t.test(`basics (${engine}): args, env, clocks, random, stdin, poll, exit code`, async (t) => {
  const input = Buffer.from('line one\nline two\n');
  const r = await runOnHost('basics.wasm', {
    args: ['basics', '7', 'two words', 'ünïcode'],
    env: { WEFT_A: 'alpha', WEFT_B: 'beta' },
    stdin: input,
  });
  t.equal(r.code, 7, r.stdout + r.stderr);
  t.equal(r.wasi.exitCode, 7);
  t.match(r.stdout, /argc=4\nargv\[0\]=basics\nargv\[1\]=7\nargv\[2\]=two words\nargv\[3\]=ünïcode\n/);
  t.match(r.stdout, /envc=2\n/);
  t.match(r.stdout, `stdin_ready_nbytes=${input.length}\n`);
  let sum = 0;
  for (const b of input) sum = (Math.imul(sum, 31) + b) >>> 0;
  t.match(r.stdout, `stdin_bytes=${input.length} stdin_sum=${sum}\n`);
  t.match(r.stdout, /SUMMARY basics pass=\d+ fail=0/);
  t.equal(r.stderr, 'exiting with 7\n');
});

t.test(`exit codes reach the embedder (${engine})`, async (t) => {
  const ok = await runOnHost('basics.wasm', { args: ['basics', '0'], env: { WEFT_A: 'alpha' } });
  t.equal(ok.code, 0, ok.stdout);
  const bad = await runOnHost('bench.wasm', { args: ['bench', 'read', '/nope'] });
  t.equal(bad.code, 2, 'open of an ungranted path fails inside the guest');
});

t.test(`random can be injected (${engine})`, async (t) => {
  let calls = 0;
  const r = await runOnHost('basics.wasm', {
    args: ['basics', '3'], env: { WEFT_A: 'alpha' },
    random: (b) => { calls++; b.fill(4); },
  });
  t.ok(calls >= 3, 'random source used');
  t.match(r.stdout, /FAIL random bytes differ/, 'a fake source shows through');
  t.equal(r.code, 99, 'and the program reports failure');
});
}
