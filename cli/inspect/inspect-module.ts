import type { Export, Import, ModuleIR } from '../../kernel/ir/module-ir.js';
import type { FuncType } from '../../kernel/ir/types.js';
import { funcTypeToString } from '../../kernel/ir/types.js';
import { globalTypeText, memoryTypeText, subTypeText, tableTypeText, tagTypeText } from './extern-type-text.js';

/** What `weft inspect` reports about a module; also its `--json` shape. */
export interface InspectReport {
  readonly size: number;
  readonly sections: readonly { readonly name: string; readonly id: number; readonly offset: number; readonly size: number }[];
  readonly types: readonly string[];
  readonly imports: readonly { readonly module: string; readonly name: string; readonly kind: string; readonly type: string }[];
  readonly exports: readonly { readonly name: string; readonly kind: string; readonly index: number; readonly type: string }[];
  readonly features: readonly string[];
  readonly functions: {
    readonly imported: number;
    readonly defined: number;
    /** Every function with a name in the name section (or an export name when it has none). */
    readonly named: readonly { readonly index: number; readonly name: string }[];
  };
  readonly memories: readonly string[];
  readonly tables: readonly string[];
  readonly globals: number;
  readonly tags: number;
  readonly start: number | null;
  readonly moduleName: string | null;
  readonly customSections: readonly string[];
}

function funcTypeAt(ir: ModuleIR, typeIndex: number): FuncType {
  return ir.types[typeIndex].composite as FuncType;
}

function importType(ir: ModuleIR, imp: Import): string {
  const d = imp.desc;
  switch (d.kind) {
    case 'func': return funcTypeToString(funcTypeAt(ir, d.typeIndex));
    case 'table': return tableTypeText(d.type);
    case 'memory': return memoryTypeText(d.type);
    case 'global': return globalTypeText(d.type);
    case 'tag': return tagTypeText(funcTypeAt(ir, d.typeIndex));
  }
}

function exportType(ir: ModuleIR, exp: Export): string {
  switch (exp.kind) {
    case 'func': return funcTypeToString(funcTypeAt(ir, ir.funcTypeIndices[exp.index]));
    case 'table': return tableTypeText(ir.tableTypes[exp.index]);
    case 'memory': return memoryTypeText(ir.memoryTypes[exp.index]);
    case 'global': return globalTypeText(ir.globalTypes[exp.index]);
    case 'tag': return tagTypeText(funcTypeAt(ir, ir.tagTypeIndices[exp.index]));
  }
}

/** Everything `weft inspect` shows, from a validated module. Pure; never throws on valid IR. */
export function inspectModule(ir: ModuleIR): InspectReport {
  const named = new Map<number, string>(ir.names.funcs);
  for (const e of ir.exports) if (e.kind === 'func' && !named.has(e.index)) named.set(e.index, e.name);
  return {
    size: ir.bytes.length,
    sections: ir.sections.map((s) => ({ name: s.name, id: s.id, offset: s.offset, size: s.size })),
    types: ir.types.map(subTypeText),
    imports: ir.imports.map((i) => ({ module: i.module, name: i.name, kind: i.desc.kind, type: importType(ir, i) })),
    exports: ir.exports.map((e) => ({ name: e.name, kind: e.kind, index: e.index, type: exportType(ir, e) })),
    features: [...ir.features].sort(),
    functions: {
      imported: ir.numImportedFuncs,
      defined: ir.funcs.length,
      named: [...named].sort((a, b) => a[0] - b[0]).map(([index, name]) => ({ index, name })),
    },
    memories: ir.memoryTypes.map(memoryTypeText),
    tables: ir.tableTypes.map(tableTypeText),
    globals: ir.globalTypes.length,
    tags: ir.tagTypeIndices.length,
    start: ir.start,
    moduleName: ir.names.module,
    customSections: ir.customs.map((c) => c.name),
  };
}
