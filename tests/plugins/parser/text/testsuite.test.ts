// Spec testsuite sweep: every .wast script parses, every text module (outside
// assert_malformed) encodes, and every `assert_malformed (module quote ...)` is rejected.
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { parseWast, watToBinary } from '../../../../plugins/parser/text/index.js';

/** The repository root: the nearest folder above this file holding package.json. */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found');
    dir = up;
  }
  return dir;
}

const suite = path.resolve(repoRoot(), '../shared/wasm-testsuite');

t.test('spec testsuite', async (t) => {
  if (!existsSync(suite)) {
    console.log(`testsuite absent at ${suite}: sweep not run`);
    t.pass(`testsuite absent at ${suite}`);
    return;
  }
  const files = [
    ...readdirSync(suite).filter((f) => f.endsWith('.wast')),
    ...(existsSync(path.join(suite, 'legacy'))
      ? readdirSync(path.join(suite, 'legacy')).filter((f) => f.endsWith('.wast')).map((f) => `legacy/${f}`)
      : []),
  ];
  let scripts = 0;
  let modules = 0;
  let quoteRejected = 0;
  let quoteMessageMatched = 0;
  const failures: string[] = [];
  const start = performance.now();
  for (const f of files) {
    let script;
    try {
      script = parseWast(readFileSync(path.join(suite, f), 'utf8'), f);
      scripts++;
    } catch (e) {
      failures.push(`${f}: ${(e as Error).message}`);
      continue;
    }
    for (const c of script.commands) {
      if (c.type === 'module_instance' || c.type === 'register' || c.type === 'action') continue;
      if (c.type === 'assert_return' || c.type === 'assert_exhaustion' || c.type === 'assert_exception') continue;
      const m = c.module;
      if (m === null) continue;
      if (c.type === 'assert_malformed') {
        if (m.kind === 'quote') {
          try {
            watToBinary(m.text);
            failures.push(`${f}:${c.line}: accepted malformed quote module (${c.message})`);
          } catch (e) {
            if (!(e instanceof CompileError)) throw e;
            quoteRejected++;
            if (e.reason.startsWith(c.message)) quoteMessageMatched++;
          }
        }
        continue;
      }
      if (m.kind === 'binary' && m.fromText) modules++;
      if (m.kind === 'quote') {
        try {
          watToBinary(m.text);
          modules++;
        } catch (e) {
          failures.push(`${f}:${c.line}: quote module failed: ${(e as Error).message}`);
        }
      }
    }
  }
  const ms = performance.now() - start;
  console.log(`text format sweep: ${scripts}/${files.length} scripts parsed, ${modules} text modules encoded, ` +
    `${quoteRejected} quote-malformed rejected (${quoteMessageMatched} with the testsuite's message), ${ms.toFixed(0)} ms`);
  t.same(failures, [], 'no failures');
  t.equal(scripts, files.length, 'every script parses');
  t.ok(modules > 0, `${modules} modules encoded`);
  t.ok(quoteRejected > 0, `${quoteRejected} quote modules rejected`);
});
