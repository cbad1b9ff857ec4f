import t from 'tap';
import { readFileSync } from 'node:fs';
import { FIXTURES, noBackend, ROOT, weft, weftIn } from './helpers.js';

t.test('--help lists the subcommands; --version prints package.json\'s', async (t) => {
  const h = await weftIn(['--help']);
  t.equal(h.code, 0);
  for (const c of ['run', 'wast', 'inspect']) t.match(h.stdout, new RegExp(`\\n  ${c} `));
  const v = await weftIn(['--version']);
  t.equal(v.code, 0);
  t.equal(v.stdout.trim(), JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version);
  t.equal((await weftIn([])).code, 2, 'no subcommand is a usage error');
});

t.test('bad command lines exit 2 with one line and no stack', async (t) => {
  const cases: [string[], RegExp][] = [
    [['run', 'x.wasm', '--fuel', 'abc'], /^weft: error: --fuel: expected a non-negative integer, got "abc"\n$/],
    [['run', 'x.wasm', '--bogus'], /^weft: error: unknown option '--bogus'\n$/],
    [['run', 'x.wasm', '--timeout', 'soon'], /^weft: error: --timeout: expected a duration/],
    [['run', 'x.wasm', '--backend', 'warp'], /^weft: error: --backend: expected one of/],
    [['run', 'x.wasm', '--dir', '/no/such/dir'], /^weft: error: --dir: not a directory/],
    [['run', 'x.wasm', '--tcplisten', 'nope'], /^weft: error: --tcplisten: expected HOST:PORT/],
    [['run'], /^weft: error: missing required argument 'file'\n$/],
    [['frobnicate'], /^weft: error: unknown command 'frobnicate'/],
    [['wast', FIXTURES, '--reporter', 'xml'], /^weft: error: --reporter: expected one of tap, json, summary, got "xml"\n$/],
    [['wast', '/no/such/path.wast'], /^weft: error: no such file or directory/],
  ];
  for (const [args, re] of cases) {
    const r = await weftIn(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, re, args.join(' '));
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

t.test('running wasm', { skip: noBackend() }, async (t) => {
  t.test('--invoke add 2 3 prints 5', async (t) => {
    const r = await weftIn(['run', 'examples/add.wat', '--invoke', 'add', '2', '3']);
    t.equal(r.stderr, '');
    t.equal(r.stdout, '5\n');
    t.equal(r.code, 0);
  });

  t.test('arguments and results per type, one result per line', async (t) => {
    const wat = `${FIXTURES}cli/types.wat`;
    t.equal((await weftIn(['run', wat, '--invoke', 'i64', '0x7fffffffffffffff'])).stdout, '-9223372036854775808\n');
    t.equal((await weftIn(['run', wat, '--invoke', 'f32', '0.1'])).stdout, '0.1\n');
    t.equal((await weftIn(['run', wat, '--invoke', 'f64', '-inf'])).stdout, '-Infinity\n');
    t.equal((await weftIn(['run', wat, '--invoke', 'multi'])).stdout, '-1\n-2\n0.5\n');
    const bad = await weftIn(['run', wat, '--invoke', 'i64', 'x']);
    t.equal(bad.code, 2);
    t.match(bad.stderr, /^weft: error: --invoke i64: argument 1 \(i64\): expected an i64, got "x"/);
    const count = await weftIn(['run', wat, '--invoke', 'i64']);
    t.equal(count.code, 2);
    t.match(count.stderr, /expected 1 argument/);
    const missing = await weftIn(['run', wat, '--invoke', 'nope']);
    t.equal(missing.code, 2);
    t.match(missing.stderr, /exports no function "nope"/);
  });

  t.test('a trap prints Error: and the wasm backtrace, exit 134', async (t) => {
    const r = await weftIn(['run', `${FIXTURES}cli/trap.wat`, '--invoke', 'outer', '0']);
    t.equal(r.code, 134);
    t.match(r.stderr, /^Error: integer divide by zero\n/);
    t.match(r.stderr, /wasm backtrace:\n/);
    t.notMatch(r.stderr, /\n\s+at /, 'no JavaScript stack');
    t.equal(r.stdout, '');
  });

  t.test('a compile error names the file and exits 1', async (t) => {
    const r = await weftIn(['run', `${FIXTURES}cli/invalid.wat`, '--invoke', 'f']);
    t.equal(r.code, 1);
    t.match(r.stderr, /^Error: .*invalid\.wat: type mismatch/);
  });

  t.test('--fuel and --timeout stop a guest that never ends', async (t) => {
    const wat = `${FIXTURES}cli/types.wat`;
    const fuel = await weftIn(['run', wat, '--invoke', 'spin', '--fuel', '10000']);
    t.equal(fuel.code, 134);
    t.match(fuel.stderr, /^Error: all fuel consumed/);
    const t0 = Date.now();
    const timeout = await weftIn(['run', wat, '--invoke', 'spin', '--timeout', '300ms']);
    t.equal(timeout.code, 134);
    t.match(timeout.stderr, /^Error: interrupt/);
    t.ok(Date.now() - t0 < 10_000, 'interrupted promptly');
  });
});

/** The real binary, spawned: shebang, exit codes and streams as a shell sees them. */
t.test('the weft binary', { skip: noBackend() }, async (t) => {
  const help = weft(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /\n  run /);
  const add = weft(['run', 'examples/add.wat', '--invoke', 'add', '2', '3']);
  t.equal(add.stdout, '5\n');
  t.equal(add.code, 0);
  const trap = weft(['run', `${FIXTURES}cli/trap.wat`, '--invoke', 'outer', '0']);
  t.equal(trap.code, 134);
  t.match(trap.stderr, /^Error: integer divide by zero\nwasm backtrace:\n/);
  const hello = weft(['run', 'examples/hello.wat']);
  t.equal(hello.stdout, 'Hello, WASI!\n', 'WASI stdout');
  t.equal(hello.code, 0);
  t.equal(weft(['run', 'examples/exit-code.wat']).code, 3, 'proc_exit(3) exits 3');
  const bad = weft(['run', 'examples/add.wat', '--fuel', 'lots']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'weft: error: --fuel: expected a non-negative integer, got "lots"\n');
});
