// Differential tests: every v128 load/store form, at unaligned addresses, against V8.
import t from 'tap';
import {
  createSimdViews, SimdKind, simdKind, simdLoad, simdLoadLane, simdMemAccessSize, simdStore,
  simdStoreLane,
} from '../../../../backends/interpreter/simd/index.js';
import { A, ADDR, diffV128, hex, instantiate, MEM_AREA, randomVector, RESULT, rng, SIMD_OPS, W } from './harness.js';

const CASES = 100;
const PAGE = 65536;
const ops = SIMD_OPS.filter((o) => {
  const k = simdKind(o.code);
  return k === SimdKind.Load || k === SimdKind.Store || k === SimdKind.LoadLane || k === SimdKind.StoreLane;
});

function laneCount(op: number): number {
  return 16 / simdMemAccessSize(op);
}

// Every function reads its dynamic address from ADDR and uses memarg offset MEM_AREA.
const addr = (): number[] => [...W.i32const(0), ...W.i32load(ADDR)];
const funcs = new Map<string, number[]>();
for (const { code, name } of ops) {
  const kind = simdKind(code);
  if (kind === SimdKind.Load) {
    funcs.set(name, [...W.i32const(0), ...addr(), ...W.simdMem(code, MEM_AREA), ...W.v128store(RESULT)]);
  } else if (kind === SimdKind.Store) {
    funcs.set(name, [...addr(), ...W.v128load(A), ...W.simdMem(code, MEM_AREA)]);
  } else {
    for (let l = 0; l < laneCount(code); l++) {
      funcs.set(`${name}/${l}`, kind === SimdKind.LoadLane
        ? [...W.i32const(0), ...addr(), ...W.v128load(A), ...W.simdMem(code, MEM_AREA), l, ...W.v128store(RESULT)]
        : [...addr(), ...W.v128load(A), ...W.simdMem(code, MEM_AREA), l]);
    }
  }
}
const host = instantiate(funcs);
const mem = host.mem;
const hv = new DataView(mem.buffer);
const v = createSimdViews(new ArrayBuffer(64));
const SA = 16, SD = 32;
const ours = new Uint8Array(256); // weft's copy of host memory bytes 0..255

t.test('loads and stores match V8 at unaligned addresses', (t) => {
  for (const { code, name } of ops) {
    const kind = simdKind(code);
    const r = rng(code);
    const lanes = kind === SimdKind.LoadLane || kind === SimdKind.StoreLane ? laneCount(code) : 1;
    let failure: string | null = null;
    for (let n = 0; n < CASES && failure === null; n++) {
      const dyn = (r() * 48) | 0;
      for (let l = 0; l < lanes && failure === null; l++) {
        hv.setInt32(ADDR, dyn, true);
        for (let i = MEM_AREA; i < 256; i++) mem[i] = (r() * 256) | 0;
        randomVector(r, mem, A);
        ours.set(mem.subarray(0, 256));
        v.u8.set(mem.subarray(A, A + 16), SA);
        const at = MEM_AREA + dyn;
        host.call.get(lanes === 1 ? name : `${name}/${l}`)!();
        if (kind === SimdKind.Load) simdLoad(code, v, SD, ours, at);
        else if (kind === SimdKind.LoadLane) simdLoadLane(code, v, SD, SA, ours, at, l);
        else if (kind === SimdKind.Store) simdStore(v, SA, ours, at);
        else simdStoreLane(code, v, SA, ours, at, l);
        if (kind === SimdKind.Load || kind === SimdKind.LoadLane) {
          const d = diffV128('int', v.u8, SD, mem, RESULT, 'any');
          if (d !== null) failure = `${name} lane ${l} at ${at} of ${hex(mem, at)}: ${d}`;
          if (kind === SimdKind.LoadLane) {
            // In place (dst = the input vector) gives the same bits.
            simdLoadLane(code, v, SA, SA, ours, at, l);
            if (diffV128('int', v.u8, SA, mem, RESULT, 'any') !== null) failure = `${name} lane ${l}: in-place differs`;
          }
        } else {
          for (let i = 0; i < 256; i++) {
            if (ours[i] !== mem[i]) {
              failure = `${name} lane ${l} at ${at}: byte ${i} weft ${ours[i]} host ${mem[i]}`;
              break;
            }
          }
        }
      }
    }
    t.equal(failure, null, `${name} matches V8`);
  }
  t.end();
});

t.test('every v128 memory opcode is covered', (t) => {
  t.equal(ops.length, 22);
  t.end();
});

t.test('simdMemAccessSize is exactly the span V8 bounds-checks', (t) => {
  for (const { code, name } of ops) {
    const size = simdMemAccessSize(code);
    const call = host.call.get(laneCount(code) === 1 || simdKind(code) === SimdKind.Load || simdKind(code) === SimdKind.Store ? name : `${name}/0`)!;
    hv.setInt32(ADDR, PAGE - MEM_AREA - size, true);
    t.doesNotThrow(call, `${name}: ${size} bytes fit at the end of memory`);
    hv.setInt32(ADDR, PAGE - MEM_AREA - size + 1, true);
    t.throws(call, `${name}: one byte further traps`);
  }
  t.end();
});
