import type { FuncType } from '../ir/types.js';

/** An exception tag: identity matters (two tags with equal types are different tags). */
export class TagInstance {
  readonly type: FuncType;
  /** Canonical type id of the tag's function type. */
  readonly typeId: number;

  constructor(type: FuncType, typeId: number) {
    this.type = type;
    this.typeId = typeId;
  }
}
