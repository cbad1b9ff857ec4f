/**
 * The binary encoder: `ModuleIR` (or a patch of it) back to bytes. Part of the parser plugin;
 * the native backend's instrumentation passes and `weft compile` use it.
 */
export { ByteSink, lebLength, readLeb } from './byte-sink.js';
export {
  writeBlockType, writeGlobalType, writeHeapType, writeLimits, writeMemoryType, writeRefType, writeSubType,
  writeTableType, writeTypeSection, writeValType,
} from './type-encoder.js';
export {
  SectionId, encodeSection, writeBody, writeConstExpr, writeData, writeElem, writeExport, writeGlobalDef,
  writeImport, writeLocals, writeTableDef,
} from './section-encoder.js';
export { SECTION_ORDER, SECTION_RANK, appendToVecSection, encodeModule, type ModulePatch } from './module-encoder.js';
