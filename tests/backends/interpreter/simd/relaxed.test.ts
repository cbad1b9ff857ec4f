// Relaxed SIMD: weft's deterministic choices, checked two ways against V8:
//  1. on any input, against a module computing weft's documented choice with non-relaxed ops;
//  2. on inputs where every allowed result coincides, against V8's own relaxed instruction
//     (catches operand-order mistakes that check 1 would share).
import t from 'tap';
import {
  createSimdViews, simdBinary, SimdKind, simdKind, simdTernary, simdUnary,
} from '../../../../backends/interpreter/simd/index.js';
import {
  A, B, C, diffV128, hex, inputLanes, instantiate, nanRule, opByName, randomVector, RESULT,
  resultLanes, rng, SIMD_OPS, similarVector, W,
} from './harness.js';

const CASES = 300;
const relaxed = SIMD_OPS.filter((o) => o.name.includes('relaxed'));

const op = (name: string): number[] => W.simd(opByName(name));
const la = W.v128load(A), lb = W.v128load(B), lc = W.v128load(C);
const EVENS = [0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29];
const ODDS = EVENS.map((x) => x + 2);
const products = [...la, ...lb, ...op('i16x8.extmul_low_i8x16_s'), ...la, ...lb, ...op('i16x8.extmul_high_i8x16_s')];
/** Signed i8·i8 pair sums wrapped to i16: the i16x8.relaxed_dot choice, from non-relaxed ops. */
const dot16 = [...products, 0xfd, 0x0d, ...EVENS, ...products, 0xfd, 0x0d, ...ODDS, ...op('i16x8.add')];

/** Non-relaxed body computing weft's choice for each relaxed op (operands a, b, c from memory). */
const REFERENCE: Record<string, number[]> = {
  'i8x16.relaxed_swizzle': [...la, ...lb, ...op('i8x16.swizzle')],
  'i32x4.relaxed_trunc_f32x4_s': [...la, ...op('i32x4.trunc_sat_f32x4_s')],
  'i32x4.relaxed_trunc_f32x4_u': [...la, ...op('i32x4.trunc_sat_f32x4_u')],
  'i32x4.relaxed_trunc_f64x2_s_zero': [...la, ...op('i32x4.trunc_sat_f64x2_s_zero')],
  'i32x4.relaxed_trunc_f64x2_u_zero': [...la, ...op('i32x4.trunc_sat_f64x2_u_zero')],
  'f32x4.relaxed_madd': [...la, ...lb, ...op('f32x4.mul'), ...lc, ...op('f32x4.add')],
  'f32x4.relaxed_nmadd': [...la, ...lb, ...op('f32x4.mul'), ...op('f32x4.neg'), ...lc, ...op('f32x4.add')],
  'f64x2.relaxed_madd': [...la, ...lb, ...op('f64x2.mul'), ...lc, ...op('f64x2.add')],
  'f64x2.relaxed_nmadd': [...la, ...lb, ...op('f64x2.mul'), ...op('f64x2.neg'), ...lc, ...op('f64x2.add')],
  'i8x16.relaxed_laneselect': [...la, ...lb, ...lc, ...op('v128.bitselect')],
  'i16x8.relaxed_laneselect': [...la, ...lb, ...lc, ...op('v128.bitselect')],
  'i32x4.relaxed_laneselect': [...la, ...lb, ...lc, ...op('v128.bitselect')],
  'i64x2.relaxed_laneselect': [...la, ...lb, ...lc, ...op('v128.bitselect')],
  'f32x4.relaxed_min': [...la, ...lb, ...op('f32x4.min')],
  'f32x4.relaxed_max': [...la, ...lb, ...op('f32x4.max')],
  'f64x2.relaxed_min': [...la, ...lb, ...op('f64x2.min')],
  'f64x2.relaxed_max': [...la, ...lb, ...op('f64x2.max')],
  'i16x8.relaxed_q15mulr_s': [...la, ...lb, ...op('i16x8.q15mulr_sat_s')],
  'i16x8.relaxed_dot_i8x16_i7x16_s': dot16,
  'i32x4.relaxed_dot_i8x16_i7x16_add_s': [...dot16, ...op('i32x4.extadd_pairwise_i16x8_s'), ...lc, ...op('i32x4.add')],
};

