import type { TagInstance } from './tag-instance.js';

/**
 * A WebAssembly exception (the value an `exnref` points to). Thrown as a JS exception while
 * it unwinds through host frames, so a host function can catch or rethrow it.
 */
export class WasmException {
  readonly tag: TagInstance;
  readonly payload: readonly unknown[];

  constructor(tag: TagInstance, payload: readonly unknown[]) {
    this.tag = tag;
    this.payload = payload;
  }
}
