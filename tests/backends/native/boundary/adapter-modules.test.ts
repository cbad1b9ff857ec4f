/**
 * Boundary adapter modules on their own: they validate (host engine and weft's validator) for
 * every kind of signature, and values survive export → JS → import adapters bit for bit.
 */
import t from 'tap';
import {
  exportAdapterBytes, exportTrampoline, importAdapterBytes, importTrampoline, newV128Global, v128GlobalAccess,
  v128GlobalAdapterBytes,
} from '../../../../backends/native/boundary/adapter-modules.js';
import { RawKind, fromRaw, rawPlan, toRaw, resultsAsArray, arrayAsResults } from '../../../../backends/native/boundary/raw-form.js';
import { externref, funcref, type FuncType, type ValType } from '../../../../kernel/ir/types.js';
import { parse } from '../harness.js';

const SIGNATURES: FuncType[] = [
  { kind: 'func', params: [], results: [] },
  { kind: 'func', params: ['v128'], results: ['v128'] },
  { kind: 'func', params: ['f32', 'f64'], results: ['f64', 'f32'] },
  { kind: 'func', params: ['i64', 'v128', 'f32', 'f64', 'v128', 'i32'], results: ['v128', 'i64', 'f32', 'f64', 'v128'] },
  { kind: 'func', params: [externref, 'v128', funcref], results: [funcref, 'v128', externref] },
  { kind: 'func', params: ['v128', 'v128', 'v128', 'v128'], results: [] },
];

t.test('adapter modules validate for every signature shape', async (t) => {
  for (const sig of SIGNATURES) {
    const plan = rawPlan(sig)!;
    for (const bytes of [exportAdapterBytes(plan), importAdapterBytes(plan)]) {
      t.ok(WebAssembly.validate(bytes), `host engine accepts ${plan.key}`);
      t.doesNotThrow(() => parse(bytes), `weft's validator accepts ${plan.key}`);
    }
  }
  for (const mutable of [true, false]) {
    t.ok(WebAssembly.validate(v128GlobalAdapterBytes(mutable, null)));
    t.ok(WebAssembly.validate(v128GlobalAdapterBytes(mutable, new Uint8Array(16))));
  }
});

t.test('a concrete reference type has no raw plan', async (t) => {
  const typed: ValType = { kind: 'ref', nullable: true, heap: 0 };
  t.equal(rawPlan({ kind: 'func', params: ['v128', typed], results: [] }), null);
});

/** Sample values in bits form for one type. */
function sample(ty: ValType, seed: number): unknown {
  switch (ty) {
    case 'i32': return (seed * 0x9e3779b1) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt(seed) * 0x9e3779b97f4a7c15n);
    case 'f32': return [0x7fa00000, 0xffa00001, 0x7f800001, 0x3f800000][seed % 4];
    case 'f64': return [0x7ff4000000000000n, 0xfff0000000000001n, 0x8000000000000000n][seed % 3];
    case 'v128': return Uint8Array.from({ length: 16 }, (_, i) => (seed * 37 + i * 91) & 0xff);
    default: return null;
  }
}

t.test('values cross JS → wasm → JS through both adapters bit for bit', async (t) => {
  for (const sig of SIGNATURES) {
    const plan = rawPlan(sig)!;
    const args = sig.params.map((p, i) => sample(p, i + 1));
    const results = sig.results.map((r, i) => sample(r, i + 7));
    // JS (raw) → wasm function of the original signature → JS host function (raw).
    let seen: unknown[] = [];
    const host = (...raw: unknown[]): unknown => {
      seen = fromRaw(plan.params, raw, false);
      return arrayAsResults(plan.rawResults.length, toRaw(plan.results, plan.rawResults.length, results, false));
    };
    const wasmFunc = importTrampoline(plan, host);
    const trampoline = exportTrampoline(plan, wasmFunc);
    const out = fromRaw(plan.results, resultsAsArray(plan.rawResults.length, trampoline(...toRaw(plan.params, plan.rawParams.length, args, false))), false);
    t.same(seen, args, `${plan.key}: arguments arrive exact`);
    t.same(out, results, `${plan.key}: results return exact`);
  }
});

t.test('v128 global access reads and writes lanes', async (t) => {
  const init = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
  const created = newV128Global(true, init);
  t.same(fromRaw(Uint8Array.of(RawKind.V128), created.get(), false)[0], init, 'created with its initial value');
  created.set!(1, -2, 3, -4);
  const access = v128GlobalAccess(created.global, true);
  t.same(access.get(), [1, -2, 3, -4], 'a second accessor sees the same cell');
  t.equal(newV128Global(false, init).set, undefined, 'immutable: no setter');
});
