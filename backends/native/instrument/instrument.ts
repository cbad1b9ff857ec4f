/**
 * The native backend's instrumentation: rewrites a validated module so the host engine runs
 * it with weft's limits. Every pass is off unless asked; with all off the original bytes are
 * returned untouched (byte-identical).
 *
 * Runtime imports (module `weft:rt`) are appended after the module's own imports, so imported
 * functions and globals keep their indices and defined ones shift by the number added
 * (`funcShift`, `globalShift`); every index use is remapped: code, constant expressions,
 * exports, start, element segments. The name section is renumbered to match, with the inserted
 * imports named `weft:rt.<name>` (`name-section.ts`), so V8 reports the guest's own names;
 * backtraces map indices and offsets back to the original module.
 *
 * Allocator control turns defined memories into imports (`weft:memory` / `"<index>"`) placed
 * after the module's memory imports, so memory indices do not change. `memory.grow` and
 * `table.grow` always go through weft's store limits (`grow-routing.ts`), which moves what
 * they grow into imports the same way.
 */
import type { FuncType, SubType, ValType } from '../../../kernel/ir/types.js';
import type { ElemSegment, ModuleIR } from '../../../kernel/ir/module-ir.js';
import type { BlockType } from '../../../kernel/ir/code-reader.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { appendToVecSection, encodeModule } from '../../../kernel/ir/encoder/module-encoder.js';
import {
  SectionId, writeData, writeElem, writeExport, writeImport, writeLocals, writeTableDef, writeGlobalDef,
} from '../../../kernel/ir/encoder/section-encoder.js';
import { writeSubType } from '../../../kernel/ir/encoder/type-encoder.js';
import { remapConstExpr, rewriteBody, type BodyInstrumentation, type IndexRemap } from './body-rewriter.js';
import { OffsetMap } from './offset-map.js';
import { GROWS, TRUNC_F32, TRUNC_F64, privateTableExport, privateTables, scanBodies } from './body-scan.js';
import { TABLE_MODULE, declareGrowImports, planGrowRouting } from './grow-routing.js';
import { BRANCH_HINT_SECTION, branchHintSection, enableBranchHints, insertBeforeCode, type FunctionHints } from './branch-hints.js';
import { renumberNameSection, type InsertedName, type NameRenumbering } from './name-section.js';

export const RUNTIME_MODULE = 'weft:rt';
export const MEMORY_MODULE = 'weft:memory';

export interface InstrumentOptions {
  readonly fuel: boolean;
  readonly epoch: boolean;
  readonly stack: boolean;
  /** Call `weft:rt.enter`/`exit` with the function index around every defined function. */
  readonly callHooks?: boolean;
  /** Defined memories become imports provided by weft's InstanceAllocator. */
  readonly allocatorMemories: boolean;
}

/** What the instantiation must provide, and how to map the engine's indices back. */
export interface InstrumentLayout {
  readonly funcShift: number;
  readonly globalShift: number;
  /** Names of the `weft:rt` imports, in order (functions first, then globals). */
  readonly runtimeImports: readonly string[];
  /** Number of defined memories turned into `weft:memory` imports. */
  readonly importedMemories: number;
  /** Number of defined tables turned into `weft:table` imports (grow-routing.ts). */
  readonly importedTables: number;
  /** Frame cost of each defined function, in bytes (stack pass), else empty. */
  readonly frameBytes: Int32Array;
  /**
   * Trapping truncations carry NaN guards (`trunc-guard.ts`): V8's "float unrepresentable"
   * there means overflow, and `unreachable` attributed to a truncation means NaN.
   */
  readonly truncGuards: boolean;
  /** Defined tables exported under `privateTableExport` names only for weft (see body-scan.ts). */
  readonly privateTables: readonly number[];
}

export interface InstrumentedModule {
  readonly bytes: Uint8Array;
  readonly layout: InstrumentLayout;
  /** Maps the engine's function indices and offsets back to the original module, or null when unchanged. */
  readonly offsets: OffsetMap | null;
}

/** Bytes a frame costs in the stack pass: a fixed header plus 8 per parameter and local. */
export function frameBytesOf(params: number, locals: number): number {
  return 32 + 8 * (params + locals);
}

const NO_SHIFT: InstrumentLayout = Object.freeze({
  funcShift: 0, globalShift: 0, runtimeImports: Object.freeze([]), importedMemories: 0, importedTables: 0, frameBytes: new Int32Array(0),
  truncGuards: false, privateTables: Object.freeze([]),
});

function funcTypeOfIndex(ir: ModuleIR, typeIndex: number): FuncType {
  return ir.types[typeIndex].composite as FuncType;
}

