import type { FaultContext } from '../contracts/trap-handler.js';
import type { ExternValue } from '../runtime/extern.js';
import { FuncInstance } from '../runtime/func-instance.js';
import { GlobalInstance } from '../runtime/global-instance.js';
import { MemoryInstance } from '../runtime/memory-instance.js';
import { TableInstance } from '../runtime/table-instance.js';
import { TagInstance } from '../runtime/tag-instance.js';
import { Func } from './func.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import type { Store } from './store.js';
import { Table } from './table.js';
import { Tag } from './tag.js';

/** What the API hands out for an extern value. */
export type Extern = Func | Memory | Table | Global | Tag;

const NO_CONTEXT: FaultContext = Object.freeze({ module: null, moduleName: null, backtrace: null });

/** Wrappers per store, one per runtime object, so identity is stable (`a.exports.f === b.exports.f` when shared). */
const wrappers = new WeakMap<Store, WeakMap<object, Extern>>();

/** The API object for a runtime extern value in `store`. */
export function wrapExtern(store: Store, value: ExternValue, context: FaultContext = NO_CONTEXT, name?: string): Extern {
  let m = wrappers.get(store);
  if (!m) {
    m = new WeakMap();
    wrappers.set(store, m);
  }
  const found = m.get(value);
  if (found) return found;
  const wrapFunc = (f: FuncInstance): Func => wrapExtern(store, f) as Func;
  let w: Extern;
  if (value instanceof FuncInstance) w = new Func(value, store, context, name ?? value.name, wrapFunc);
  else if (value instanceof MemoryInstance) w = new Memory(value, store);
  else if (value instanceof TableInstance) w = new Table(value, store, wrapFunc);
  else if (value instanceof GlobalInstance) w = new Global(value, store, wrapFunc);
  else if (value instanceof TagInstance) w = new Tag(value);
  else throw new TypeError('not an extern value');
  m.set(value, w);
  return w;
}

/** The runtime object behind an API wrapper (or the value itself when it already is one). */
export function unwrapExtern(value: unknown): ExternValue | null {
  if (value instanceof Func || value instanceof Memory || value instanceof Table || value instanceof Global || value instanceof Tag) {
    return value.handle;
  }
  if (value instanceof FuncInstance || value instanceof MemoryInstance || value instanceof TableInstance
    || value instanceof GlobalInstance || value instanceof TagInstance) return value;
  return null;
}
