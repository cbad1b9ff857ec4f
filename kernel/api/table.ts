import type { TableType } from '../ir/types.js';
import { FuncInstance } from '../runtime/func-instance.js';
import type { TableInstance } from '../runtime/table-instance.js';
import type { Store } from './store.js';
// Cycle with extern-wrapper (which constructs Tables) is safe: only used inside `create`.
import { wrapExtern } from './extern-wrapper.js';
import { tableTypeToString } from './type-text.js';
import { toWasm, type ToWasm } from './values.js';

/** A table of references; funcref elements are returned as `Func`. */
export class Table {
  readonly handle: TableInstance;
  readonly store: Store;
  private readonly convert: ToWasm;
  private readonly wrapFunc: (f: FuncInstance) => unknown;

  constructor(handle: TableInstance, store: Store, wrapFunc: (f: FuncInstance) => unknown) {
    this.handle = handle;
    this.store = store;
    this.convert = toWasm(handle.type.element);
    this.wrapFunc = wrapFunc;
  }

  /** A new table from the engine's allocator, filled with `init`, to define into a Linker. */
  static create(store: Store, type: TableType, init: unknown = null): Table {
    const alloc = store.engine.allocator;
    if (!alloc.allocateTable) throw new Error(`allocator ${alloc.id} cannot create standalone tables`);
    const value = toWasm(type.element)(init, 0, 'Table.create');
    return wrapExtern(store, alloc.allocateTable(type, value, store.context)) as Table;
  }

  get type(): TableType {
    return this.handle.type;
  }

  get size(): number {
    return this.handle.size;
  }

  get(index: number): unknown {
    this.check(index);
    const v = this.handle.elements[index];
    return v instanceof FuncInstance ? this.wrapFunc(v) : v;
  }

  set(index: number, value: unknown): void {
    this.check(index);
    this.handle.elements[index] = this.convert(value, 1, 'table.set');
  }

  /** Grows by `delta` elements set to `init`; returns the old size; throws a RangeError when it cannot. */
  grow(delta: number, init: unknown = null): number {
    const old = this.handle.grow(delta, this.convert(init, 1, 'table.grow'));
    if (old < 0) throw new RangeError(`table.grow: cannot grow from ${this.size} to ${this.size + delta} elements`);
    return old;
  }

  toString(): string {
    return tableTypeToString(this.type);
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.handle.size) {
      throw new RangeError(`table index ${index} is out of bounds (size ${this.handle.size})`);
    }
  }
}