function plainFunc(params: readonly ValType[], results: readonly ValType[]): SubType {
  return { final: true, supertypes: [], composite: { kind: 'func', params, results } };
}

export function instrument(ir: ModuleIR, opts: InstrumentOptions): InstrumentedModule {
  const callHooks = opts.callHooks === true;
  const definedMemories = ir.memoryTypes.length - ir.numImportedMemories;
  const countingPasses = opts.fuel || opts.stack;
  // Always on, or V8's trap is ambiguous: NaN guards before trapping truncations
  // (trunc-guard.ts); tables that indirect calls use made readable (body-scan.ts).
  const bodies = scanBodies(ir);
  const truncs = bodies.map((b) => b & (TRUNC_F32 | TRUNC_F64));
  const truncGuards = truncs.some((k) => k !== 0);
  const hiddenTables = privateTables(ir, bodies);
  // Grows go through weft's store limits, on memories and tables weft owns (grow-routing.ts).
  const grow = planGrowRouting(ir, bodies);
  const moveMemories = (opts.allocatorMemories || grow?.importDefinedMemories === true) && definedMemories > 0;
  if (!countingPasses && !opts.epoch && !callHooks && !moveMemories && !truncGuards && hiddenTables.length === 0 && grow === null) {
    return { bytes: ir.bytes, layout: NO_SHIFT, offsets: null };
  }

  // Types appended after the module's own (indices of existing types do not change).
  const newTypes: SubType[] = [];
  const typeIndex = (t: SubType): number => {
    newTypes.push(t);
    return ir.types.length + newTypes.length - 1;
  };
  const imports = new ByteSink();
  let importCount = 0;
  const runtimeImports: string[] = [];
  const insertedFuncs: InsertedName[] = [];
  const insertedGlobals: InsertedName[] = [];
  const addImport = (module: string, name: string, desc: Parameters<typeof writeImport>[1]['desc']): void => {
    writeImport(imports, { module, name, desc });
    importCount++;
    if (module === RUNTIME_MODULE) runtimeImports.push(name);
  };
  /** Records runtime import `name` at engine index `index` for the renumbered name section. */
  const named = (into: InsertedName[], index: number, name: string): number => {
    into.push({ index, name: `${RUNTIME_MODULE}.${name}` });
    return index;
  };

  let nextFunc = ir.numImportedFuncs;
  let pollFunc = -1;
  if (opts.epoch) {
    // Returns non-zero when the deadline passed; the guest then traps at an inserted site.
    addImport(RUNTIME_MODULE, 'poll', { kind: 'func', typeIndex: typeIndex(plainFunc([], ['i32'])) });
    pollFunc = named(insertedFuncs, nextFunc++, 'poll');
  }
  let enterHook = -1;
  let exitHook = -1;
  if (callHooks) {
    const hookType = typeIndex(plainFunc(['i32'], []));
    addImport(RUNTIME_MODULE, 'enter', { kind: 'func', typeIndex: hookType });
    enterHook = named(insertedFuncs, nextFunc++, 'enter');
    addImport(RUNTIME_MODULE, 'exit', { kind: 'func', typeIndex: hookType });
    exitHook = named(insertedFuncs, nextFunc++, 'exit');
  }
  const growFuncs = grow === null ? null : declareGrowImports(grow, (name, type) => {
    addImport(RUNTIME_MODULE, name, { kind: 'func', typeIndex: typeIndex(type) });
    return named(insertedFuncs, nextFunc++, name);
  });
  let nextGlobal = ir.numImportedGlobals;
  let fuelGlobal = -1;
  if (opts.fuel) {
    addImport(RUNTIME_MODULE, 'fuel', { kind: 'global', type: { type: 'i64', mutable: true } });
    fuelGlobal = named(insertedGlobals, nextGlobal++, 'fuel');
  }
  let stackGlobal = -1;
  if (opts.stack) {
    addImport(RUNTIME_MODULE, 'stack', { kind: 'global', type: { type: 'i32', mutable: true } });
    stackGlobal = named(insertedGlobals, nextGlobal++, 'stack');
  }
  let epochGlobal = -1;
  if (opts.epoch) {
    addImport(RUNTIME_MODULE, 'countdown', { kind: 'global', type: { type: 'i32', mutable: true } });
    epochGlobal = named(insertedGlobals, nextGlobal++, 'countdown');
  }
  if (moveMemories) {
    for (let i = ir.numImportedMemories; i < ir.memoryTypes.length; i++) {
      addImport(MEMORY_MODULE, String(i), { kind: 'memory', type: ir.memoryTypes[i] });
    }
  }
  if (grow?.importDefinedTables === true) {
    for (let i = ir.numImportedTables; i < ir.tableTypes.length; i++) addImport(TABLE_MODULE, String(i), { kind: 'table', type: ir.tableTypes[i] });
  }

  const remap: IndexRemap = {
    numImportedFuncs: ir.numImportedFuncs, funcShift: nextFunc - ir.numImportedFuncs,
    numImportedGlobals: ir.numImportedGlobals, globalShift: nextGlobal - ir.numImportedGlobals,
  };
  const shifted = remap.funcShift !== 0 || remap.globalShift !== 0;

  // Wrapper block types for multi-result functions, one type per signature.
  const wrapperTypes = new Map<number, BlockType>();
  const wrapperFor = (ti: number): BlockType => {
    let bt = wrapperTypes.get(ti);
    if (bt !== undefined) return bt;
    const results = funcTypeOfIndex(ir, ti).results;
    bt = results.length === 0 ? null : results.length === 1 ? results[0] : typeIndex(plainFunc([], results));
    wrapperTypes.set(ti, bt);
    return bt;
  };

  const sections = new Map<number, Uint8Array | null>();
  const frameBytes = new Int32Array(opts.stack ? ir.funcs.length : 0);
  let offsets: OffsetMap | null = null;
  const hints: FunctionHints[] = [];
  const wrapped = opts.fuel || opts.stack || callHooks;

  // Code is always re-emitted (verbatim when no code pass runs) so offsets map back exactly.
  {
    const code = new ByteSink(ir.bytes.length * 2);
    code.u32(ir.funcs.length);
    const bodyStarts = new Int32Array(ir.funcs.length);
    const news: Int32Array[] = [];
    const olds: Int32Array[] = [];
    const sites: Int32Array[] = [];
    const siteCodes: Uint8Array[] = [];
    for (let f = 0; f < ir.funcs.length; f++) {
      const body = ir.funcs[f];
      const type = funcTypeOfIndex(ir, body.typeIndex);
      const frame = frameBytesOf(type.params.length, body.locals.length);
      if (opts.stack) frameBytes[f] = frame;
      // Locals the passes add, after the function's own: stack, epoch (i32), fuel (i64).
      const extra: ValType[] = [];
      const addLocal = (on: boolean, t: ValType): number => {
        if (!on) return -1;
        extra.push(t);
        return type.params.length + body.locals.length + extra.length - 1;
      };
      const savedLocal = addLocal(opts.stack, 'i32');
      const epochLocal = addLocal(opts.epoch, 'i32');
      const fuelLocal = addLocal(opts.fuel, 'i64');
      const truncF32 = addLocal((truncs[f] & TRUNC_F32) !== 0, 'f32');
      const truncF64 = addLocal((truncs[f] & TRUNC_F64) !== 0, 'f64');
      const growLocal = addLocal(growFuncs !== null && (bodies[f] & GROWS) !== 0, 'i32');
      const ins: BodyInstrumentation = {
        fuelGlobal, fuelLocal, epochGlobal, epochLocal, pollFunc, stackGlobal, frameBytes: frame, savedLocal,
        enterHook, exitHook, funcIndex: ir.numImportedFuncs + f,
        typeHasParams: (ti) => funcTypeOfIndex(ir, ti).params.length > 0,
        wrapperType: wrapped ? wrapperFor(body.typeIndex) : null,
        ...(growFuncs !== null && growLocal >= 0 ? { grow: { funcs: growFuncs, local: growLocal } } : {}),
      };
      const rw = rewriteBody(body.code, body.codeOffset, remap, ins, truncs[f] !== 0 ? { f32: truncF32, f64: truncF64 } : null);
      const locals = new ByteSink();
      writeLocals(locals, extra.length > 0 ? [...body.locals, ...extra] : body.locals);
      if (rw.unlikely.length > 0) {
        hints.push({ funcIndex: remapF(remap, ir.numImportedFuncs + f), offsets: rw.unlikely.map((o) => o + locals.length) });
      }
      code.u32(locals.length + rw.code.length);
      code.bytes(locals.view());
      bodyStarts[f] = code.length;
      code.bytes(rw.code);
      news.push(rw.newOffsets);
      olds.push(rw.oldOffsets);
      sites.push(rw.trapSites);
      siteCodes.push(rw.trapCodes);
    }
    sections.set(SectionId.Code, code.finish());
    offsets = new OffsetMap(ir.numImportedFuncs, remap.funcShift, bodyStarts, news, olds, sites, siteCodes);
  }

  if (shifted || hiddenTables.length > 0) {
    const exports = [...ir.exports, ...hiddenTables.map((index) => ({ name: privateTableExport(index), kind: 'table' as const, index }))];
    sections.set(SectionId.Export, vecOf(exports, (s, e) => {
      const index = e.kind === 'func' ? remapF(remap, e.index) : e.kind === 'global' ? remapG(remap, e.index) : e.index;
      writeExport(s, { name: e.name, kind: e.kind, index });
    }));
  }
  if (shifted) {
    if (ir.start !== null) sections.set(SectionId.Start, new ByteSink().u32(remapF(remap, ir.start)).finish());
    if (ir.globals.length > 0) {
      sections.set(SectionId.Global, vecOf(ir.globals, (s, g) => {
        writeGlobalDef(s, { type: g.type, init: { code: remapConstExpr(g.init.code, remap), offset: -1 } });
      }));
    }
    if (ir.tables.some((t) => t.init !== null)) {
      sections.set(SectionId.Table, vecOf(ir.tables, (s, t) => {
        writeTableDef(s, t.init === null ? t : { type: t.type, init: { code: remapConstExpr(t.init.code, remap), offset: -1 } });
      }));
    }
    if (ir.elems.length > 0) sections.set(SectionId.Element, vecOf(ir.elems, (s, e) => writeElem(s, remapElem(e, remap))));
    if (ir.datas.length > 0 && remap.globalShift !== 0) {
      sections.set(SectionId.Data, vecOf(ir.datas, (s, d) => {
        writeData(s, d.offset === null ? d : { ...d, offset: { code: remapConstExpr(d.offset.code, remap), offset: -1 } });
      }));
    }
  }
  if (moveMemories) sections.set(SectionId.Memory, null);
  if (grow?.importDefinedTables === true) sections.set(SectionId.Table, null);
  if (newTypes.length > 0) {
    const t = new ByteSink();
    for (const st of newTypes) writeSubType(t, st);
    sections.set(SectionId.Type, appendToVecSection(ir, SectionId.Type, newTypes.length, t.view()));
  }
  sections.set(SectionId.Import, appendToVecSection(ir, SectionId.Import, importCount, imports.view()));

  // Every code pass but the memory move and hidden tables inserts blocks (label names go stale).
  const labelsUnchanged = !countingPasses && !opts.epoch && !callHooks && !truncGuards && grow === null;
  const renumberNames = shifted || !labelsUnchanged;
  // Stale offsets: the guest's own branch hints go; ours mark the inserted slow paths.
  let bytes = encodeModule(ir, {
    sections, dropCustom: (name) => name === BRANCH_HINT_SECTION || (renumberNames && name === 'name'),
  });
  if (renumberNames) {
    const names = renamedSection(ir, {
      numImportedFuncs: ir.numImportedFuncs, funcShift: remap.funcShift, numImportedGlobals: ir.numImportedGlobals,
      globalShift: remap.globalShift, insertedFuncs, insertedGlobals, labelsUnchanged,
    });
    if (names !== null) bytes = concat(bytes, names);
  }
  const hintSection = branchHintSection(hints);
  if (hintSection !== null) {
    enableBranchHints();
    bytes = insertBeforeCode(bytes, hintSection);
  }
  if (offsets !== null) offsets.locateCode(bytes);
  return {
    bytes,
    layout: {
      funcShift: remap.funcShift, globalShift: remap.globalShift, runtimeImports,
      importedMemories: moveMemories ? definedMemories : 0, importedTables: grow?.importDefinedTables === true ? ir.tables.length : 0, frameBytes, truncGuards, privateTables: hiddenTables,
    },
    offsets,
  };
}

