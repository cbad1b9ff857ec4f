/**
 * Mutable accumulator the section readers fill while decoding one module; frozen into a
 * `ModuleIR` at the end. Fields are initialised in the constructor in a fixed order.
 */
import type {
  CustomSection, DataSegment, ElemSegment, Export, GlobalDef, Import, NameMap, SectionInfo, TableDef,
} from '../../../kernel/ir/module-ir.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { GlobalType, MemoryType, RecGroup, SubType, TableType } from '../../../kernel/ir/types.js';
import type { LazyFuncBody } from './code-section.js';
import { FeatureSet } from './features.js';

export class DecodeState {
  readonly bytes: Uint8Array;
  readonly registry: TypeRegistry;
  readonly features = new FeatureSet();

  types: SubType[] = [];
  recGroups: RecGroup[] = [];
  typeIds: Int32Array = new Int32Array(0);

  imports: Import[] = [];
  exports: Export[] = [];
  /** Byte offset of each export entry, for `duplicate export name` errors. */
  exportOffsets: number[] = [];

  funcTypeIndices: number[] = [];
  tableTypes: TableType[] = [];
  memoryTypes: MemoryType[] = [];
  globalTypes: GlobalType[] = [];
  tagTypeIndices: number[] = [];
  /** Byte offsets where each imported/defined entity's type was read (for validation errors). */
  funcDeclOffsets: number[] = [];
  tableOffsets: number[] = [];
  memoryOffsets: number[] = [];
  globalOffsets: number[] = [];
  tagOffsets: number[] = [];

  numImportedFuncs = 0;
  numImportedTables = 0;
  numImportedMemories = 0;
  numImportedGlobals = 0;
  numImportedTags = 0;

  /** Count announced by the function section (null when absent). */
  funcSectionCount: number | null = null;
  /** Count announced by the code section (null when absent). */
  codeSectionCount: number | null = null;
  funcs: LazyFuncBody[] = [];
  tables: TableDef[] = [];
  globals: GlobalDef[] = [];
  elems: ElemSegment[] = [];
  /** Byte offset of each element segment, for validation errors. */
  elemOffsets: number[] = [];
  datas: DataSegment[] = [];
  dataOffsets: number[] = [];
  dataCount: number | null = null;
  start: number | null = null;
  startOffset = -1;

  customs: CustomSection[] = [];
  sections: SectionInfo[] = [];
  names: NameMap = { module: null, funcs: new Map(), locals: new Map() };

  constructor(bytes: Uint8Array, registry: TypeRegistry) {
    this.bytes = bytes;
    this.registry = registry;
  }
}
