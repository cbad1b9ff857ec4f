/**
 * Tables shared between the host engine and weft's other backends. Native code can only use
 * a `WebAssembly.Table`, so that is where a shared table's elements live; weft's
 * `TableInstance` keeps its shape (backends index `elements` directly) by swapping `elements`
 * for an array-like view whose reads and writes go to the host table, translating function
 * references (`host-funcs.ts`).
 *
 * - A table a native instance defines is exported as such a view from the start.
 * - A table of another backend imported by native code moves into a new `WebAssembly.Table`
 *   once (its elements copied, functions bridged), then becomes a view the same way.
 *
 * The view is slower than a plain array for the JS backends; only shared tables pay it.
 */
import { LinkError } from '../../kernel/errors/link-error.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { TableType } from '../../kernel/ir/types.js';
import { TableInstance, type TableBacking } from '../../kernel/runtime/table-instance.js';
import type { GrowGuard } from '../../kernel/runtime/memory-instance.js';
import { funcFromHostValue, funcToHostValue } from './host-funcs.js';
import { Op } from '../../kernel/ir/opcodes.js';

/** V8's largest table (`kV8MaxWasmTableSize`). */
const HOST_MAX_TABLE = 10_000_000;

const hostTables = new WeakMap<TableInstance, WebAssembly.Table>();

/** Index of a canonical array-index property key, else -1. */
function indexOf(prop: string | symbol): number {
  if (typeof prop !== 'string' || prop.length === 0 || prop.length > 10) return -1;
  const c = prop.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && prop.length > 1)) return -1;
  const n = Number(prop);
  return Number.isInteger(n) ? n : -1;
}

/** An array whose elements are `host`'s (`length`, indexing, and so every Array method). */
function viewOf(host: WebAssembly.Table, funcs: boolean): unknown[] {
  const refFromHost = funcs ? funcFromHostValue : same;
  const refToHost = funcs ? funcToHostValue : same;
  return new Proxy<unknown[]>([], {
    get(target, prop, receiver) {
      if (prop === 'length') return host.length;
      const i = indexOf(prop);
      if (i >= 0) return i < host.length ? refFromHost(host.get(i)) : undefined;
      return Reflect.get(target, prop, receiver);
    },
    set(target, prop, value) {
      const i = indexOf(prop);
      if (i >= 0) {
        if (i >= host.length) throw new RangeError(`table index ${i} is out of bounds (size ${host.length})`);
        host.set(i, refToHost(value) as never);
        return true;
      }
      if (prop === 'length') {
        if (value !== host.length) throw new RangeError('a table shared with the host engine changes size only through grow');
        return true;
      }
      return Reflect.set(target, prop, value);
    },
    has(target, prop) {
      const i = indexOf(prop);
      return i >= 0 ? i < host.length : Reflect.has(target, prop);
    },
    deleteProperty(_target, prop) {
      const i = indexOf(prop);
      if (i >= 0 && i < host.length) host.set(i, null as never);
      return true;
    },
  });
}

const same = (v: unknown): unknown => v;

class HostTableBacking implements TableBacking {
  private readonly host: WebAssembly.Table;
  private readonly funcs: boolean;

  constructor(host: WebAssembly.Table, funcs: boolean) {
    this.host = host;
    this.funcs = funcs;
  }

  grow(delta: number, init: unknown): boolean {
    try {
      this.host.grow(delta, (this.funcs ? funcToHostValue(init) : init) as never);
      return true;
    } catch {
      return false;
    }
  }
}

function hostElement(type: TableType): 'anyfunc' | 'externref' | null {
  const e = type.element;
  if (e.nullable && e.heap === 'func') return 'anyfunc';
  if (e.nullable && e.heap === 'extern') return 'externref';
  return null;
}

function share(t: TableInstance, host: WebAssembly.Table): void {
  const funcs = hostElement(t.type) === 'anyfunc';
  t.useBacking(viewOf(host, funcs), new HostTableBacking(host, funcs));
  hostTables.set(t, host);
}

/** weft's view of a table a native instance defined; grows through it ask the store's `guard`. */
export function tableFromHost(host: WebAssembly.Table, type: TableType, guard: GrowGuard | null = null): TableInstance {
  const t = new TableInstance(type, null, type.limits.max ?? HOST_MAX_TABLE, guard);
  share(t, host);
  return t;
}

/** The host table to import for `t`, moving a table of another backend into one first. */
export function tableToHost(t: TableInstance, what: string): WebAssembly.Table {
  let host = hostTables.get(t);
  if (host !== undefined) return host;
  const element = hostElement(t.type);
  if (element === null || t.type.address !== 'i32') {
    throw new LinkError(`${what}: tables of this type cannot be shared with the host engine; use --backend interpreter`);
  }
  const max = Math.min(t.maxSize, t.type.limits.max ?? Infinity);
  const elements = t.elements;
  // Bridge every element before touching the table, so a refusal leaves it as it was.
  const values = element === 'anyfunc' ? elements.map(funcToHostValue) : elements;
  host = new WebAssembly.Table({ element, initial: elements.length, ...(max <= HOST_MAX_TABLE ? { maximum: max } : {}) });
  for (let i = 0; i < values.length; i++) if (values[i] !== null) host.set(i, values[i] as never);
  share(t, host);
  return host;
}

/** A signed LEB128 at `pos` of `code` (an `i32.const` immediate). */
function readS32(code: Uint8Array, pos: number): number {
  let result = 0;
  let shift = 0;
  let b: number;
  do {
    b = code[pos++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80 && shift < 35);
  return shift < 32 && b & 0x40 ? result | (-1 << shift) : result;
}

function readU32(code: Uint8Array, pos: number): number {
  let result = 0;
  let mul = 1;
  let b: number;
  do {
    b = code[pos++];
    result += (b & 0x7f) * mul;
    mul *= 128;
  } while (b & 0x80);
  return result;
}


/**
 * The host functions V8 stored for `ref.func` items of `ir`'s active element segments, by
 * defined-function index: how weft learns non-exported native functions that tables expose.
 * `tables` are the host tables weft can read (null where a table is private to the instance);
 * `funcShift` maps an original function index to V8's (a function's `name` is its V8 index).
 */
export function segmentFuncs(
  ir: ModuleIR, tables: readonly (WebAssembly.Table | null)[], funcShift: number, globalValue: (index: number) => unknown,
): Map<number, (...args: any[]) => unknown> {
  const found = new Map<number, (...args: any[]) => unknown>();
  for (const seg of ir.elems) {
    if (seg.mode !== 'active' || seg.offset === null) continue;
    const host = tables[seg.table];
    if (host === null || host === undefined) continue;
    const oc = seg.offset.code;
    const base = oc[0] === Op.I32Const ? readS32(oc, 1) >>> 0 : oc[0] === Op.GlobalGet ? Number(globalValue(readU32(oc, 1))) >>> 0 : -1;
    if (base < 0) continue;
    seg.init.forEach((item, j) => {
      const c = item.code;
      if (c[0] !== Op.RefFunc || base + j >= host.length) return;
      const index = readU32(c, 1);
      if (index < ir.numImportedFuncs || found.has(index)) return;
      const fn = host.get(base + j) as unknown;
      // A later segment or the start function may have replaced the slot: V8 names each
      // function by its index, so only an entry that is this function counts.
      if (typeof fn === 'function' && fn.name === String(index + funcShift)) found.set(index, fn as (...args: any[]) => unknown);
    });
  }
  return found;
}
