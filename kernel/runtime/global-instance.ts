import type { GlobalType } from '../ir/types.js';

/**
 * A global shared by every backend: i32/f32/f64 as number, i64 as bigint, v128 as a
 * 16-byte Uint8Array, references as objects or null.
 */
export class GlobalInstance {
  readonly type: GlobalType;
  value: unknown;

  constructor(type: GlobalType, value: unknown) {
    this.type = type;
    this.value = value;
  }
}
