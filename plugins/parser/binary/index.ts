/**
 * The binary decoder's public entry: bytes → validated, immutable `ModuleIR`.
 *
 * `decodeModule(bytes, registry)` decodes every section (one pass over the bytes), runs the
 * validator, canonicalises the types in `registry` (one per engine) and returns the IR.
 * Any problem is a `CompileError` (`kind` `malformed` or `invalid`, with byte offset and,
 * inside a function, the function index); nothing else is ever thrown for bad input.
 */
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import { validateModule } from '../validator/module-validator.js';
import type { DecodeState } from './decode-state.js';
import { decodeBinary } from './module-decoder.js';

export { decodeBinary } from './module-decoder.js';
export { DecodeState } from './decode-state.js';

/** Decodes and validates a binary module. */
export function decodeModule(bytes: Uint8Array, registry: TypeRegistry): ModuleIR {
  const st = decodeBinary(bytes, registry);
  const declared = validateModule(st);
  return freeze(st, declared);
}

/** Alias of `decodeModule` (decode + validate), named after what the `Parser` contract calls it. */
export const parseModule = decodeModule;

function freeze(st: DecodeState, declared: ReadonlySet<number>): ModuleIR {
  return Object.freeze({
    types: Object.freeze(st.types),
    recGroups: Object.freeze(st.recGroups),
    typeIds: st.typeIds,
    imports: Object.freeze(st.imports),
    exports: Object.freeze(st.exports),
    funcTypeIndices: Object.freeze(st.funcTypeIndices),
    tableTypes: Object.freeze(st.tableTypes),
    memoryTypes: Object.freeze(st.memoryTypes),
    globalTypes: Object.freeze(st.globalTypes),
    tagTypeIndices: Object.freeze(st.tagTypeIndices),
    numImportedFuncs: st.numImportedFuncs,
    numImportedTables: st.numImportedTables,
    numImportedMemories: st.numImportedMemories,
    numImportedGlobals: st.numImportedGlobals,
    numImportedTags: st.numImportedTags,
    funcs: Object.freeze(st.funcs),
    tables: Object.freeze(st.tables),
    globals: Object.freeze(st.globals),
    elems: Object.freeze(st.elems),
    datas: Object.freeze(st.datas),
    dataCount: st.dataCount,
    start: st.start,
    declaredFuncRefs: declared,
    customs: Object.freeze(st.customs),
    sections: Object.freeze(st.sections),
    names: st.names,
    features: st.features.toSet(),
    bytes: st.bytes,
  });
}
