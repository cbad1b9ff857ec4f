import type { ModuleIR } from '../ir/module-ir.js';
import type { ExternKind, FuncType, GlobalType, MemoryType, TableType } from '../ir/types.js';
import {
  funcTypeToString, globalTypeToString, memoryTypeToString, tableTypeToString, tagTypeToString,
} from './type-text.js';

/** The type of an import or export. Concrete heap types inside refer to the module's type indices. */
export type ExternType =
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly type: FuncType };

export interface ImportType {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  readonly type: ExternType;
  /** Text form, e.g. `(func (param i32) (result i32))`. */
  readonly text: string;
}

export interface ExportType {
  readonly name: string;
  readonly kind: ExternKind;
  readonly type: ExternType;
  readonly text: string;
}

export function externTypeToString(t: ExternType): string {
  switch (t.kind) {
    case 'func': return funcTypeToString(t.type);
    case 'table': return tableTypeToString(t.type);
    case 'memory': return memoryTypeToString(t.type);
    case 'global': return globalTypeToString(t.type);
    case 'tag': return tagTypeToString(t.type);
  }
}

function funcAt(ir: ModuleIR, typeIndex: number): FuncType {
  return ir.types[typeIndex].composite as FuncType;
}

/** The type of the `index`-th entity of `kind` (imports first). */
export function externTypeOf(ir: ModuleIR, kind: ExternKind, index: number): ExternType {
  switch (kind) {
    case 'func': return { kind, type: funcAt(ir, ir.funcTypeIndices[index]) };
    case 'table': return { kind, type: ir.tableTypes[index] };
    case 'memory': return { kind, type: ir.memoryTypes[index] };
    case 'global': return { kind, type: ir.globalTypes[index] };
    case 'tag': return { kind, type: funcAt(ir, ir.tagTypeIndices[index]) };
  }
}

export function moduleImports(ir: ModuleIR): ImportType[] {
  return ir.imports.map((imp) => {
    const d = imp.desc;
    const type: ExternType = d.kind === 'func' || d.kind === 'tag'
      ? { kind: d.kind, type: funcAt(ir, d.typeIndex) }
      : d.kind === 'table' ? { kind: 'table', type: d.type }
        : d.kind === 'memory' ? { kind: 'memory', type: d.type } : { kind: 'global', type: d.type };
    return { module: imp.module, name: imp.name, kind: d.kind, type, text: externTypeToString(type) };
  });
}

export function moduleExports(ir: ModuleIR): ExportType[] {
  return ir.exports.map((e) => {
    const type = externTypeOf(ir, e.kind, e.index);
    return { name: e.name, kind: e.kind, type, text: externTypeToString(type) };
  });
}
