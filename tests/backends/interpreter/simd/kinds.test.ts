// simdKind classifies every SIMD opcode, and each entry point accepts exactly its group.
import t from 'tap';
import {
  createSimdViews, simdAllTrue, simdBinary, simdBitmask, SimdKind, simdKind, simdShift,
  simdTernary, simdUnary,
} from '../../../../backends/interpreter/simd/index.js';
import { SIMD_OPS } from './harness.js';

const v = createSimdViews(new ArrayBuffer(64));

t.test('every defined SIMD opcode has a kind; others have none', (t) => {
  const missing = SIMD_OPS.filter((o) => simdKind(o.code) === SimdKind.None).map((o) => o.name);
  t.same(missing, []);
  t.equal(SIMD_OPS.length, 256, 'SIMD (236) + relaxed SIMD (20) opcodes');
  t.equal(simdKind(0x6a), SimdKind.None, 'i32.add is not SIMD');
  t.equal(simdKind(0xfd009a), SimdKind.None, 'an unassigned SIMD opcode');
  t.equal(simdKind(0xfd0114), SimdKind.None, 'past the relaxed range');
  t.end();
});

t.test('each dispatcher accepts its own kind and rejects the others', (t) => {
  const entry: Array<[SimdKind, (op: number) => unknown]> = [
    [SimdKind.Unary, (op) => simdUnary(op, v, 0, 16)],
    [SimdKind.Binary, (op) => simdBinary(op, v, 0, 16, 32)],
    [SimdKind.Ternary, (op) => simdTernary(op, v, 0, 16, 32, 48)],
    [SimdKind.Shift, (op) => simdShift(op, v, 0, 16, 3)],
    [SimdKind.Bitmask, (op) => simdBitmask(op, v, 16)],
    [SimdKind.AllTrue, (op) => simdAllTrue(op, v, 16)],
  ];
  for (const [kind, run] of entry) {
    const wrong: string[] = [];
    for (const o of SIMD_OPS) {
      let threw = false;
      try { run(o.code); } catch { threw = true; }
      if (threw === (simdKind(o.code) === kind)) wrong.push(o.name);
    }
    t.same(wrong, [], `dispatcher for kind ${kind}`);
  }
  t.end();
});
