/**
 * Wasm exceptions whose payload has v128, across the JS boundary. JS can neither create such
 * a `WebAssembly.Tag`, nor read (`getArg`) nor build (`new WebAssembly.Exception`) such a
 * payload, so adapter modules do it in wasm:
 *
 * - a tag adapter defines the tag and exports it;
 * - a payload adapter imports the tag and a JS function that rethrows the exception at hand,
 *   catches it on the tag and returns the payload in raw form;
 * - a throw adapter imports the tag and throws it with a payload given in raw form; JS
 *   catches the resulting `WebAssembly.Exception` object.
 *
 * Payload and throw adapters are instantiated once per host tag.
 */
import type { FuncType, ValType } from '../../../kernel/ir/types.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { compileCached } from './adapter-modules.js';
import { AdapterWriter, Op, emitJoin, emitSplit, rawWidth } from './adapter-writer.js';
import { fromRaw, hasV128, rawPlan, resultsAsArray, toRaw, type RawPlan } from './raw-form.js';

/** A payload type (a tag's params) as a function type. */
function payloadPlan(params: readonly ValType[]): RawPlan | null {
  return rawPlan({ kind: 'func', params, results: [] });
}

/** Whether a tag of `type` needs these adapters (else JS handles it directly). */
export function tagNeedsAdapter(type: FuncType): boolean {
  return hasV128(type) && payloadPlan(type.params) !== null;
}

/** Bytes of a module defining a tag of `type`, exported as `t`. */
export function tagAdapterBytes(type: FuncType): Uint8Array {
  const w = new AdapterWriter();
  w.export('t', 'tag', w.defineTag(w.type(type.params, [])));
  return w.finish();
}

/** Bytes of the payload (`payload`) and throw (`throw`) adapters for a tag of `plan`'s params. */
export function exceptionAdapterBytes(plan: RawPlan): Uint8Array {
  const w = new AdapterWriter();
  const tagType = w.type(plan.type.params, []);
  const nothing = w.type([], []);
  const payloadType = w.type([], plan.rawParams);
  const throwType = w.type(plan.rawParams, []);
  const rethrow = w.importFunc(nothing, 'r');
  const tag = w.importTag(tagType);

  // payload: try (call $rethrow) catch $tag → split each value (held in locals) → raw results.
  const p = new ByteSink();
  p.u8(Op.Try).s32(payloadType).u8(Op.Call).u32(rethrow).u8(Op.Unreachable).u8(Op.Catch).u32(tag);
  const n = plan.params.length;
  for (let i = n - 1; i >= 0; i--) p.u8(Op.LocalSet).u32(i);
  for (let i = 0; i < n; i++) emitSplit(p, plan.params[i], i);
  p.u8(Op.End);
  w.export('payload', 'func', w.func(payloadType, plan.type.params, p));

  // throw: join the raw parameters and throw the tag.
  const t = new ByteSink();
  let r = 0;
  for (const kind of plan.params) {
    emitJoin(t, kind, r);
    r += rawWidth(kind);
  }
  t.u8(Op.Throw).u32(tag);
  w.export('throw', 'func', w.func(throwType, [], t));
  return w.finish();
}

/** A new host tag of `type` (one with v128 in its payload, which JS cannot construct). */
export function newV128Tag(type: FuncType): WebAssembly.Tag {
  return new WebAssembly.Instance(new WebAssembly.Module(tagAdapterBytes(type))).exports.t as WebAssembly.Tag;
}

interface ExceptionAdapter {
  readonly plan: RawPlan;
  readonly payload: (exception: WebAssembly.Exception) => unknown[];
  readonly make: (raw: unknown[]) => WebAssembly.Exception;
}

const adapters = new WeakMap<WebAssembly.Tag, ExceptionAdapter>();

function adapterFor(tag: WebAssembly.Tag, type: FuncType): ExceptionAdapter {
  let a = adapters.get(tag);
  if (a !== undefined) return a;
  const plan = payloadPlan(type.params)!;
  const module = compileCached(`exception ${plan.key}`, () => exceptionAdapterBytes(plan));
  let pending: WebAssembly.Exception | null = null;
  const rethrow = (): never => {
    throw pending;
  };
  const e = new WebAssembly.Instance(module, { m: { r: rethrow, t: tag } }).exports;
  const payloadFn = e.payload as () => unknown;
  const throwFn = e.throw as (...raw: unknown[]) => void;
  const count = plan.rawParams.length;
  a = {
    plan,
    payload: (exception) => {
      pending = exception;
      try {
        return Array.from(resultsAsArray(count, payloadFn()));
      } finally {
        pending = null;
      }
    },
    make: (raw) => {
      try {
        throwFn(...raw);
      } catch (thrown) {
        return thrown as WebAssembly.Exception;
      }
      throw new Error('the throw adapter returned without throwing');
    },
  };
  adapters.set(tag, a);
  return a;
}

/** The payload of `exception` (which `is(tag)`), in the JS convention (v128 as Uint8Array). */
export function v128ExceptionPayload(exception: WebAssembly.Exception, tag: WebAssembly.Tag, type: FuncType): unknown[] {
  const a = adapterFor(tag, type);
  return fromRaw(a.plan.params, a.payload(exception), true);
}

/** A host exception of `tag` (of `type`) carrying `payload` in the JS convention. */
export function newV128Exception(tag: WebAssembly.Tag, type: FuncType, payload: readonly unknown[]): WebAssembly.Exception {
  const a = adapterFor(tag, type);
  return a.make(toRaw(a.plan.params, a.plan.rawParams.length, payload, true));
}
