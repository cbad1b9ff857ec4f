// Differential tests: splat, extract_lane, replace_lane, shuffle, bitmask, all_true, any_true.
import t from 'tap';
import {
  createSimdViews, simdAllTrue, simdAnyTrue, simdBitmask, simdConst, simdExtractLane,
  simdExtractLaneHi, simdExtractLaneSlot, SimdKind, simdKind, simdReplaceLane, simdReplaceLaneSlot,
  simdShuffle, simdSplat, simdSplatSlot,
} from '../../../../backends/interpreter/simd/index.js';
import {
  A, B, diffV128, hex, instantiate, randomVector, RESULT, rng, SCALAR, SIMD_OPS, SRESULT, W,
} from './harness.js';

const CASES = 200;
type Scalar = 'i32' | 'i64' | 'f32' | 'f64';

/** The scalar type an op's lane value has, from its name. */
function scalarOf(name: string): Scalar {
  if (name.startsWith('i64x2')) return 'i64';
  if (name.startsWith('f32x4')) return 'f32';
  if (name.startsWith('f64x2')) return 'f64';
  return 'i32';
}

function laneCount(name: string): number {
  return name.startsWith('i8x16') ? 16 : name.startsWith('i16x8') ? 8 : name.startsWith('i32x4') || name.startsWith('f32x4') ? 4 : 2;
}

const LOAD = { i32: W.i32load, i64: W.i64load, f32: W.f32load, f64: W.f64load };
const STORE = { i32: W.i32store, i64: W.i64store, f32: W.f32store, f64: W.f64store };

const byKind = (k: SimdKind): Array<{ code: number; name: string }> => SIMD_OPS.filter((o) => simdKind(o.code) === k);
const splats = byKind(SimdKind.Splat);
const extracts = byKind(SimdKind.ExtractLane);
const replaces = byKind(SimdKind.ReplaceLane);
const reductions = [...byKind(SimdKind.Bitmask), ...byKind(SimdKind.AllTrue), ...byKind(SimdKind.AnyTrue)];

const r0 = rng(7);
const shuffles: Uint8Array[] = [];
for (let i = 0; i < 24; i++) shuffles.push(Uint8Array.from({ length: 16 }, () => (r0() * 32) | 0));
shuffles.push(Uint8Array.from({ length: 16 }, (_, i) => i), Uint8Array.from({ length: 16 }, (_, i) => 31 - i));

const funcs = new Map<string, number[]>();
for (const { code, name } of splats) {
  funcs.set(name, [...W.i32const(0), ...W.i32const(0), ...LOAD[scalarOf(name)](SCALAR), ...W.simd(code), ...W.v128store(RESULT)]);
}
for (const { code, name } of extracts) {
  for (let l = 0; l < laneCount(name); l++) {
    funcs.set(`${name}/${l}`, [...W.i32const(0), ...W.v128load(A), ...W.simd(code), l, ...STORE[scalarOf(name)](SRESULT)]);
  }
}
for (const { code, name } of replaces) {
  for (let l = 0; l < laneCount(name); l++) {
    funcs.set(`${name}/${l}`, [
      ...W.i32const(0), ...W.v128load(A), ...W.i32const(0), ...LOAD[scalarOf(name)](SCALAR),
      ...W.simd(code), l, ...W.v128store(RESULT),
    ]);
  }
}
for (const { code, name } of reductions) {
  funcs.set(name, [...W.i32const(0), ...W.v128load(A), ...W.simd(code), ...W.i32store(SRESULT)]);
}
shuffles.forEach((lanes, i) => {
  funcs.set(`shuffle/${i}`, [...W.i32const(0), ...W.v128load(A), ...W.v128load(B), 0xfd, 0x0d, ...lanes, ...W.v128store(RESULT)]);
});
const host = instantiate(funcs);
const mem = host.mem;
const hv = new DataView(mem.buffer);
const v = createSimdViews(new ArrayBuffer(128));
const sv = new DataView(v.buffer);
const SA = 16, SB = 48, SD = 80, SS = 112; // stack: operands, result, scalar slot

/** A random scalar at SCALAR of host memory: raw bits or (half the time) a vector lane's edge case. */
function randomScalar(r: () => number): void {
  randomVector(r, mem, 32); // reuse the vector generator (at C) and take 8 of its bytes
  for (let i = 0; i < 8; i++) mem[SCALAR + i] = mem[32 + (r() < 0.5 ? i : 8 + i)];
}

