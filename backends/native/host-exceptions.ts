/**
 * Wasm exceptions across the host-engine boundary: weft's `WasmException` (tag + payload) ⇄
 * V8's `WebAssembly.Exception`, so a native `throw` is an uncaught exception (not a host error)
 * to the embedder and other backends, and an exception thrown by a host function or another
 * backend is caught by native `try`/`catch` on its tag.
 *
 * V8 11.3 cannot say which tag an exception carries (`Exception.prototype.is(tag)` only), so
 * each store keeps the host tags its native instances import or export and the translation
 * asks each. A tag private to one native instance (defined, never exported) is invisible to
 * JS: its exceptions map to `UNKNOWN_HOST_TAG` with no payload. Either way the original host
 * exception is remembered, so rethrowing it into native code gives V8 back the same object.
 */
import type { FuncType } from '../../kernel/ir/types.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import { TagInstance } from '../../kernel/runtime/tag-instance.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import { newV128Exception, tagNeedsAdapter, v128ExceptionPayload } from './boundary/v128-exceptions.js';
import { fromHostAs, refToHost } from './host-funcs.js';
import { tagInstanceOf, tagToHost } from './host-externs.js';

const NO_PARAMS: FuncType = { kind: 'func', params: [], results: [] };

/** The tag of a native exception whose tag never crossed into JS. */
export const UNKNOWN_HOST_TAG = new TagInstance(NO_PARAMS, -1);

const storeTags = new WeakMap<StoreContext, Set<WebAssembly.Tag>>();
const hostOf = new WeakMap<WasmException, WebAssembly.Exception>();
const weftOf = new WeakMap<WebAssembly.Exception, WasmException>();

/** Remembers that native code in `store` can throw or catch `tag`. */
export function noteStoreTag(store: StoreContext, tag: WebAssembly.Tag): void {
  let tags = storeTags.get(store);
  if (tags === undefined) {
    tags = new Set();
    storeTags.set(store, tags);
  }
  tags.add(tag);
}

/** `error` as weft sees it: a `WebAssembly.Exception` becomes a `WasmException`, anything else is unchanged. */
export function exceptionFromHost(error: unknown, store: StoreContext): unknown {
  if (!(error instanceof WebAssembly.Exception)) return error;
  const known = weftOf.get(error);
  if (known !== undefined) return known;
  let result: WasmException | null = null;
  for (const host of storeTags.get(store) ?? []) {
    if (!error.is(host)) continue;
    const tag = tagInstanceOf(host);
    if (tag === undefined) continue;
    // JS cannot read a v128 argument: the boundary's payload adapter reads it in wasm.
    const params = tag.type.params;
    const payload = tagNeedsAdapter(tag.type)
      ? v128ExceptionPayload(error, host, tag.type).map((v, i) => fromHostAs(params[i])(v))
      : params.map((t, i) => fromHostAs(t)(error.getArg(host, i)));
    result = new WasmException(tag, payload);
    break;
  }
  result ??= new WasmException(UNKNOWN_HOST_TAG, []);
  hostOf.set(result, error);
  weftOf.set(error, result);
  return result;
}

/** `error` as the host engine should see it: a `WasmException` becomes a `WebAssembly.Exception`. */
export function exceptionToHost(error: unknown): unknown {
  if (!(error instanceof WasmException)) return error;
  let host = hostOf.get(error);
  if (host !== undefined) return host;
  const tag = tagToHost(error.tag, 'exception');
  const payload = error.payload.map(refToHost);
  host = tagNeedsAdapter(error.tag.type) ? newV128Exception(tag, error.tag.type, payload) : new WebAssembly.Exception(tag, payload);
  hostOf.set(error, host);
  weftOf.set(host, error);
  return host;
}
