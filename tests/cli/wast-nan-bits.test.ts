import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { noBackend, SUITE, weftIn } from './helpers.js';

// Signalling NaNs cross the API in bits form (Func.callBits), so these compare exactly.
const SCRIPT = `(module
  (func (export "id32") (param f32) (result f32) local.get 0)
  (func (export "id64") (param f64) (result f64) local.get 0)
  (func (export "reinterpret") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "splat") (param f32) (result v128) (f32x4.splat (local.get 0)))
  (global (export "g") f64 (f64.const -0x1p-1)))
(assert_return (invoke "id32" (f32.const nan:0x200000)) (f32.const nan:0x200000))
(assert_return (invoke "id32" (f32.const -nan:0x1)) (f32.const -nan:0x1))
(assert_return (invoke "id64" (f64.const nan:0x4000000000000)) (f64.const nan:0x4000000000000))
(assert_return (invoke "id64" (f64.const -0)) (f64.const -0))
(assert_return (invoke "reinterpret" (i32.const 0x7fa00000)) (f32.const nan:0x200000))
(assert_return (invoke "splat" (f32.const nan:0x1)) (v128.const f32x4 nan:0x1 nan:0x1 nan:0x1 nan:0x1))
(assert_return (invoke "id32" (f32.const nan)) (f32.const nan:canonical))
(assert_return (get "g") (f64.const -0.5))
`;

t.test('weft wast: signalling-NaN payloads survive arguments and results', { skip: noBackend() }, async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'weft-nan-')), 'snan.wast');
  writeFileSync(file, SCRIPT);
  const r = await weftIn(['wast', '--reporter', 'json', file]);
  const j = JSON.parse(r.stdout);
  t.same(j.files[0].failures, []);
  t.same(j.total, { passed: 9, failed: 0, skipped: 0 });
  t.equal(r.code, 0);
});

t.test('weft wast: a wrong payload is still a failure, shown with its bits', { skip: noBackend() }, async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'weft-nan-')), 'wrong.wast');
  writeFileSync(file, '(module (func (export "id32") (param f32) (result f32) local.get 0))\n'
    + '(assert_return (invoke "id32" (f32.const nan:0x200000)) (f32.const nan:0x200001))\n');
  const r = await weftIn(['wast', '--reporter', 'json', file]);
  const j = JSON.parse(r.stdout);
  t.equal(j.total.failed, 1);
  t.match(j.files[0].failures[0].message, /expected \(f32\.const NaN bits 0x7fa00001\), got \(f32\.const NaN bits 0x7fa00000\)/);
});

t.test('weft wast: the spec scripts that lost signalling NaNs now pass', { skip: noBackend() || (!existsSync(SUITE) && 'no spec testsuite') }, async (t) => {
  const files = ['select.wast', 'float_memory0.wast', 'simd_splat.wast', 'local_tee.wast'].map((f) => SUITE + f);
  const r = await weftIn(['wast', '--reporter', 'json', ...files]);
  const j = JSON.parse(r.stdout);
  t.same(j.files.flatMap((f: { failures: unknown[] }) => f.failures), []);
  t.equal(j.total.failed, 0);
});
