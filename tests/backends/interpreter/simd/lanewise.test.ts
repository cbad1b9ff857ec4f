// Differential tests: every unary, binary, ternary and shift SIMD op (non-relaxed) against V8.
import t from 'tap';
import {
  createSimdViews, simdBinary, SimdKind, simdKind, simdShift, simdTernary, simdUnary,
} from '../../../../backends/interpreter/simd/index.js';
import {
  A, B, C, diffV128, hex, inputLanes, instantiate, nanRule, randomVector, RESULT,
  resultLanes, rng, SCALAR, SIMD_OPS, similarVector, W,
} from './harness.js';

const CASES = 200;
const KINDS = new Set([SimdKind.Unary, SimdKind.Binary, SimdKind.Ternary, SimdKind.Shift]);
const ops = SIMD_OPS.filter((o) => KINDS.has(simdKind(o.code)) && !o.name.includes('relaxed'));

function body(op: number): number[] {
  const kind = simdKind(op);
  const out = [...W.i32const(0), ...W.v128load(A)];
  if (kind === SimdKind.Shift) out.push(...W.i32const(0), ...W.i32load(SCALAR));
  if (kind === SimdKind.Binary || kind === SimdKind.Ternary) out.push(...W.v128load(B));
  if (kind === SimdKind.Ternary) out.push(...W.v128load(C));
  out.push(...W.simd(op), ...W.v128store(RESULT));
  return out;
}

const host = instantiate(new Map(ops.map((o) => [o.name, body(o.code)])));
const stack = new ArrayBuffer(256);
const v = createSimdViews(stack);
// Operands at stack bytes 32/64/96, the result at 128 (plus aliased runs, see below).
const SA = 32, SB = 64, SC = 96, SD = 128;
const SHIFT_COUNTS = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, -1, -8, 0x7fffffff, -0x80000000];

/** Runs `op` on weft with result at `dst` (operands at SA/SB/SC, which it may equal). */
function runWeft(op: number, kind: SimdKind, dst: number, count: number): void {
  if (kind === SimdKind.Unary) simdUnary(op, v, dst, SA);
  else if (kind === SimdKind.Binary) simdBinary(op, v, dst, SA, SB);
  else if (kind === SimdKind.Ternary) simdTernary(op, v, dst, SA, SB, SC);
  else simdShift(op, v, dst, SA, count);
}

for (const { code, name } of ops) {
  t.test(name, (t) => {
    const kind = simdKind(code);
    const r = rng(code);
    const call = host.call.get(name)!;
    const mem = host.mem;
    const lanes = resultLanes(name);
    const dv = new DataView(mem.buffer);
    let failure: string | null = null;
    const saved = new Uint8Array(48);
    for (let n = 0; n < CASES && failure === null; n++) {
      randomVector(r, mem, A);
      if (r() < 0.3) similarVector(r, mem, B, A);
      else randomVector(r, mem, B);
      randomVector(r, mem, C);
      const count = r() < 0.5 ? SHIFT_COUNTS[Math.floor(r() * SHIFT_COUNTS.length)] : (r() * 4294967296) | 0;
      dv.setInt32(SCALAR, count, true);
      call();
      const operands = [A, B, C];
      const rule = nanRule(mem, operands, inputLanes(name));
      saved.set(mem.subarray(0, 48));
      const load = (): void => {
        v.u8.set(saved.subarray(0, 16), SA);
        v.u8.set(saved.subarray(16, 32), SB);
        v.u8.set(saved.subarray(32, 48), SC);
      };
      load();
      runWeft(code, kind, SD, count);
      const d = diffV128(lanes, v.u8, SD, mem, RESULT, rule);
      if (d !== null) {
        failure = `a=${hex(saved, 0)} b=${hex(saved, 16)} c=${hex(saved, 32)} count=${count}: ${d}`;
        break;
      }
      // The same op with dst aliasing each operand must give the identical bits.
      for (const alias of kind === SimdKind.Unary || kind === SimdKind.Shift ? [SA] : kind === SimdKind.Binary ? [SA, SB] : [SA, SB, SC]) {
        load();
        runWeft(code, kind, alias, count);
        if (diffV128('int', v.u8, alias, v.u8, SD, 'any') !== null) {
          failure = `aliasing dst with operand at ${alias} changed the result (a=${hex(saved, 0)} b=${hex(saved, 16)})`;
          break;
        }
      }
    }
    t.equal(failure, null, `${name} matches V8 on ${CASES} random and edge-case inputs`);
    t.end();
  });
}
