import t from 'tap';
import { existsSync } from 'node:fs';
import { WastRunner } from './wast-runner.js';

// A fast slice of the spec testsuite (the whole suite: dev/run-spec.ts).
const DIR = '/work/shared/wasm-testsuite';
const FILES = [
  'i32', 'i64', 'f32', 'f64', 'conversions', 'float_exprs', 'float_misc', 'int_exprs', 'memory', 'address',
  'br_table', 'call_indirect', 'return_call', 'return_call_indirect', 'bulk', 'table_copy', 'memory_copy',
  'ref_func', 'try_table', 'throw_ref', 'struct', 'array', 'ref_cast', 'br_on_cast', 'i31', 'memory64',
  'simd_i32x4_arith', 'simd_f32x4', 'simd_load', 'legacy/try_catch', 'legacy/try_delegate', 'legacy/rethrow',
];

t.setTimeout(300_000);
for (const name of FILES) {
  const path = `${DIR}/${name}.wast`;
  t.test(name, { skip: !existsSync(path) && 'spec testsuite not present' }, (t) => {
    const r = new WastRunner();
    r.runFile(path);
    const fails = r.failures.filter((f) => !f.startsWith('assert_unlinkable'));
    t.same(fails, [], `${name}: no failures`);
    t.end();
  });
}
