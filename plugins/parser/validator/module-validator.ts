/**
 * Module-level validation: types, imports, limits, globals, tables, tags, exports, start,
 * element and data segments (with their constant expressions), then every function body.
 * Returns the set of declared function references (`ModuleIR.declaredFuncRefs`).
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { CodeReader } from '../../../kernel/ir/code-reader.js';
import type { ConstExpr } from '../../../kernel/ir/module-ir.js';
import type { Limits, MemoryType, TableType } from '../../../kernel/ir/types.js';
import type { DecodeState } from '../binary/decode-state.js';
import { F } from '../binary/features.js';
import { FuncValidator } from './func-validator.js';
import { Kind, ModuleContext } from './module-context.js';
import { isNullable, valSub } from './val-types.js';
import { validateTypes } from './type-checks.js';

const MAX_PAGES_32 = 65536;
const MAX_PAGES_64 = 2 ** 48;
const MAX_TABLE_32 = 0xffffffff;

/** One validator per thread is enough: its stacks are reused from module to module. */
let shared: FuncValidator | null = null;

export function validateModule(st: DecodeState): Set<number> {
  validateTypes(st);
  const m = new ModuleContext(st);
  const fv = shared ?? (shared = new FuncValidator());
  const reader = new CodeReader(st.bytes);
  const declared = new Set<number>();
  const refs: number[] = [];
  fv.constRefs = refs;

  const inv = (reason: string, offset: number): CompileError => new CompileError(reason, { offset, kind: 'invalid' });

  const constExpr = (e: ConstExpr, expected: number, globals: number, fallbackOffset: number): void => {
    if (e.offset >= 0) {
      fv.validateConst(m, expected, globals, reader, e.offset, e.offset + e.code.length);
    } else {
      const r = new CodeReader(e.code, 0, e.code.length, 0);
      try {
        fv.validateConst(m, expected, globals, r, 0, e.code.length);
      } catch (err) {
        if (err instanceof CompileError) throw new CompileError(err.reason, { offset: fallbackOffset, kind: err.kind });
        throw err;
      }
    }
  };

  // Imports: function and tag types, limits.
  for (let k = 0; k < st.imports.length; k++) {
    const d = st.imports[k].desc;
    if (d.kind === 'table') checkTable(d.type, -1);
    else if (d.kind === 'memory') checkMemory(d.type, -1);
  }
  for (let t = 0; t < st.tagTypeIndices.length; t++) {
    const ti = st.tagTypeIndices[t];
    if (ti >= m.numTypes) throw inv(`unknown type ${ti}`, st.tagOffsets[t]);
    if (m.kinds[ti] !== Kind.Func) throw inv('type mismatch', st.tagOffsets[t]);
    if (m.results[ti].length !== 0) throw inv('non-empty tag result type', st.tagOffsets[t]);
  }

  // Tables (with initialisers), memories.
  for (let k = 0; k < st.tables.length; k++) {
    const idx = st.numImportedTables + k;
    const def = st.tables[k];
    checkTable(def.type, st.tableOffsets[idx]);
    const et = m.tableElem[idx];
    // The table section precedes the global section: only imported globals are visible.
    if (def.init) constExpr(def.init, et, st.numImportedGlobals, st.tableOffsets[idx]);
    else if (!isNullable(et)) throw inv('type mismatch', st.tableOffsets[idx]);
  }
  if (m.numTables > 1) st.features.add(F.referenceTypes);
  for (let k = st.numImportedMemories; k < st.memoryTypes.length; k++) checkMemory(st.memoryTypes[k], st.memoryOffsets[k]);
  if (m.numMems > 1) st.features.add(F.multiMemory);

  // Globals: each initialiser may read the globals before it.
  for (let k = 0; k < st.globals.length; k++) {
    const idx = st.numImportedGlobals + k;
    constExpr(st.globals[k].init, m.globalTypes[idx], idx, st.globalOffsets[idx]);
  }

  // Exports.
  const names = new Set<string>();
  for (let k = 0; k < st.exports.length; k++) {
    const e = st.exports[k];
    const at = st.exportOffsets[k];
    if (names.has(e.name)) throw inv('duplicate export name', at);
    names.add(e.name);
    const limit = e.kind === 'func' ? m.numFuncs : e.kind === 'table' ? m.numTables : e.kind === 'memory' ? m.numMems
      : e.kind === 'global' ? m.numGlobals : m.numTags;
    if (e.index >= limit) throw inv(`unknown ${e.kind === 'func' ? 'function' : e.kind} ${e.index}`, at);
    if (e.kind === 'func') declared.add(e.index);
    if (e.kind === 'global' && m.globalMut[e.index]) st.features.add(F.mutableGlobals);
  }

  // Start function.
  if (st.start !== null) {
    const f = st.start;
    if (f >= m.numFuncs) throw inv(`unknown function ${f}`, st.startOffset);
    const t = m.funcTypes[f];
    if (m.params[t].length !== 0 || m.results[t].length !== 0) throw inv('start function', st.startOffset);
  }

  // Element segments.
  for (let k = 0; k < st.elems.length; k++) {
    const seg = st.elems[k];
    const at = st.elemOffsets[k];
    const et = m.elemTypes[k];
    if (seg.mode === 'active') {
      if (seg.table >= m.numTables) throw inv(`unknown table ${seg.table}`, at);
      if (!valSub(m.reg, et, m.tableElem[seg.table])) throw inv('type mismatch', at);
      constExpr(seg.offset!, m.tableAddr[seg.table], m.numGlobals, at);
    }
    for (const e of seg.init) constExpr(e, et, m.numGlobals, at);
  }

  // Data segments.
  for (let k = 0; k < st.datas.length; k++) {
    const seg = st.datas[k];
    const at = st.dataOffsets[k];
    if (seg.mode === 'active') {
      if (seg.memory >= m.numMems) throw inv(`unknown memory ${seg.memory}`, at);
      constExpr(seg.offset!, m.memAddr[seg.memory], m.numGlobals, at);
    }
  }

  for (const f of refs) declared.add(f);
  fv.constRefs = null;
  for (const f of declared) m.declared[f] = 1;

  // Function bodies.
  for (const body of st.funcs) {
    fv.validateFunction(m, body.funcIndex, body.typeIndex, body.locals, reader, body.codeOffset, body.codeOffset + body.codeLength);
  }
  return declared;
}

function checkLimits(l: Limits, max: number, offset: number, what: string): void {
  if (l.min > max || (l.max !== null && l.max > max)) throw new CompileError(what, { offset, kind: 'invalid' });
  if (l.max !== null && l.min > l.max) {
    throw new CompileError('size minimum must not be greater than maximum', { offset, kind: 'invalid' });
  }
}

function checkTable(t: TableType, offset: number): void {
  // 64-bit table limits are u64 by construction; any value is in range.
  if (t.address === 'i64') checkLimits(t.limits, Infinity, offset, 'table size');
  else checkLimits(t.limits, MAX_TABLE_32, offset, 'table size must be at most 2^32-1');
}

function checkMemory(t: MemoryType, offset: number): void {
  if (t.address === 'i64') checkLimits(t.limits, MAX_PAGES_64, offset, 'memory size must be at most 2^48 pages');
  else checkLimits(t.limits, MAX_PAGES_32, offset, 'memory size must be at most 65536 pages (4GiB)');
  if (t.shared && t.limits.max === null) throw new CompileError('shared memory must have maximum', { offset, kind: 'invalid' });
}
