/**
 * Encoder round trip over every valid module of the spec testsuite (root and `legacy/`):
 * - copying: `encodeModule(ir)` gives back the exact bytes;
 * - re-encoding every section from the IR decodes to an equal IR, and the host engine's
 *   `WebAssembly.validate` agrees on both;
 * - the native backend's instrumentation (all passes) gives a module weft's validator accepts
 *   and the host engine accepts whenever it accepts the original.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { instrument } from '../../../../backends/native/instrument/instrument.js';
import { TypeRegistry } from '../../../../kernel/ir/type-registry.js';
import type { ModuleIR } from '../../../../kernel/ir/module-ir.js';
import { decodeModule } from '../../../../plugins/parser/binary/index.js';
import { encodeModule } from '../../../../kernel/ir/encoder/index.js';
import { parseWast, watToBinary, type WastModule } from '../../../../plugins/parser/text/index.js';
import { repoRoot } from '../../../backends/native/harness.js';

const dir = path.resolve(repoRoot(), '../shared/wasm-testsuite');

function files(): string[] {
  const out: string[] = [];
  for (const sub of ['', 'legacy']) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) if (f.endsWith('.wast')) out.push(path.join(d, f));
  }
  return out;
}

function bytesOf(m: WastModule): Uint8Array | null {
  if (m.kind === 'binary') return m.bytes;
  if (m.kind === 'malformed-text') return null;
  try {
    return watToBinary(m.text);
  } catch {
    return null;
  }
}

/** The IR without positions (offsets, section table, raw bytes), for equality. */
function shape(ir: ModuleIR): unknown {
  const expr = (e: { code: Uint8Array } | null): number[] | null => (e === null ? null : [...e.code]);
  return {
    types: ir.types, recGroups: ir.recGroups, typeIds: [...ir.typeIds], imports: ir.imports, exports: ir.exports,
    funcTypeIndices: ir.funcTypeIndices, tableTypes: ir.tableTypes, memoryTypes: ir.memoryTypes,
    globalTypes: ir.globalTypes, tagTypeIndices: ir.tagTypeIndices,
    funcs: ir.funcs.map((f) => ({ funcIndex: f.funcIndex, typeIndex: f.typeIndex, locals: f.locals, code: [...f.code] })),
    tables: ir.tables.map((x) => ({ type: x.type, init: expr(x.init) })),
    globals: ir.globals.map((g) => ({ type: g.type, init: expr(g.init) })),
    elems: ir.elems.map((e) => ({ mode: e.mode, table: e.table, type: e.type, offset: expr(e.offset), init: e.init.map(expr) })),
    datas: ir.datas.map((d) => ({ mode: d.mode, memory: d.memory, offset: expr(d.offset), bytes: [...d.bytes] })),
    dataCount: ir.dataCount, start: ir.start, declaredFuncRefs: [...ir.declaredFuncRefs].sort((a, b) => a - b),
    customs: ir.customs.map((c) => ({ name: c.name, bytes: [...c.bytes] })),
  };
}

/**
 * Features that only record which encoding the original used: an explicit singleton `rec`
 * (gc), element/data segment flags other than 0 (bulk-memory), an element type written as
 * `(ref func)` (function-references). The encoder writes the MVP form, so they may drop.
 */
const FORM_ONLY = new Set(['gc', 'bulk-memory', 'function-references']);

function sameFeatures(a: ModuleIR, b: ModuleIR): boolean {
  for (const f of b.features) if (!a.features.has(f)) return false;
  for (const f of a.features) if (!b.features.has(f) && !FORM_ONLY.has(f)) return false;
  return true;
}

if (!fs.existsSync(dir)) {
  t.comment(`spec testsuite not found at ${dir}: skipping`);
  t.pass('testsuite absent');
} else {
  let modules = 0;
  let identical = 0;
  let reencoded = 0;
  let instrumented = 0;
  let hostChecked = 0;
  const failures: string[] = [];
  for (const file of files()) {
    const rel = path.relative(dir, file);
    let script;
    try {
      script = parseWast(fs.readFileSync(file, 'utf8'), rel);
    } catch {
      continue;
    }
    const registry = new TypeRegistry();
    for (const cmd of script.commands) {
      if (cmd.type !== 'module') continue;
      const bytes = bytesOf(cmd.module);
      if (bytes === null) continue;
      let ir: ModuleIR;
      try {
        ir = decodeModule(bytes, registry);
      } catch {
        continue;
      }
      modules++;
      const where = `${rel}:${cmd.line}`;
      try {
        const copy = encodeModule(ir);
        if (Buffer.compare(copy, bytes) === 0) identical++;
        else failures.push(`${where}: copy differs`);

        const again = encodeModule(ir, { reencode: true });
        const ir2 = decodeModule(again, registry);
        if (JSON.stringify(shape(ir2)) === JSON.stringify(shape(ir)) && sameFeatures(ir, ir2)) reencoded++;
        else failures.push(`${where}: re-encoded IR differs`);
        const hostOk = WebAssembly.validate(bytes);
        // The MVP forms the encoder prefers may let an older host accept what it rejected before.
        if (hostOk && !WebAssembly.validate(again)) failures.push(`${where}: host engine rejects the re-encoded module`);

        const all = instrument(ir, { fuel: true, epoch: true, stack: true, allocatorMemories: true });
        decodeModule(all.bytes, registry);
        instrumented++;
        if (hostOk) {
          hostChecked++;
          if (!WebAssembly.validate(all.bytes)) failures.push(`${where}: host engine rejects the instrumented module`);
        }
      } catch (e) {
        failures.push(`${where}: ${(e as Error).message}`);
      }
    }
  }
  t.comment(`${modules} modules: ${identical} copied byte-identical, ${reencoded} re-encoded to an equal IR, ${instrumented} instrumented and re-validated (${hostChecked} also by the host engine)`);
  t.ok(modules > 1000, 'the testsuite has modules');
  t.same(failures.slice(0, 50), [], 'no round-trip failures');
}
