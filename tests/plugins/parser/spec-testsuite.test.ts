/**
 * The "done when": over every `.wast` of the spec testsuite root and `legacy/`, each
 * `assert_invalid`/`assert_malformed` module is rejected and every other module accepted.
 */
import * as fs from 'node:fs';
import t from 'tap';
import { runSpec, specFiles, testsuiteDir } from './spec-runner.js';

const dir = testsuiteDir();
if (!fs.existsSync(dir)) {
  t.comment(`spec testsuite not found at ${dir}: skipping (expected next to the repository, in ../shared/wasm-testsuite)`);
  t.pass('testsuite absent');
} else {
  const res = runSpec(specFiles(dir));
  for (const [kind, c] of Object.entries(res.counts)) {
    t.comment(`${kind}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${c.otherMessage} with another message)`);
  }
  t.same(res.unparsed, [], 'every script parses');
  const real = res.failures.filter((f) => f.startsWith('FAIL') || f.startsWith('CRASH'));
  t.same(real, [], 'no decoder/validator failures');
  const skipped = res.failures.filter((f) => f.startsWith('SKIP'));
  t.same(skipped, [], 'the text encoder encodes every module that is not assert_malformed');
}
