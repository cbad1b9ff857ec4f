export { Engine, type EngineConfig, type ResolvedEngineConfig } from './engine.js';
export { Module, type ModuleOptions } from './module.js';
export { Store, type StoreOptions } from './store.js';
export { StoreLimiter, type StoreLimits } from './store-limits.js';
export { Linker } from './linker.js';
export { Instance } from './instance.js';
export { Func, TypedFunc } from './func.js';
export { Memory, PAGE_SIZE } from './memory.js';
export { Table } from './table.js';
export { Global } from './global.js';
export { Tag } from './tag.js';
export { HostCaller } from './caller.js';
export { wrapExtern, unwrapExtern, type Extern } from './extern-wrapper.js';
export { externTypeToString, type ExternType, type ImportType, type ExportType } from './extern-type.js';
export {
  parseFuncType, funcTypeToString, valTypeToString, memoryTypeToString, tableTypeToString,
  globalTypeToString, tagTypeToString,
} from './type-text.js';