t.test('splat', (t) => {
  for (const { code, name } of splats) {
    const r = rng(code), type = scalarOf(name), call = host.call.get(name)!;
    let failure: string | null = null;
    for (let n = 0; n < CASES && failure === null; n++) {
      randomScalar(r);
      call();
      // Slot form: raw bits, exact.
      v.u8.set(mem.subarray(SCALAR, SCALAR + 8), SS);
      simdSplatSlot(code, v, SD, SS);
      let d = diffV128('int', v.u8, SD, mem, RESULT, 'any');
      // In place: the scalar's slot becomes the first half of the result vector.
      v.u8.set(mem.subarray(SCALAR, SCALAR + 8), SD);
      simdSplatSlot(code, v, SD, SD);
      d ??= diffV128('int', v.u8, SD, mem, RESULT, 'any');
      // Number form: exact except NaN payloads (a JS number need not keep them).
      const lanes = type === 'f32' ? 'f32' : type === 'f64' ? 'f64' : 'int';
      if (d === null) {
        if (type === 'i64') simdSplat(code, v, SD, hv.getInt32(SCALAR, true), hv.getInt32(SCALAR + 4, true));
        else if (type === 'f32') simdSplat(code, v, SD, hv.getFloat32(SCALAR, true));
        else if (type === 'f64') simdSplat(code, v, SD, hv.getFloat64(SCALAR, true));
        else simdSplat(code, v, SD, hv.getInt32(SCALAR, true));
        d = diffV128(lanes, v.u8, SD, mem, RESULT, 'any');
      }
      if (d !== null) failure = `${name} of ${hex(mem, SCALAR).slice(0, 16)}: ${d}`;
    }
    t.equal(failure, null, `${name} matches V8`);
  }
  t.end();
});

t.test('extract_lane', (t) => {
  for (const { code, name } of extracts) {
    const r = rng(code), type = scalarOf(name);
    let failure: string | null = null;
    for (let n = 0; n < CASES / 4 && failure === null; n++) {
      randomVector(r, mem, A);
      v.u8.set(mem.subarray(A, A + 16), SA);
      for (let l = 0; l < laneCount(name) && failure === null; l++) {
        host.call.get(`${name}/${l}`)!();
        const got = simdExtractLane(code, v, SA, l);
        let ok: boolean;
        if (type === 'i32') ok = got === hv.getInt32(SRESULT, true);
        else if (type === 'i64') {
          ok = got === hv.getInt32(SRESULT, true) && simdExtractLaneHi(v, SA, l) === hv.getInt32(SRESULT + 4, true);
        } else {
          const want = type === 'f32' ? hv.getFloat32(SRESULT, true) : hv.getFloat64(SRESULT, true);
          ok = Object.is(got, want) || (got !== got && want !== want);
        }
        // Slot form, exact bits (and aliasing the slot with the vector itself).
        const width = type === 'i64' || type === 'f64' ? 8 : 4;
        for (const dst of [SS, SA]) {
          v.u8.set(mem.subarray(A, A + 16), SA);
          simdExtractLaneSlot(code, v, dst, SA, l);
          for (let i = 0; i < width; i++) if (v.u8[dst + i] !== mem[SRESULT + i]) ok = false;
        }
        v.u8.set(mem.subarray(A, A + 16), SA);
        if (!ok) failure = `${name} lane ${l} of ${hex(mem, A)}: weft ${got}, host bytes ${hex(mem, SRESULT).slice(0, 16)}`;
      }
    }
    t.equal(failure, null, `${name} matches V8 on every lane`);
  }
  t.end();
});

