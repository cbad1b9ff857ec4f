import type { FuncType } from '../ir/types.js';
import type { TagInstance } from '../runtime/tag-instance.js';
import { tagTypeToString } from './type-text.js';

/** An exception tag (identity matters). */
export class Tag {
  readonly handle: TagInstance;

  constructor(handle: TagInstance) {
    this.handle = handle;
  }

  get type(): FuncType {
    return this.handle.type;
  }

  toString(): string {
    return tagTypeToString(this.type);
  }
}
