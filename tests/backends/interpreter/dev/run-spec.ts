/**
 * Dev script (not a tap test): runs the spec testsuite through the interpreter and prints
 * pass/fail per command kind. `node dist/tests/backends/interpreter/dev/run-spec.js [files...]`
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WastRunner, type Counts } from '../wast-runner.js';

const dir = '/work/shared/wasm-testsuite';
const args = process.argv.slice(2);
const verbose = args.includes('-v');
const files = args.filter((a) => a !== '-v');
const list = files.length ? files : [
  ...readdirSync(dir).filter((f) => f.endsWith('.wast')).map((f) => join(dir, f)),
  ...readdirSync(join(dir, 'legacy')).filter((f) => f.endsWith('.wast')).map((f) => join(dir, 'legacy', f)),
];
const total: Counts = {};
for (const f of list) {
  const r = new WastRunner();
  const t0 = Date.now();
  r.runFile(f);
  let p = 0, q = 0;
  for (const [k, c] of Object.entries(r.counts)) {
    const tc = (total[k] ??= { pass: 0, fail: 0 });
    tc.pass += c.pass;
    tc.fail += c.fail;
    p += c.pass;
    q += c.fail;
  }
  console.log(`${q ? 'FAIL' : 'ok  '} ${f.replace(dir + '/', '')}: ${p} passed, ${q} failed (${Date.now() - t0} ms)`);
  if (verbose || files.length) for (const x of r.failures.slice(0, 30)) console.log('     ' + x);
}
console.log('\nper command kind:');
for (const [k, c] of Object.entries(total)) console.log(`  ${k.padEnd(22)} ${c.pass} passed, ${c.fail} failed`);
