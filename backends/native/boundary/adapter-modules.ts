/**
 * Boundary adapters: tiny wasm modules, separate from the user's module, that move values
 * between the host engine's wasm and JavaScript in raw form (raw-form.ts). The user's module
 * is never rewritten for this, so it stays byte-identical.
 *
 * - Export adapter: imports a wasm function with its original signature (V8 then calls it
 *   wasm-to-wasm, every bit intact) and exports a trampoline with the raw signature for JS.
 * - Import adapter: imports a JS function with the raw signature and exports a function with
 *   the original signature, which a native module imports instead of the JS function.
 * - v128 global adapters: read/write a v128 global as four i32 lanes, and create a v128
 *   global (JS cannot construct one).
 *
 * The modules are written by adapter-writer.ts.
 */
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { AdapterWriter, LANES, Op, SimdOp, emitJoin, emitSplit, rawWidth } from './adapter-writer.js';
import { RawKind, type RawPlan } from './raw-form.js';

/** Bytes of the export adapter for `plan`: export `t` (raw signature) calls import `m.f` (original). */
export function exportAdapterBytes(plan: RawPlan): Uint8Array {
  const w = new AdapterWriter();
  const original = w.type(plan.type.params, plan.type.results);
  const raw = w.type(plan.rawParams, plan.rawResults);
  const target = w.importFunc(original);
  const code = new ByteSink();
  let r = 0;
  for (const kind of plan.params) {
    emitJoin(code, kind, r);
    r += rawWidth(kind);
  }
  code.u8(Op.Call).u32(target);
  // Results of the original type are held in locals after the raw parameters.
  const base = plan.rawParams.length;
  for (let i = plan.results.length - 1; i >= 0; i--) code.u8(Op.LocalSet).u32(base + i);
  for (let i = 0; i < plan.results.length; i++) emitSplit(code, plan.results[i], base + i);
  w.export('t', 'func', w.func(raw, plan.type.results, code));
  return w.finish();
}

/** Bytes of the import adapter for `plan`: export `t` (original signature) calls import `m.f` (raw). */
export function importAdapterBytes(plan: RawPlan): Uint8Array {
  const w = new AdapterWriter();
  const raw = w.type(plan.rawParams, plan.rawResults);
  const original = w.type(plan.type.params, plan.type.results);
  const target = w.importFunc(raw);
  const code = new ByteSink();
  for (let i = 0; i < plan.params.length; i++) emitSplit(code, plan.params[i], i);
  code.u8(Op.Call).u32(target);
  // Raw results are held in locals after the original parameters.
  const base = plan.type.params.length;
  for (let i = plan.rawResults.length - 1; i >= 0; i--) code.u8(Op.LocalSet).u32(base + i);
  let r = 0;
  for (const kind of plan.results) {
    emitJoin(code, kind, base + r);
    r += rawWidth(kind);
  }
  w.export('t', 'func', w.func(original, plan.rawResults, code));
  return w.finish();
}

/**
 * Bytes of a v128 global adapter: `get` returns the four lanes, `set` (mutable only) stores
 * them. With `init` the module defines the global (exported as `g`) with that value;
 * otherwise it imports it as `m.g`.
 */
export function v128GlobalAdapterBytes(mutable: boolean, init: Uint8Array | null): Uint8Array {
  const w = new AdapterWriter();
  const getType = w.type([], LANES);
  const setType = w.type(LANES, []);
  const g = init === null ? w.importGlobal(mutable) : w.defineV128Global(mutable, init);
  const get = new ByteSink();
  for (let l = 0; l < 4; l++) get.u8(Op.GlobalGet).u32(g).u8(Op.SimdPrefix).u32(SimdOp.I32x4ExtractLane).u8(l);
  w.export('get', 'func', w.func(getType, [], get));
  if (mutable) {
    const set = new ByteSink();
    emitJoin(set, RawKind.V128, 0);
    set.u8(Op.GlobalSet).u32(g);
    w.export('set', 'func', w.func(setType, [], set));
  }
  if (init !== null) w.export('g', 'global', g);
  return w.finish();
}

const compiled = new Map<string, WebAssembly.Module>();

/** Compiles adapter bytes once per `key` (signatures are few; the cache stays small). */
export function compileCached(key: string, bytes: () => Uint8Array): WebAssembly.Module {
  let m = compiled.get(key);
  if (m === undefined) {
    m = new WebAssembly.Module(bytes());
    compiled.set(key, m);
  }
  return m;
}

/** A JS-callable raw-signature trampoline over the wasm function `target` (original signature). */
export function exportTrampoline(plan: RawPlan, target: WebAssembly.ExportValue): (...raw: unknown[]) => unknown {
  const m = compileCached(`export ${plan.key}`, () => exportAdapterBytes(plan));
  return new WebAssembly.Instance(m, { m: { f: target } }).exports.t as (...raw: unknown[]) => unknown;
}

/** A wasm function of the original signature over the JS function `target` (raw signature). */
export function importTrampoline(plan: RawPlan, target: (...raw: any[]) => unknown): WebAssembly.ExportValue {
  const m = compileCached(`import ${plan.key}`, () => importAdapterBytes(plan));
  return new WebAssembly.Instance(m, { m: { f: target } }).exports.t;
}

export interface V128GlobalAccess {
  readonly get: () => number[];
  /** Absent on an immutable global. */
  readonly set: ((a: number, b: number, c: number, d: number) => void) | undefined;
}

/** Lane access to an existing v128 host global. */
export function v128GlobalAccess(global: WebAssembly.Global, mutable: boolean): V128GlobalAccess {
  const m = compileCached(`global ${mutable ? 'mut' : 'const'}`, () => v128GlobalAdapterBytes(mutable, null));
  const e = new WebAssembly.Instance(m, { m: { g: global } }).exports;
  return { get: e.get as V128GlobalAccess['get'], set: e.set as V128GlobalAccess['set'] };
}

/** A new v128 host global holding `init`, with lane access (compiled per call: rare). */
export function newV128Global(mutable: boolean, init: Uint8Array): V128GlobalAccess & { readonly global: WebAssembly.Global } {
  const e = new WebAssembly.Instance(new WebAssembly.Module(v128GlobalAdapterBytes(mutable, init))).exports;
  return { get: e.get as V128GlobalAccess['get'], set: e.set as V128GlobalAccess['set'], global: e.g as WebAssembly.Global };
}
