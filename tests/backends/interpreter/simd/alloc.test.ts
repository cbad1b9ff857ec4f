// The kernels must not allocate: run every value-producing op many times and check that the
// JS heap did not grow (measured only across a window with no GC, where growth = allocation).
import { PerformanceObserver } from 'node:perf_hooks';
import t from 'tap';
import * as S from '../../../../backends/interpreter/simd/index.js';
import { SIMD_OPS } from './harness.js';

const v = S.createSimdViews(new ArrayBuffer(256));
const mem = new Uint8Array(1024);
const of = (k: S.SimdKind): Int32Array => Int32Array.from(SIMD_OPS.filter((o) => S.simdKind(o.code) === k).map((o) => o.code));
const unary = of(S.SimdKind.Unary), binary = of(S.SimdKind.Binary), ternary = of(S.SimdKind.Ternary);
const shifts = of(S.SimdKind.Shift), loads = of(S.SimdKind.Load), splats = of(S.SimdKind.Splat);
const lanes = new Uint8Array(16).map((_, i) => (i * 5) & 31);

function run(n: number): number {
  let sink = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < unary.length; i++) S.simdUnary(unary[i], v, 64, 64);
    for (let i = 0; i < binary.length; i++) S.simdBinary(binary[i], v, 64, 64, 96);
    for (let i = 0; i < ternary.length; i++) S.simdTernary(ternary[i], v, 96, 64, 96, 112);
    for (let i = 0; i < shifts.length; i++) S.simdShift(shifts[i], v, 64, 64, k);
    for (let i = 0; i < loads.length; i++) S.simdLoad(loads[i], v, 128, mem, k & 511);
    for (let i = 0; i < splats.length; i++) S.simdSplatSlot(splats[i], v, 144, 160);
    S.simdLoadLane(0xfd0057, v, 128, 128, mem, 3, 1);
    S.simdStoreLane(0xfd005b, v, 144, mem, 100, 1);
    S.simdShuffle(v, 64, 64, 96, lanes);
    S.simdExtractLaneSlot(0xfd0021, v, 176, 64, 1);
    S.simdReplaceLaneSlot(0xfd001e, v, 64, 64, 0, 176);
    sink += S.simdBitmask(0xfd0064, v, 64) + S.simdAllTrue(0xfd0083, v, 64) + S.simdAnyTrue(v, 96);
    v.u32[(64 >> 2) + (k & 7)] ^= Math.imul(k, 0x9e3779b1); // keep the values moving
  }
  return sink;
}

t.test('no allocation per operation', async (t) => {
  let gcs = 0;
  const obs = new PerformanceObserver((list) => { gcs += list.getEntries().length; });
  obs.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < 256; i++) v.u8[i] = (i * 37) & 0xff;
  run(1000); // warm up: let V8 optimise everything first
  const N = 600;
  const ops = N * (unary.length + binary.length + ternary.length + shifts.length + loads.length + splats.length + 8);
  // Optimising compilers still allocate code and feedback in the first windows, so the smallest
  // growth over a few GC-free windows is what is compared.
  let least = Infinity;
  for (let window = 0; window < 4; window++) {
    await new Promise((r) => setTimeout(r, 10)); // let pending GC entries arrive
    const g0 = gcs;
    const h0 = process.memoryUsage().heapUsed;
    run(N);
    const grew = process.memoryUsage().heapUsed - h0;
    await new Promise((r) => setTimeout(r, 10));
    if (gcs === g0) least = Math.min(least, grew); // a GC in the window hides allocation
  }
  obs.disconnect();
  if (least === Infinity) t.pass('not measured: a GC ran during every window');
  // Allocating even one 16-byte object per operation would be over 2 MB per window.
  else t.ok(least < 1024 * 1024, `heap grew ${least} bytes over ${ops} operations`);
});
