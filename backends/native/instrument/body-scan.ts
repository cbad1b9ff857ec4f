/**
 * One pass over each function body, before rewriting, for what the always-on rewrites need to
 * know: which truncation guards a body needs, whether the module makes indirect calls (whose
 * ambiguous V8 trap is resolved by reading the table, see `fault-translator.ts`), and whether
 * it grows memories or tables (`grow-routing.ts`).
 */
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import { Op } from '../../../kernel/ir/opcodes.js';
import { isTrappingTrunc, takesF64 } from './trunc-guard.js';

/** Body bits: trapping truncations of an f32 / f64 operand. */
export const TRUNC_F32 = 1;
export const TRUNC_F64 = 2;
/** Body bit: `call_indirect` or `return_call_indirect`. */
export const CALL_INDIRECT = 4;
/** Body bit: `memory.grow` or `table.grow` (routed through weft's limits, `grow-routing.ts`). */
export const GROWS = 8;

const scratch = new Instr();

/** The bits above for one body. */
export function scanBody(code: Uint8Array): number {
  let bits = 0;
  const r = new CodeReader(code);
  while (!r.atEnd()) {
    r.read(scratch);
    const op = scratch.op;
    if (isTrappingTrunc(op)) bits |= takesF64(op) ? TRUNC_F64 : TRUNC_F32;
    else if (op === Op.CallIndirect || op === Op.ReturnCallIndirect) bits |= CALL_INDIRECT;
    else if (op === Op.MemoryGrow || op === Op.TableGrow) bits |= GROWS;
  }
  return bits;
}

/** `scanBody` of every defined function, in order. */
export function scanBodies(ir: ModuleIR): Int32Array {
  const bits = new Int32Array(ir.funcs.length);
  for (let f = 0; f < ir.funcs.length; f++) bits[f] = scanBody(ir.funcs[f].code);
  return bits;
}

/** Name of the export that makes defined table `index` readable by weft. */
export function privateTableExport(index: number): string {
  return `weft:table:${index}`;
}

/**
 * Defined tables no export reaches, when the module makes indirect calls: exported under
 * `privateTableExport` names (weft's own exports map never shows them) so a `call_indirect`
 * fault can tell a null entry from a signature mismatch.
 */
export function privateTables(ir: ModuleIR, bodies: Int32Array): number[] {
  if (!bodies.some((b) => (b & CALL_INDIRECT) !== 0)) return [];
  const out: number[] = [];
  for (let t = ir.numImportedTables; t < ir.tableTypes.length; t++) {
    if (!ir.exports.some((e) => e.kind === 'table' && e.index === t)) out.push(t);
  }
  return out;
}