function nativeBody(code: number): number[] {
  const k = simdKind(code);
  return [...la, ...(k === SimdKind.Unary ? [] : lb), ...(k === SimdKind.Ternary ? lc : []), ...W.simd(code)];
}

const funcs = new Map<string, number[]>();
for (const { code, name } of relaxed) {
  funcs.set(`ref:${name}`, [...W.i32const(0), ...REFERENCE[name], ...W.v128store(RESULT)]);
  funcs.set(`native:${name}`, [...W.i32const(0), ...nativeBody(code), ...W.v128store(RESULT)]);
}
const host = instantiate(funcs);
const mem = host.mem;
const hv = new DataView(mem.buffer);
const v = createSimdViews(new ArrayBuffer(192));
const SA = 32, SB = 64, SC = 96, SD = 128;

function runWeft(code: number, dst: number): void {
  const k = simdKind(code);
  if (k === SimdKind.Unary) simdUnary(code, v, dst, SA);
  else if (k === SimdKind.Binary) simdBinary(code, v, dst, SA, SB);
  else simdTernary(code, v, dst, SA, SB, SC);
}

function loadOperands(): void {
  v.u8.set(mem.subarray(A, A + 16), SA);
  v.u8.set(mem.subarray(B, B + 16), SB);
  v.u8.set(mem.subarray(C, C + 16), SC);
}

/** Rewrites the random operands so that every result the spec allows for `name` coincides. */
function restrictToDeterministic(name: string, r: () => number): void {
  const small = (at: number, n: number, range: number, shift: number, f64: boolean): void => {
    for (let i = 0; i < n; i++) {
      const x = Math.floor(r() * range) - shift + (r() < 0.5 ? 0.5 : 0);
      if (f64) hv.setFloat64(at + 8 * i, x, true);
      else hv.setFloat32(at + 4 * i, x, true);
    }
  };
  if (name === 'i8x16.relaxed_swizzle') for (let i = 0; i < 16; i++) mem[B + i] &= 0x8f;
  else if (name.includes('trunc_f32x4')) small(A, 4, 60000, name.endsWith('_s') ? 30000 : 0, false);
  else if (name.includes('trunc_f64x2')) small(A, 2, 60000, name.endsWith('_s_zero') ? 30000 : 0, true);
  else if (name.includes('madd')) {
    // Small integers and halves: products and sums are exact, so fused = unfused.
    const f64 = name.startsWith('f64');
    for (const at of [A, B, C]) small(at, f64 ? 2 : 4, 200, 100, f64);
  } else if (name.includes('laneselect')) {
    const w = name.startsWith('i8') ? 1 : name.startsWith('i16') ? 2 : name.startsWith('i32') ? 4 : 8;
    for (let i = 0; i < 16; i += w) mem.fill(r() < 0.5 ? 0xff : 0, C + i, C + i + w);
  } else if (name.includes('relaxed_min') || name.includes('relaxed_max')) {
    const f64 = name.startsWith('f64');
    for (const at of [A, B]) small(at, f64 ? 2 : 4, 200, 100, f64);
    // ±0 pairs are allowed to go either way: make zeros positive.
    for (const at of [A, B]) for (let i = 0; i < (f64 ? 2 : 4); i++) {
      if (f64 ? hv.getFloat64(at + 8 * i, true) === 0 : hv.getFloat32(at + 4 * i, true) === 0) {
        if (f64) hv.setFloat64(at + 8 * i, 0, true); else hv.setFloat32(at + 4 * i, 0, true);
      }
    }
  } else if (name === 'i16x8.relaxed_q15mulr_s') {
    for (let i = 0; i < 8; i++) if (hv.getInt16(A + 2 * i, true) === -32768) hv.setInt16(A + 2 * i, -32767, true);
  } else if (name.includes('relaxed_dot')) for (let i = 0; i < 16; i++) mem[B + i] &= 0x7f;
}

