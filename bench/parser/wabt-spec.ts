/**
 * Dev harness: runs the decoder/validator over spec-testsuite commands converted by wabt's
 * `wast2json` (see `split-wast.py` next to this file, which converts each command on its own
 * so one unsupported command does not lose a whole file). Usage:
 *   node dist/bench/parser/wabt-spec.js <dir-with-json> [--verbose] [--filter name]
 * Reports passed/failed per command kind; with --verbose prints each failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompileError } from '../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { decodeModule } from '../../plugins/parser/binary/index.js';

interface Cmd { type: string; filename?: string; text?: string; module_type?: string; line?: number }

function* jsonFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* jsonFiles(p);
    else if (e.name.endsWith('.json')) yield p;
  }
}

export function runWabtSpec(dir: string, verbose: boolean, filter: string | null): Record<string, { passed: number; failed: number; msgMismatch: number }> {
  const counts: Record<string, { passed: number; failed: number; msgMismatch: number }> = {};
  const bump = (k: string, ok: boolean, mm = false): void => {
    const c = (counts[k] ??= { passed: 0, failed: 0, msgMismatch: 0 });
    if (ok) c.passed++; else c.failed++;
    if (mm) c.msgMismatch++;
  };
  for (const jf of jsonFiles(dir)) {
    if (filter && !jf.includes(filter)) continue;
    let doc: { commands: Cmd[] };
    try {
      doc = JSON.parse(fs.readFileSync(jf, 'utf8')) as { commands: Cmd[] };
    } catch {
      continue;
    }
    const registry = new TypeRegistry();
    for (const c of doc.commands) {
      if (!c.filename || !c.filename.endsWith('.wasm')) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(path.dirname(jf), c.filename)));
      let error: unknown = null;
      try {
        decodeModule(bytes, registry);
      } catch (e) {
        error = e;
      }
      const where = `${jf}:${c.filename}`;
      if (error !== null && !(error instanceof CompileError)) {
        bump(c.type, false);
        console.log(`CRASH ${where}: ${(error as Error).stack}`);
        continue;
      }
      const reason = error ? (error as CompileError).reason : null;
      if (c.type === 'assert_invalid' || c.type === 'assert_malformed') {
        const ok = reason !== null;
        const mm = ok && !!c.text && !reason!.startsWith(c.text);
        bump(`${c.type}`, ok, mm);
        if (verbose && (!ok || mm)) console.log(`${ok ? 'MSG' : 'FAIL'} ${c.type} ${where} expected "${c.text}" got ${reason === null ? 'valid' : `"${reason}" @${(error as CompileError).offset}`}`);
      } else {
        bump(c.type, reason === null);
        if (verbose && reason !== null) console.log(`FAIL ${c.type} ${where}: ${(error as CompileError).message}`);
      }
    }
  }
  return counts;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const fi = args.indexOf('--filter');
  const counts = runWabtSpec(args[0] ?? '/tmp/wsplit', args.includes('--verbose'), fi >= 0 ? args[fi + 1] : null);
  console.table(counts);
}
