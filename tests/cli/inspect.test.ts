import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { collectWastFiles } from '../../cli/wast/collect-files.js';
import { formatInspect } from '../../cli/inspect/format-inspect.js';
import { inspectModule } from '../../cli/inspect/inspect-module.js';
import { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { WeftParser } from '../../plugins/parser/index.js';
import { parseWast } from '../../plugins/parser/text/index.js';
import { FIXTURES, noBackend, SUITE, weftIn } from './helpers.js';

const parser = new WeftParser();

const SAMPLE = `(module $sample
  (type $t (func (param i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "mem" (memory 1 2))
  (table 2 funcref)
  (global $g (mut i64) (i64.const 0))
  (func $double (export "double") (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $sext (export "sext") (param i32) (result i32) (i32.extend8_s (local.get 0)))
  (export "g" (global $g)))`;

t.test('inspectModule: sections, imports, exports with types, features, names', async (t) => {
  const ir = parser.parseBinary(parser.watToBinary(SAMPLE), new TypeRegistry());
  const r = inspectModule(ir);
  t.ok(r.sections.some((s) => s.name === 'type' && s.size > 0));
  t.same(r.imports, [
    { module: 'env', name: 'log', kind: 'func', type: '(func (param i32))' },
    { module: 'env', name: 'mem', kind: 'memory', type: '(memory 1 2)' },
  ]);
  t.same(r.exports.map((e) => [e.name, e.kind, e.type]), [
    ['double', 'func', '(func (param i32) (result i32))'],
    ['sext', 'func', '(func (param i32) (result i32))'],
    ['g', 'global', '(global (mut i64))'],
  ]);
  t.ok(r.features.includes('sign-extension'), `features: ${r.features.join(', ')}`);
  t.equal(r.functions.imported, 1);
  t.equal(r.functions.defined, 2);
  t.ok(r.functions.named.some((n) => n.index === 1 && (n.name === 'double' || n.name === '$double')));
  const text = formatInspect('sample.wat', r);
  t.match(text, /imports \(2\):\n {2}"env" "log" {2}\(func \(param i32\)\)/);
  t.match(text, /functions: 3 \(1 imported, 2 defined\)/);
});

t.test('weft inspect prints text and --json', { skip: noBackend() }, async (t) => {
  const r = await weftIn(['inspect', 'examples/add.wat']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /exports \(1\):\n {2}"add" {2}func 0 {2}\(func \(param i32 i32\) \(result i32\)\)/);
  const j = await weftIn(['inspect', 'examples/add.wat', '--json']);
  const o = JSON.parse(j.stdout);
  t.equal(o.exports[0].name, 'add');
  t.equal(o.functions.defined, 1);
  const bad = await weftIn(['inspect', `${FIXTURES}cli/invalid.wat`]);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /^Error: .*invalid\.wat.*type mismatch/);
});

/**
 * Every module the spec testsuite expects to be valid (top-level `module` commands) goes through
 * inspect's core: it must never throw on a module the parser accepts.
 */
t.test('inspect works on every valid module of the testsuite', { skip: existsSync(SUITE) ? false : `no testsuite at ${SUITE}` }, async (t) => {
  let inspected = 0;
  let rejected = 0;
  let unparsedScripts = 0;
  const failures: string[] = [];
  // The 3.0 core scripts and legacy exceptions (proposals/ are not 3.0).
  const scripts = collectWastFiles([SUITE]).filter((f) => /^[^/]+\.wast$|^legacy\//.test(f.slice(SUITE.length)));
  for (const file of scripts) {
    let commands;
    try {
      commands = parseWast(readFileSync(file, 'utf8'), file).commands;
    } catch {
      unparsedScripts++;
      continue;
    }
    for (const c of commands) {
      if (c.type !== 'module' || c.module.kind !== 'binary') continue;
      let ir;
      try {
        ir = parser.parseBinary(c.module.bytes, new TypeRegistry());
      } catch {
        rejected++;
        continue;
      }
      try {
        formatInspect(file, inspectModule(ir));
        JSON.stringify(inspectModule(ir));
        inspected++;
      } catch (e) {
        failures.push(`${file}:${c.line}: ${(e as Error).message}`);
      }
    }
  }
  t.comment(`inspected ${inspected} modules; parser rejected ${rejected} the suite expects valid; ${unparsedScripts} scripts did not parse`);
  t.same(failures, [], 'inspect never throws on an accepted module');
  t.ok(inspected > 1000, `inspected ${inspected} modules`);
});