/**
 * The guest's name section renumbered, or null when it has none that decodes (the last valid
 * one counts, as in the parser). Appended at the end: custom sections may go anywhere.
 */
function renamedSection(ir: ModuleIR, m: NameRenumbering): Uint8Array | null {
  for (let i = ir.customs.length - 1; i >= 0; i--) {
    if (ir.customs[i].name !== 'name') continue;
    const section = renumberNameSection(ir.customs[i].bytes, m);
    if (section !== null) return section;
  }
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function remapF(m: IndexRemap, f: number): number {
  return f < m.numImportedFuncs ? f : f + m.funcShift;
}

function remapG(m: IndexRemap, g: number): number {
  return g < m.numImportedGlobals ? g : g + m.globalShift;
}

function remapElem(e: ElemSegment, m: IndexRemap): ElemSegment {
  return {
    mode: e.mode, table: e.table, type: e.type,
    offset: e.offset === null ? null : { code: remapConstExpr(e.offset.code, m), offset: -1 },
    init: e.init.map((x) => ({ code: remapConstExpr(x.code, m), offset: -1 })),
  };
}

function vecOf<T>(items: readonly T[], write: (s: ByteSink, item: T) => void): Uint8Array {
  const s = new ByteSink();
  s.u32(items.length);
  for (const it of items) write(s, it);
  return s.finish();
}
