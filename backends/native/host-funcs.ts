/**
 * Function references across the host-engine boundary: weft's `FuncInstance` ⇄ the function
 * objects V8 keeps in tables, globals and `ref.func` values.
 *
 * - A native function is its host function (`NativeFuncImpl.fn`); registering it when it
 *   becomes visible (export, element segment) lets weft map it back to its `FuncInstance`.
 * - A function of another backend (or a host function) enters V8 as a real wasm function of
 *   its signature: a two-line module per signature imports the JS entry and re-exports it, so
 *   V8's `call_indirect` checks the signature as for its own functions. One bridge per
 *   function, cached, so identity (`ref.eq`, table round trips) is preserved.
 * - A host function V8 hands out that weft never saw (a non-exported native function placed by
 *   `table.init` or `table.set` at run time) has no known wasm type: it maps to a
 *   `FuncInstance` with `typeId` -1, callable from JS but never matching a `call_indirect`
 *   signature in another backend.
 */
import { LinkError } from '../../kernel/errors/link-error.js';
import type { FuncType, ValType } from '../../kernel/ir/types.js';
import { FuncInstance } from '../../kernel/runtime/func-instance.js';
import { ByteSink } from '../../kernel/ir/encoder/byte-sink.js';
import { writeValType } from '../../kernel/ir/encoder/type-encoder.js';
import { importedV128 } from './boundary/boundary-funcs.js';
import { importWithFuncRefs, type RefCodec } from './boundary/func-refs.js';
import { hasV128, rawPlan } from './boundary/raw-form.js';
import { exceptionToHost } from './host-exceptions.js';
import { runningRuntime } from './store-runtime.js';

type HostFn = (...args: any[]) => unknown;

export const NATIVE = 'native';

/** `FuncInstance.impl` of a native function. */
export interface NativeFuncImpl {
  readonly fn: HostFn;
}

const toWeft = new WeakMap<HostFn, FuncInstance>();
const toHost = new WeakMap<FuncInstance, HostFn>();
/** Compiled bridge module per signature text. */
const bridgeModules = new Map<string, WebAssembly.Module>();

/** Records that host function `fn` is `f` (a native export, or a function found in a table). */
export function registerHostFunc(fn: HostFn, f: FuncInstance): void {
  if (!toWeft.has(fn)) toWeft.set(fn, f);
}

/** The weft function `fn` is known as, if any. */
export function knownHostFunc(fn: HostFn): FuncInstance | undefined {
  return toWeft.get(fn);
}

/** Value types a JS-called wasm function can take: no v128 (V8 refuses it at the JS boundary). */
function crossesJs(t: ValType): boolean {
  if (t === 'v128') return false;
  if (typeof t === 'string') return true;
  return t.nullable && (t.heap === 'func' || t.heap === 'extern');
}

/** The host function for `f`, bridging functions of other backends (see the file comment). */
export function funcToHost(f: FuncInstance): HostFn {
  if (f.owner === NATIVE && f.impl !== null) return (f.impl as NativeFuncImpl).fn;
  let fn = toHost.get(f);
  if (fn !== undefined) return fn;
  const type = f.type;
  // v128 crosses JS as i32 lanes through the boundary's import adapter (boundary/).
  const lanes = hasV128(type) && rawPlan(type) !== null;
  if (!lanes && ![...type.params, ...type.results].every(crossesJs)) {
    throw new LinkError(`function ${f.name} has a signature that cannot cross into the host engine (typed references)`);
  }
  // Through `f.invoke` at call time: disposal replaces it. Exceptions become the host's so
  // native try/catch sees them. Fuel is handed over as for an import.
  const call = importWithFuncRefs((...args: unknown[]): unknown => {
    const rt = runningRuntime();
    rt?.leave();
    try {
      return f.invoke(...args);
    } catch (e) {
      throw exceptionToHost(e);
    } finally {
      rt?.resume();
    }
  }, type, FUNC_REFS);
  if (lanes) {
    fn = importedV128(call, type) as HostFn;
  } else {
    const key = signatureKey(type);
    let module = bridgeModules.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(bridgeBytes(type));
      bridgeModules.set(key, module);
    }
    fn = new WebAssembly.Instance(module, { b: { f: call } }).exports.f as HostFn;
  }
  toHost.set(f, fn);
  toWeft.set(fn, f);
  return fn;
}

/** The weft function for host function `fn` (see the file comment for unknown ones). */
export function funcFromHost(fn: HostFn): FuncInstance {
  let f = toWeft.get(fn);
  if (f !== undefined) return f;
  const type: FuncType = { kind: 'func', params: [], results: [] };
  f = new FuncInstance(type, -1, NATIVE, { fn } satisfies NativeFuncImpl, `<host function ${fn.name}>`, fn);
  toWeft.set(fn, f);
  return f;
}

/** A weft reference value as the host engine holds it (other references are the same value). */
export function refToHost(v: unknown): unknown {
  return v instanceof FuncInstance ? funcToHost(v) : v;
}

/** A `funcref` value (function or null) as the host engine holds it. */
export function funcToHostValue(v: unknown): unknown {
  return v instanceof FuncInstance ? funcToHost(v) : v;
}

/** A host `funcref` value (function or null) as weft holds it. */
export function funcFromHostValue(v: unknown): unknown {
  return typeof v === 'function' ? funcFromHost(v as HostFn) : v;
}

/** Function references in calls across the boundary (boundary/func-refs.ts). */
export const FUNC_REFS: RefCodec = { toHost: funcToHostValue, fromHost: funcFromHostValue };

/** Converter of host values of type `t` to weft's (identity except for funcref). */
export function fromHostAs(t: ValType): (v: unknown) => unknown {
  return typeof t !== 'string' && t.heap === 'func' ? funcFromHostValue : (v) => v;
}

function signatureKey(t: FuncType): string {
  return JSON.stringify([t.params, t.results]);
}

/** `(module (type (func ...)) (import "b" "f" (func (type 0))) (export "f" (func 0)))`. */
function bridgeBytes(type: FuncType): Uint8Array {
  const s = new ByteSink();
  s.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const section = (id: number, body: (b: ByteSink) => void): void => {
    s.u8(id).sized(body);
  };
  section(1, (b) => {
    b.u32(1).u8(0x60).u32(type.params.length);
    for (const p of type.params) writeValType(b, p);
    b.u32(type.results.length);
    for (const r of type.results) writeValType(b, r);
  });
  section(2, (b) => b.u32(1).name('b').name('f').u8(0).u32(0));
  section(7, (b) => b.u32(1).name('f').u8(0).u32(0));
  return s.finish();
}
