/**
 * Runs the decoder/validator over the WebAssembly spec testsuite's `.wast` scripts (parsed
 * with the text plugin's `parseWast`/`watToBinary`): every `assert_invalid` and
 * `assert_malformed` module must be rejected, every other module accepted. Counts results
 * per command kind. Shared by the tap test and `bench/parser/spec.ts`-style dev runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../plugins/parser/binary/index.js';
import { parseWast, watToBinary } from '../../../plugins/parser/text/index.js';
import type { WastModule } from '../../../plugins/parser/text/index.js';

export interface KindCount {
  passed: number;
  failed: number;
  skipped: number;
  /** Rejected as expected, but the reason does not start with the testsuite's message. */
  otherMessage: number;
}

export interface SpecResult {
  counts: Record<string, KindCount>;
  failures: string[];
  /** Scripts the text parser could not read at all (their commands are not counted). */
  unparsed: string[];
}

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** `../shared/wasm-testsuite` next to the repository (or `$WEFT_TESTSUITE`). */
export function testsuiteDir(): string {
  return process.env.WEFT_TESTSUITE ?? path.resolve(repoRoot(), '../shared/wasm-testsuite');
}

export function specFiles(dir = testsuiteDir()): string[] {
  const out: string[] = [];
  for (const sub of ['', 'legacy']) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) if (f.endsWith('.wast')) out.push(path.join(d, f));
  }
  return out;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

function compile(bytes: Uint8Array, registry: TypeRegistry): Outcome {
  try {
    decodeModule(bytes, registry);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Text → bytes for a command's module; null when the text encoder rejects it. */
function bytesOf(m: WastModule): { bytes: Uint8Array | null; textError: unknown } {
  if (m.kind === 'binary') return { bytes: m.bytes, textError: null };
  if (m.kind === 'malformed-text') return { bytes: null, textError: m.error };
  try {
    return { bytes: watToBinary(m.text), textError: null };
  } catch (e) {
    return { bytes: null, textError: e };
  }
}

export function runSpec(files = specFiles()): SpecResult {
  const counts: Record<string, KindCount> = {};
  const failures: string[] = [];
  const unparsed: string[] = [];
  const count = (kind: string, outcome: 'passed' | 'failed' | 'skipped' | 'otherMessage'): void => {
    (counts[kind] ??= { passed: 0, failed: 0, skipped: 0, otherMessage: 0 })[outcome]++;
  };
  for (const file of files) {
    const rel = path.relative(testsuiteDir(), file);
    let script;
    try {
      script = parseWast(fs.readFileSync(file, 'utf8'), rel);
    } catch (e) {
      unparsed.push(`${rel}: ${(e as Error).message}`);
      continue;
    }
    const registry = new TypeRegistry();
    for (const cmd of script.commands) {
      let module: WastModule | null = null;
      let expectValid = true;
      let kind: string = cmd.type;
      if (cmd.type === 'module') {
        module = cmd.module;
        if (module.kind === 'quote') kind = 'module (quote)';
      } else if (cmd.type === 'assert_trap' && cmd.module) {
        module = cmd.module;
        kind = 'assert_trap (module)';
      } else if (cmd.type === 'assert_invalid' || cmd.type === 'assert_malformed' || cmd.type === 'assert_unlinkable' || cmd.type === 'assert_uninstantiable') {
        module = cmd.module;
        expectValid = cmd.type === 'assert_unlinkable' || cmd.type === 'assert_uninstantiable';
        const form = module.kind === 'binary' ? (module.fromText ? 'text' : 'binary') : 'quote';
        kind = `${cmd.type} (${form})`;
      }
      if (module === null) continue;
      const where = `${rel}:${cmd.line}`;
      const { bytes, textError } = bytesOf(module);
      if (bytes === null) {
        // The text encoder rejected it: right for assert_malformed (a text-level error), a
        // text-encoder gap otherwise (not a decoder result; counted as skipped).
        if (cmd.type === 'assert_malformed') count(kind, 'passed');
        else {
          count(kind, 'skipped');
          failures.push(`SKIP ${kind} ${where}: text encoder: ${(textError as Error).message}`);
        }
        continue;
      }
      const r = compile(bytes, registry);
      if (!r.ok && !(r.error instanceof CompileError)) {
        count(kind, 'failed');
        failures.push(`CRASH ${kind} ${where}: ${(r.error as Error).stack}`);
      } else if (r.ok === expectValid) {
        count(kind, 'passed');
        if (!r.ok && 'message' in cmd && !(r.error as CompileError).reason.startsWith(cmd.message)) {
          count(kind, 'otherMessage');
          failures.push(`MESSAGE ${kind} ${where}: "${(r.error as CompileError).reason}" (testsuite: "${cmd.message}")`);
        }
      } else {
        count(kind, 'failed');
        const msg = r.ok ? 'accepted' : `rejected: ${(r.error as CompileError).message}`;
        const expected = 'message' in cmd ? ` (expected "${cmd.message}")` : '';
        failures.push(`FAIL ${kind} ${where}: ${msg}${expected}`);
      }
    }
  }
  return { counts, failures, unparsed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const files = only.length ? specFiles().filter((f) => only.some((o) => f.includes(o))) : specFiles();
  const res = runSpec(files);
  if (process.argv.includes('--verbose')) for (const f of res.failures) console.log(f);
  for (const u of res.unparsed) console.log(`UNPARSED ${u}`);
  console.table(res.counts);
}
