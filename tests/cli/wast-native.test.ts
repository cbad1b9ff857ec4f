/**
 * `weft wast` on the native backend over the spec scripts that exercise what crosses the
 * host-engine boundary: spectest's memory and table imported by native modules, data and
 * element segments at instantiation, linking between instances, NaN vs overflow truncations,
 * legacy exceptions. No failures; every skip names a feature the host engine lacks.
 */
import { existsSync } from 'node:fs';
import t from 'tap';
import { SUITE, weftIn } from './helpers.js';

const FILES = [
  'data.wast', 'elem.wast', 'imports.wast', 'linking.wast', 'linking0.wast', 'linking2.wast', 'load1.wast',
  'conversions.wast', 'bulk.wast', 'annotations.wast', 'legacy/throw.wast', 'legacy/rethrow.wast', 'legacy/try_delegate.wast',
];

/** Features V8 11.3 lacks, as the native backend names them. */
const LACKING = /memory64|multi-memory|function-references|gc|extended-const|relaxed-simd|exceptions \(try_table|gc proposal/;

t.test('native: the boundary scripts pass; skips name a missing feature', { skip: !existsSync(SUITE) && 'no spec testsuite' }, async (t) => {
  for (const backend of ['native', 'auto']) {
    const r = await weftIn(['wast', '--backend', backend, '--reporter', 'json', ...FILES.map((f) => SUITE + f)]);
    const j = JSON.parse(r.stdout) as {
      total: { passed: number; failed: number; skipped: number };
      files: { file: string; failures: { line: number; message: string }[]; skips: { reason: string }[] }[];
    };
    t.same(j.files.flatMap((f) => f.failures.map((x) => `${f.file}:${x.line} ${x.message}`)), [], `${backend}: no failures`);
    t.ok(j.total.passed > 1000, `${backend}: ${j.total.passed} passed`);
    const reasons = new Set(j.files.flatMap((f) => f.skips.map((s) => s.reason)));
    for (const reason of reasons) t.match(reason, LACKING, 'skip names a missing feature');
    if (backend === 'auto') t.equal(j.total.skipped, 0, 'auto runs what native cannot on the interpreter, in the same store');
    t.equal(r.code, 0);
  }
});
