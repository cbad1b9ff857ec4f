import type { FuncInstance } from './func-instance.js';
import type { GlobalInstance } from './global-instance.js';
import type { MemoryInstance } from './memory-instance.js';
import type { TableInstance } from './table-instance.js';
import type { TagInstance } from './tag-instance.js';

/** Anything an instance can import or export. */
export type ExternValue = FuncInstance | TableInstance | MemoryInstance | GlobalInstance | TagInstance;