t.test('replace_lane', (t) => {
  for (const { code, name } of replaces) {
    const r = rng(code), type = scalarOf(name);
    const lanes = type === 'f32' ? 'f32' : type === 'f64' ? 'f64' : 'int';
    let failure: string | null = null;
    for (let n = 0; n < CASES / 4 && failure === null; n++) {
      randomVector(r, mem, A);
      randomScalar(r);
      for (let l = 0; l < laneCount(name) && failure === null; l++) {
        host.call.get(`${name}/${l}`)!();
        // Slot form, exact; both into a fresh dst and in place, with the scalar slot given.
        for (const dst of [SD, SA]) {
          v.u8.set(mem.subarray(A, A + 16), SA);
          v.u8.set(mem.subarray(SCALAR, SCALAR + 8), SS);
          simdReplaceLaneSlot(code, v, dst, SA, l, SS);
          const d = diffV128('int', v.u8, dst, mem, RESULT, 'any');
          if (d !== null) failure = `${name} lane ${l} (slot, dst ${dst}): ${d}`;
        }
        // Number form: exact except NaN payloads of the replaced lane.
        v.u8.set(mem.subarray(A, A + 16), SA);
        if (type === 'i64') simdReplaceLane(code, v, SD, SA, l, hv.getInt32(SCALAR, true), hv.getInt32(SCALAR + 4, true));
        else if (type === 'f32') simdReplaceLane(code, v, SD, SA, l, hv.getFloat32(SCALAR, true));
        else if (type === 'f64') simdReplaceLane(code, v, SD, SA, l, hv.getFloat64(SCALAR, true));
        else simdReplaceLane(code, v, SD, SA, l, hv.getInt32(SCALAR, true));
        // Other lanes may hold NaNs that must stay bit-exact: compare those strictly first.
        const width = 16 / laneCount(name);
        for (let i = 0; i < 16; i++) {
          if ((i / width | 0) !== l && v.u8[SD + i] !== mem[RESULT + i]) failure = `${name} lane ${l}: other lanes changed`;
        }
        const d = diffV128(lanes, v.u8, SD, mem, RESULT, 'any');
        if (d !== null && failure === null) failure = `${name} lane ${l} (number): ${d}`;
      }
    }
    t.equal(failure, null, `${name} matches V8 on every lane`);
  }
  t.end();
});

t.test('bitmask, all_true, any_true', (t) => {
  for (const { code, name } of reductions) {
    const r = rng(code), call = host.call.get(name)!;
    let failure: string | null = null;
    for (let n = 0; n < CASES && failure === null; n++) {
      randomVector(r, mem, A);
      // Zero some lanes (of a random width) so all_true/any_true see both answers.
      const w = [1, 2, 4, 8][(r() * 4) | 0];
      const p = r() < 0.3 ? 0.9 : 0.2;
      for (let i = 0; i < 16; i += w) if (r() < p) mem.fill(0, A + i, A + i + w);
      call();
      v.u8.set(mem.subarray(A, A + 16), SA);
      const kind = simdKind(code);
      const got = kind === SimdKind.Bitmask ? simdBitmask(code, v, SA) : kind === SimdKind.AllTrue ? simdAllTrue(code, v, SA) : simdAnyTrue(v, SA);
      if (got !== hv.getInt32(SRESULT, true)) failure = `${name} of ${hex(mem, A)}: weft ${got}, host ${hv.getInt32(SRESULT, true)}`;
    }
    t.equal(failure, null, `${name} matches V8`);
  }
  t.end();
});

t.test('i8x16.shuffle', (t) => {
  const r = rng(0xd);
  let failure: string | null = null;
  shuffles.forEach((lanes, i) => {
    for (let n = 0; n < 20 && failure === null; n++) {
      randomVector(r, mem, A);
      randomVector(r, mem, B);
      host.call.get(`shuffle/${i}`)!();
      for (const dst of [SD, SA, SB]) {
        v.u8.set(mem.subarray(A, A + 16), SA);
        v.u8.set(mem.subarray(B, B + 16), SB);
        simdShuffle(v, dst, SA, SB, lanes);
        const d = diffV128('int', v.u8, dst, mem, RESULT, 'any');
        if (d !== null) failure = `lanes ${[...lanes].join(',')} dst ${dst}: ${d}`;
      }
    }
  });
  t.equal(failure, null, 'shuffle matches V8 for random lane patterns, with dst aliasing either operand');
  t.end();
});

t.test('v128.const copies its immediate', (t) => {
  const code = new Uint8Array(40);
  for (let i = 0; i < 40; i++) code[i] = i * 7;
  const imm = code.subarray(9, 25);
  simdConst(v, SD, imm);
  t.same([...v.u8.subarray(SD, SD + 16)], [...imm]);
  t.end();
});

t.test('every extract/replace/splat/reduction opcode is covered', (t) => {
  t.equal(splats.length, 6);
  t.equal(extracts.length, 8);
  t.equal(replaces.length, 6);
  t.equal(reductions.length, 9);
  t.end();
});
