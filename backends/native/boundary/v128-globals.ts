/**
 * v128 globals across the JS boundary. V8 neither reads nor writes a v128 `WebAssembly.Global`
 * from JS, nor constructs one, so weft's `GlobalInstance.value` (a 16-byte Uint8Array) goes
 * through a global adapter (adapter-modules.ts) that moves the value as four i32 lanes.
 * Like the other globals (host-externs.ts), the cell is shared, not copied: a native module
 * and weft read and write the same host global.
 */
import type { GlobalType } from '../../../kernel/ir/types.js';
import { GlobalInstance } from '../../../kernel/runtime/global-instance.js';
import { newV128Global, v128GlobalAccess, type V128GlobalAccess } from './adapter-modules.js';
import { notV128, v128FromLanes, v128Lane } from './raw-form.js';

const hostGlobals = new WeakMap<GlobalInstance, WebAssembly.Global>();

function checkV128(v: unknown): Uint8Array {
  if (v instanceof Uint8Array && v.length === 16) return v;
  throw notV128(v);
}

/** Redirects `g.value` to the host global behind `access`. */
function shareValue(g: GlobalInstance, access: V128GlobalAccess): void {
  const set = access.set;
  Object.defineProperty(g, 'value', {
    get: () => v128FromLanes(access.get(), 0),
    set: (v: unknown) => {
      if (set === undefined) throw new TypeError('cannot set an immutable v128 global');
      const b = checkV128(v);
      set(v128Lane(b, 0), v128Lane(b, 4), v128Lane(b, 8), v128Lane(b, 12));
    },
    configurable: true,
  });
}

/** weft's view of a v128 global the host engine owns (exported by a native instance). */
export function v128GlobalFromHost(global: WebAssembly.Global, type: GlobalType): GlobalInstance {
  const g = new GlobalInstance(type, undefined);
  shareValue(g, v128GlobalAccess(global, type.mutable));
  hostGlobals.set(g, global);
  return g;
}

/**
 * The host global to import for the v128 global `g`. A global of another backend is moved
 * into a new host global (mutable ones then read and write it), so both share one cell.
 */
export function v128GlobalToHost(g: GlobalInstance): WebAssembly.Global {
  const known = hostGlobals.get(g);
  if (known !== undefined) return known;
  const created = newV128Global(g.type.mutable, checkV128(g.value));
  if (g.type.mutable) shareValue(g, created);
  hostGlobals.set(g, created.global);
  return created.global;
}
