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
 * Adapter modules are named `weft:boundary`: V8 puts the name in its stack frames
 * (`wasm://wasm/weft:boundary-<hash>:wasm-function[1]:...`), and the ':' keeps those frames
 * out of the wasm frames the fault translator parses, so backtraces show only user code.
 */
import type { ValType } from '../../../kernel/ir/types.js';
import { ByteSink } from '../../../plugins/parser/encoder/byte-sink.js';
import { writeLocals } from '../../../plugins/parser/encoder/section-encoder.js';
import { writeValType } from '../../../plugins/parser/encoder/type-encoder.js';
import { RawKind, type RawPlan } from './raw-form.js';

export const ADAPTER_MODULE_NAME = 'weft:boundary';

const enum Op {
  Call = 0x10,
  LocalGet = 0x20,
  LocalSet = 0x21,
  GlobalGet = 0x23,
  GlobalSet = 0x24,
  I32ReinterpretF32 = 0xbc,
  I64ReinterpretF64 = 0xbd,
  F32ReinterpretI32 = 0xbe,
  F64ReinterpretI64 = 0xbf,
  End = 0x0b,
  SimdPrefix = 0xfd,
}

const enum SimdOp {
  V128Const = 12,
  I32x4Splat = 17,
  I32x4ExtractLane = 27,
  I32x4ReplaceLane = 28,
}

const V128: ValType = 'v128';
const LANES: readonly ValType[] = ['i32', 'i32', 'i32', 'i32'];

/** Pushes one original value rebuilt from raw values in locals `first`, `first + 1`, ... */
function emitJoin(code: ByteSink, kind: RawKind, first: number): void {
  code.u8(Op.LocalGet).u32(first);
  switch (kind) {
    case RawKind.F32: code.u8(Op.F32ReinterpretI32); break;
    case RawKind.F64: code.u8(Op.F64ReinterpretI64); break;
    case RawKind.V128:
      code.u8(Op.SimdPrefix).u32(SimdOp.I32x4Splat);
      for (let l = 1; l < 4; l++) {
        code.u8(Op.LocalGet).u32(first + l);
        code.u8(Op.SimdPrefix).u32(SimdOp.I32x4ReplaceLane).u8(l);
      }
      break;
    default:
  }
}

/** Pushes the raw values of the original value in local `index`. */
function emitSplit(code: ByteSink, kind: RawKind, index: number): void {
  if (kind === RawKind.V128) {
    for (let l = 0; l < 4; l++) {
      code.u8(Op.LocalGet).u32(index);
      code.u8(Op.SimdPrefix).u32(SimdOp.I32x4ExtractLane).u8(l);
    }
    return;
  }
  code.u8(Op.LocalGet).u32(index);
  if (kind === RawKind.F32) code.u8(Op.I32ReinterpretF32);
  else if (kind === RawKind.F64) code.u8(Op.I64ReinterpretF64);
}

function rawWidth(kind: number): number {
  return kind === RawKind.V128 ? 4 : 1;
}

/** A module of one import `m.f` (`imported`) or one global import, functions and exports. */
class AdapterWriter {
  private readonly types: Array<readonly [readonly ValType[], readonly ValType[]]> = [];
  private readonly imports = new ByteSink();
  private importCount = 0;
  private readonly funcTypes: number[] = [];
  private readonly bodies = new ByteSink();
  private readonly globals = new ByteSink();
  private globalCount = 0;
  private readonly exports = new ByteSink();
  private exportCount = 0;
  private importedFuncs = 0;
  private importedGlobals = 0;

  type(params: readonly ValType[], results: readonly ValType[]): number {
    this.types.push([params, results]);
    return this.types.length - 1;
  }

  importFunc(type: number): number {
    this.imports.name('m').name('f').u8(0x00).u32(type);
    this.importCount++;
    return this.importedFuncs++;
  }

  importGlobal(mutable: boolean): number {
    this.imports.name('m').name('g').u8(0x03);
    writeValType(this.imports, V128);
    this.imports.u8(mutable ? 1 : 0);
    this.importCount++;
    return this.importedGlobals++;
  }

  defineV128Global(mutable: boolean, init: Uint8Array): number {
    writeValType(this.globals, V128);
    this.globals.u8(mutable ? 1 : 0).u8(Op.SimdPrefix).u32(SimdOp.V128Const).bytes(init).u8(Op.End);
    this.globalCount++;
    return this.importedGlobals + this.globalCount - 1;
  }

  func(type: number, locals: readonly ValType[], code: ByteSink): number {
    this.funcTypes.push(type);
    code.u8(Op.End);
    this.bodies.sized((b) => {
      writeLocals(b, locals);
      b.bytes(code.view());
    });
    return this.importedFuncs + this.funcTypes.length - 1;
  }

  export(name: string, kind: 'func' | 'global', index: number): void {
    this.exports.name(name).u8(kind === 'func' ? 0x00 : 0x03).u32(index);
    this.exportCount++;
  }

  finish(): Uint8Array {
    const out = new ByteSink(128);
    out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const section = (id: number, count: number, body: (s: ByteSink) => void): void => {
      if (count === 0) return;
      out.u8(id).sized((s) => {
        s.u32(count);
        body(s);
      });
    };
    section(1, this.types.length, (s) => {
      for (const [params, results] of this.types) {
        s.u8(0x60).u32(params.length);
        for (const p of params) writeValType(s, p);
        s.u32(results.length);
        for (const r of results) writeValType(s, r);
      }
    });
    section(2, this.importCount, (s) => s.bytes(this.imports.view()));
    section(3, this.funcTypes.length, (s) => { for (const t of this.funcTypes) s.u32(t); });
    section(6, this.globalCount, (s) => s.bytes(this.globals.view()));
    section(7, this.exportCount, (s) => s.bytes(this.exports.view()));
    section(10, this.funcTypes.length, (s) => s.bytes(this.bodies.view()));
    // Name section: the module name only (subsection 0).
    out.u8(0).sized((s) => {
      s.name('name');
      s.u8(0).sized((sub) => sub.name(ADAPTER_MODULE_NAME));
    });
    return out.finish();
  }
}

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
function compileCached(key: string, bytes: () => Uint8Array): WebAssembly.Module {
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
