/**
 * ModuleIR: the parser's output, immutable and validated. Backends trust it and never
 * re-validate. Function bodies and constant expressions stay as byte ranges of the original
 * module (decoded on demand with `CodeReader`), so decoding allocates nothing per instruction
 * and the native backend can copy untouched code verbatim.
 */
import type {
  ExternKind, FuncType, GlobalType, MemoryType, RecGroup, RefType, SubType, TableType, ValType,
} from './types.js';

/** Instruction bytes of a constant expression, including its final `end` (0x0B). */
export interface ConstExpr {
  readonly code: Uint8Array;
  /** Byte offset of `code[0]` in the module (or -1 when synthesised by the decoder). */
  readonly offset: number;
}

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly typeIndex: number };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  /** Index in the index space of `kind` (imports first). */
  readonly index: number;
}

export interface FuncBody {
  /** Index of the function in the function index space (imports counted). */
  readonly funcIndex: number;
  readonly typeIndex: number;
  /** Declared locals, expanded (parameters not included). */
  readonly locals: readonly ValType[];
  /** The instruction sequence, from the first instruction to the final `end` inclusive. */
  readonly code: Uint8Array;
  /** Byte offset of `code[0]` in the module, for traps and backtraces. */
  readonly codeOffset: number;
  /** Byte offset of the body's size field in the module (what tools call the function offset). */
  readonly bodyOffset: number;
}

export interface TableDef {
  readonly type: TableType;
  /** Initialiser for every element (function-references form), or null for the default null. */
  readonly init: ConstExpr | null;
}

export interface GlobalDef {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface ElemSegment {
  readonly mode: SegmentMode;
  /** Target table for active segments (0 otherwise). */
  readonly table: number;
  readonly offset: ConstExpr | null;
  readonly type: RefType;
  /** One constant expression per element (the index form is synthesised as `ref.func i`). */
  readonly init: readonly ConstExpr[];
}

export interface DataSegment {
  readonly mode: 'active' | 'passive';
  readonly memory: number;
  readonly offset: ConstExpr | null;
  readonly bytes: Uint8Array;
}

export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Byte offset of the section's contents (after the name) in the module. */
  readonly offset: number;
}

export interface SectionInfo {
  readonly id: number;
  /** `type`, `import`, ... or `custom:<name>`. */
  readonly name: string;
  /** Offset of the section id byte. */
  readonly offset: number;
  /** Size of the contents in bytes. */
  readonly size: number;
}

export interface NameMap {
  readonly module: string | null;
  readonly funcs: ReadonlyMap<number, string>;
  readonly locals: ReadonlyMap<number, ReadonlyMap<number, string>>;
}

/** Proposal-level features a module uses, as named in `weft inspect` and backend gating. */
export type Feature =
  | 'mutable-globals' | 'sign-extension' | 'saturating-float-to-int' | 'multi-value'
  | 'bulk-memory' | 'reference-types' | 'simd' | 'relaxed-simd' | 'tail-call'
  | 'exceptions' | 'legacy-exceptions' | 'memory64' | 'multi-memory' | 'extended-const'
  | 'function-references' | 'gc' | 'threads';

export interface ModuleIR {
  /** The whole type section, flat, in index order. */
  readonly types: readonly SubType[];
  readonly recGroups: readonly RecGroup[];
  /**
   * Canonical (engine-wide) id of each type index, from the engine's `TypeRegistry`: two
   * types are equivalent across modules exactly when their ids are equal.
   */
  readonly typeIds: Int32Array;

  readonly imports: readonly Import[];
  readonly exports: readonly Export[];

  /** Whole index spaces (imports first). */
  readonly funcTypeIndices: readonly number[];
  readonly tableTypes: readonly TableType[];
  readonly memoryTypes: readonly MemoryType[];
  readonly globalTypes: readonly GlobalType[];
  readonly tagTypeIndices: readonly number[];

  readonly numImportedFuncs: number;
  readonly numImportedTables: number;
  readonly numImportedMemories: number;
  readonly numImportedGlobals: number;
  readonly numImportedTags: number;

  /** Definitions (index = space index - number of imports of that kind). */
  readonly funcs: readonly FuncBody[];
  readonly tables: readonly TableDef[];
  readonly globals: readonly GlobalDef[];

  readonly elems: readonly ElemSegment[];
  readonly datas: readonly DataSegment[];
  /** Value of the data count section, or null when absent. */
  readonly dataCount: number | null;
  readonly start: number | null;

  /** Functions referenced outside function bodies (exports, elems, globals): `ref.func` may name them. */
  readonly declaredFuncRefs: ReadonlySet<number>;

  readonly customs: readonly CustomSection[];
  readonly sections: readonly SectionInfo[];
  readonly names: NameMap;
  readonly features: ReadonlySet<Feature>;

  /** The module's bytes (for hashing, encoding and offsets). */
  readonly bytes: Uint8Array;
}

/** The function type of function index `f` (imports counted). */
export function funcTypeOf(ir: ModuleIR, f: number): FuncType {
  return ir.types[ir.funcTypeIndices[f]].composite as FuncType;
}