for (const { code, name } of relaxed) {
  t.test(name, (t) => {
    const r = rng(code);
    const lanes = resultLanes(name);
    // Node 20's V8 (11.3, relaxed SIMD still experimental) computes dot_add wrongly: it returns
    // twice the dot product and drops c (spec case a=b=0..15, c=0..3 gives 28 252 732 1468, not
    // 14 127 368 737). That op is checked against the spec testsuite's values below instead.
    const modes = name === 'i32x4.relaxed_dot_i8x16_i7x16_add_s' ? ['ref'] as const : ['ref', 'native'] as const;
    for (const mode of modes) {
      let failure: string | null = null;
      for (let n = 0; n < CASES && failure === null; n++) {
        randomVector(r, mem, A);
        if (r() < 0.3) similarVector(r, mem, B, A);
        else randomVector(r, mem, B);
        randomVector(r, mem, C);
        if (mode === 'native') restrictToDeterministic(name, r);
        host.call.get(`${mode}:${name}`)!();
        const rule = nanRule(mem, [A, B, C], inputLanes(name));
        loadOperands();
        runWeft(code, SD);
        const d = diffV128(lanes, v.u8, SD, mem, RESULT, rule);
        if (d !== null) failure = `a=${hex(mem, A)} b=${hex(mem, B)} c=${hex(mem, C)}: ${d}`;
        for (const alias of [SA, SB, SC]) {
          loadOperands();
          runWeft(code, alias);
          if (diffV128('int', v.u8, alias, v.u8, SD, 'any') !== null) failure = `dst aliasing ${alias} differs`;
        }
      }
      t.equal(failure, null, mode === 'ref'
        ? `${name} = its documented non-relaxed equivalent on V8, for any input`
        : `${name} = V8's own ${name} where all allowed results agree`);
    }
    t.end();
  });
}

t.test('relaxed dot: the spec testsuite cases, including the implementation-defined one', (t) => {
  const code = opByName('i16x8.relaxed_dot_i8x16_i7x16_s');
  const addCode = opByName('i32x4.relaxed_dot_i8x16_i7x16_add_s');
  v.i8.fill(0, SA, SD + 16);
  v.i8[SA] = -128; v.i8[SA + 1] = -128; v.i8[SA + 2] = 127; v.i8[SA + 3] = 127;
  v.i8[SB] = 127; v.i8[SB + 1] = 127; v.i8[SB + 2] = 127; v.i8[SB + 3] = 127;
  simdBinary(code, v, SD, SA, SB);
  t.same([...v.i16.subarray(SD / 2, SD / 2 + 2)], [-32512, 32258]);
  v.i8[SB] = -127; v.i8[SB + 1] = -127; v.i8[SA + 2] = -128; v.i8[SA + 3] = -128; v.i8[SB + 2] = -127; v.i8[SB + 3] = -127;
  simdBinary(code, v, SD, SA, SB);
  t.equal(v.i16[SD / 2], 32512, 'signed × signed, one of the results `either` allows');
  for (let i = 0; i < 4; i++) v.i32[SC / 4 + i] = i + 1;
  simdTernary(addCode, v, SD, SA, SB, SC);
  t.same([...v.i32.subarray(SD / 4, SD / 4 + 4)], [65025, 2, 3, 4], 'dot_add: signed × signed 65024 + 1, one of the allowed results');
  for (let i = 0; i < 16; i++) { v.i8[SA + i] = i; v.i8[SB + i] = i; }
  for (let i = 0; i < 4; i++) v.i32[SC / 4 + i] = i;
  simdTernary(addCode, v, SD, SA, SB, SC);
  t.same([...v.i32.subarray(SD / 4, SD / 4 + 4)], [14, 127, 368, 737], 'dot_add: spec simple case');
  v.i8.fill(0, SA, SC + 16);
  v.i8.set([-128, -128, -128, -128, 127, 127, 127, 127], SA);
  v.i8.set([127, 127, 127, 127, 127, 127, 127, 127], SB);
  for (let i = 0; i < 4; i++) v.i32[SC / 4 + i] = i + 1;
  simdTernary(addCode, v, SC, SA, SB, SC);
  t.same([...v.i32.subarray(SC / 4, SC / 4 + 4)], [-65023, 64518, 3, 4], 'dot_add: spec min/max case, in place over c');
  t.end();
});

t.test('every relaxed opcode is covered', (t) => {
  t.equal(relaxed.length, 20);
  t.end();
});
