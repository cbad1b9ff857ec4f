/**
 * Exceptions with v128 payloads between JS and the host engine: tag, payload and throw
 * adapters validate, and payloads survive wasm → JS and JS → wasm bit for bit.
 */
import t from 'tap';
import {
  exceptionAdapterBytes, newV128Exception, newV128Tag, tagAdapterBytes, tagNeedsAdapter, v128ExceptionPayload,
} from '../../../../backends/native/boundary/v128-exceptions.js';
import { rawPlan } from '../../../../backends/native/boundary/raw-form.js';
import { externref, type FuncType } from '../../../../kernel/ir/types.js';
import { WeftParser } from '../../../../plugins/parser/index.js';
import { parse } from '../harness.js';

const TYPE: FuncType = { kind: 'func', params: ['i32', 'v128', 'f32', 'i64', externref], results: [] };

function v128(seed: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (seed * 29 + i * 53) & 0xff);
}

t.test('adapters validate', async (t) => {
  t.ok(tagNeedsAdapter(TYPE));
  t.notOk(tagNeedsAdapter({ kind: 'func', params: ['i32', 'f64'], results: [] }), 'JS handles tags without v128');
  for (const bytes of [tagAdapterBytes(TYPE), exceptionAdapterBytes(rawPlan(TYPE)!)]) {
    t.ok(WebAssembly.validate(bytes));
    t.doesNotThrow(() => parse(bytes), "weft's validator accepts it");
  }
});

t.test('a payload built in JS is read back exact', async (t) => {
  const tag = newV128Tag(TYPE);
  const marker = { name: 'extern' };
  const payload = [-7, v128(3), 0.5, -(2n ** 63n), marker];
  const e = newV128Exception(tag, TYPE, payload);
  t.type(e, WebAssembly.Exception);
  t.ok(e.is(tag));
  t.same(v128ExceptionPayload(e, tag, TYPE), payload);
  t.equal(v128ExceptionPayload(e, tag, TYPE)[4], marker, 'references keep their identity');
});

t.test('exceptions thrown and caught by user wasm code cross JS', async (t) => {
  const tag = newV128Tag(TYPE);
  const user = new WebAssembly.Module(new WeftParser().watToBinary(`(module
    (import "m" "t" (tag $t (param i32 v128 f32 i64 externref)))
    (import "m" "f" (func $f))
    (func (export "throw") (param i32 i32 i32 i32)
      (throw $t (i32.const 1)
        (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1 (i32x4.splat (local.get 0)) (local.get 1)) (local.get 2)) (local.get 3))
        (f32.const 2) (i64.const 3) (ref.null extern)))
    (func (export "caught") (result i32) (local $v v128)
      (try (result i32)
        (do (call $f) (i32.const 0))
        (catch $t (drop) (drop) (drop) (local.set $v) (drop) (i32x4.extract_lane 1 (local.get $v))))))`));
  let thrown: unknown = null;
  const inst = new WebAssembly.Instance(user, { m: { t: tag, f: () => { throw thrown; } } });
  const sent = v128(4);
  try {
    (inst.exports.throw as (...a: unknown[]) => void)(...lanesOf(sent));
  } catch (e) {
    thrown = e;
  }
  t.type(thrown, WebAssembly.Exception);
  t.same(v128ExceptionPayload(thrown as WebAssembly.Exception, tag, TYPE), [1, sent, 2, 3n, null], 'JS reads a payload wasm threw');
  const wasmThrown = newV128Exception(tag, TYPE, [1, sent, 2, 3n, null]);
  thrown = wasmThrown;
  t.equal((inst.exports.caught as () => number)(), new DataView(sent.buffer).getInt32(4, true), 'wasm catches a JS-built exception and sees its v128');
});

function lanesOf(b: Uint8Array): number[] {
  const d = new DataView(b.buffer);
  return [0, 4, 8, 12].map((o) => d.getInt32(o, true));
}
