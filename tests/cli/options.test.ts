import t from 'tap';
import { parseByteSize, parseDuration, parseNonNegativeInt } from '../../cli/options/scalars.js';
import { parseDir, parseEnv, parseListenAddr } from '../../cli/options/wasi-flags.js';
import { formatF32, formatWasmValue, parseWasmValue } from '../../cli/options/wasm-values.js';
import { parseRunOptions } from '../../cli/run/run-options.js';
import { UsageError } from '../../cli/usage-error.js';
import { ROOT } from './helpers.js';

t.test('integers parse per type, decimal or hex, wrapping unsigned spellings', async (t) => {
  t.equal(parseWasmValue('5', 'i32', 'x'), 5);
  t.equal(parseWasmValue('-5', 'i32', 'x'), -5);
  t.equal(parseWasmValue('0xffffffff', 'i32', 'x'), -1);
  t.equal(parseWasmValue('4294967295', 'i32', 'x'), -1);
  t.throws(() => parseWasmValue('4294967296', 'i32', 'x'), UsageError);
  t.throws(() => parseWasmValue('1.5', 'i32', 'x'), UsageError);
  t.equal(parseWasmValue('0xffffffffffffffff', 'i64', 'x'), -1n);
  t.equal(parseWasmValue('-9223372036854775808', 'i64', 'x'), -(2n ** 63n));
  t.throws(() => parseWasmValue('18446744073709551616', 'i64', 'x'), UsageError);
});

t.test('floats accept decimals, nan and inf', async (t) => {
  t.equal(parseWasmValue('1.5', 'f64', 'x'), 1.5);
  t.equal(parseWasmValue('-inf', 'f64', 'x'), -Infinity);
  t.equal(parseWasmValue('inf', 'f32', 'x'), Infinity);
  t.ok(Number.isNaN(parseWasmValue('nan', 'f32', 'x')));
  t.equal(parseWasmValue('0.1', 'f32', 'x'), Math.fround(0.1));
  t.equal(parseWasmValue('1e3', 'f64', 'x'), 1000);
  t.throws(() => parseWasmValue('abc', 'f64', 'x'), /expected an f64, got "abc"/);
});

t.test('results print like Wasmtime: signed integers, shortest f32', async (t) => {
  t.equal(formatWasmValue(-1, 'i32'), '-1');
  t.equal(formatWasmValue(-2n, 'i64'), '-2');
  t.equal(formatWasmValue(Math.fround(0.1), 'f32'), '0.1');
  t.equal(formatF32(Math.fround(3.4028234663852886e38)), '3.4028235e+38');
  t.equal(formatWasmValue(0.5, 'f64'), '0.5');
  t.equal(formatWasmValue(-0, 'f64'), '-0');
  t.equal(formatWasmValue(NaN, 'f64'), 'NaN');
  const v = new Uint8Array(16);
  v[0] = 1;
  t.equal(formatWasmValue(v, 'v128'), `0x${'0'.repeat(31)}1`);
});

t.test('scalars: integers, sizes, durations', async (t) => {
  t.equal(parseNonNegativeInt('--fuel', '1_000'), 1000);
  t.throws(() => parseNonNegativeInt('--fuel', 'abc'), { message: '--fuel: expected a non-negative integer, got "abc"' });
  t.throws(() => parseNonNegativeInt('--fuel', '-1'), UsageError);
  t.equal(parseByteSize('--max-memory-size', '64K'), 65536);
  t.equal(parseByteSize('--max-memory-size', '2Mi'), 2 * 1024 * 1024);
  t.throws(() => parseByteSize('--max-memory-size', '12q'), UsageError);
  t.equal(parseDuration('--timeout', '200ms'), 200);
  t.equal(parseDuration('--timeout', '2s'), 2000);
  t.equal(parseDuration('--timeout', '1m'), 60_000);
  t.equal(parseDuration('--timeout', '1.5s'), 1500);
  t.throws(() => parseDuration('--timeout', '10'), /expected a duration/);
});

t.test('WASI flags: --dir, --env, --tcplisten', async (t) => {
  t.same(parseDir(`${ROOT}examples`), { host: `${ROOT}examples`, guest: `${ROOT}examples`, readonly: false });
  t.same(parseDir(`${ROOT}examples::/data:ro`), { host: `${ROOT}examples`, guest: '/data', readonly: true });
  t.throws(() => parseDir('/no/such/dir'), /not a directory/);
  const env: Record<string, string> = {};
  parseEnv('A=1', {}, env);
  parseEnv('B', { B: 'from-host' }, env);
  parseEnv('C', {}, env);
  parseEnv('D=', {}, env);
  t.same(env, { A: '1', B: 'from-host', D: '' });
  t.same(parseListenAddr('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  t.same(parseListenAddr('[::1]:80'), { host: '::1', port: 80 });
  t.throws(() => parseListenAddr('localhost'), UsageError);
  t.throws(() => parseListenAddr('h:99999'), UsageError);
});

t.test('run options: every flag validated, first bad one named', async (t) => {
  const o = parseRunOptions('a.wasm', ['x'], { fuel: '10', timeout: '2s', backend: 'interpreter', env: ['K=V'] }, {});
  t.equal(o.fuel, 10);
  t.equal(o.timeoutMs, 2000);
  t.same(o.env, { K: 'V' });
  t.throws(() => parseRunOptions('a.wasm', [], { backend: 'fast' }, {}), /--backend: expected one of interpreter, native, jit, auto, got "fast"/);
  t.throws(() => parseRunOptions('a.wasm', [], { allocator: 'x' }, {}), /--allocator/);
  t.throws(() => parseRunOptions('a.wasm', [], { maxWasmStack: '10' }, {}), /at least 1024/);
});
