// Numeric literals: integer ranges, exact float rounding, hex floats, NaN payloads.
import t from 'tap';
import {
  OutOfRange, parseF32Bits, parseF64Bits, parseInt, parseNat, parseSmallInt,
} from '../../../../plugins/parser/text/literals.js';

/** Did `f` throw OutOfRange (the literal is well-formed but does not fit)? */
function outOfRange(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (e) {
    return e instanceof OutOfRange;
  }
}

const f32 = (s: string): string => (parseF32Bits(s) as number).toString(16);
const f64 = (s: string): string => (parseF64Bits(s) as bigint).toString(16);

t.test('naturals and integers', async (t) => {
  t.equal(parseNat('1_000'), 1000n);
  t.equal(parseNat('0xff_ff'), 0xffffn);
  t.equal(parseNat('1__0'), null);
  t.equal(parseNat('_1'), null);
  t.equal(parseNat('1_'), null);
  t.equal(parseNat('0x'), null);
  t.equal(parseNat('-1'), null);
  t.equal(parseInt('0xffffffff', 32), -1n);
  t.equal(parseInt('-0x80000000', 32), -2147483648n);
  t.equal(parseInt('+7', 32), 7n);
  t.ok(outOfRange(() => parseInt('0x100000000', 32)));
  t.ok(outOfRange(() => parseInt('-2147483649', 32)));
  t.equal(parseInt('18446744073709551615', 64), -1n);
  t.ok(outOfRange(() => parseInt('-9223372036854775809', 64)));
  t.equal(parseSmallInt('255', 8), 255);
  t.equal(parseSmallInt('-128', 8), 128);
  t.ok(outOfRange(() => parseSmallInt('256', 8)));
  t.ok(outOfRange(() => parseSmallInt('-129', 8)));
});

t.test('special floats', async (t) => {
  t.equal(f32('inf'), '7f800000');
  t.equal(f32('-inf'), 'ff800000');
  t.equal(f32('nan'), '7fc00000');
  t.equal(f32('-nan'), 'ffc00000');
  t.equal(f32('nan:0x1'), '7f800001');
  t.equal(f32('-nan:0x7f_ffff'), 'ffffffff');
  t.equal(f64('nan:0x4000000000000'), '7ff4000000000000');
  t.ok(outOfRange(() => parseF32Bits('nan:0x0')));
  t.ok(outOfRange(() => parseF32Bits('nan:0x80_0000')));
  t.equal(f32('-0'), '80000000');
  t.equal(f64('-0.0'), '8000000000000000');
});

t.test('hex floats', async (t) => {
  t.equal(f32('0x1p+0'), '3f800000');
  t.equal(f32('0x1.8p1'), '40400000');
  t.equal(f32('0x1P-149'), '1', 'smallest subnormal');
  t.equal(f32('0x1p-150'), '0', 'half the smallest subnormal rounds to even (zero)');
  t.equal(f32('0x1.000001p-149'), '1');
  t.equal(f32('0x1.fffffep127'), '7f7fffff');
  t.ok(outOfRange(() => parseF32Bits('0x1.ffffffp127')), 'rounds up past the largest finite');
  t.ok(outOfRange(() => parseF32Bits('0x1p128')));
  t.equal(f32('0x1.fffffefffffffp127'), '7f7fffff');
  t.equal(f64('0x1.fffffffffffffp1023'), '7fefffffffffffff');
  t.ok(outOfRange(() => parseF64Bits('0x1.fffffffffffff8p1023')));
  t.equal(f32('0x1.000002p0'), '3f800001');
  t.equal(f32('0x1.000003p0'), '3f800002', 'ties to even');
  t.equal(f32('0x1.000001p0'), '3f800000', 'ties to even (down)');
  t.equal(f32('0x.8p1'.replace('0x.', '0x0.')), '3f800000');
  t.equal(f64('0x1p-1074'), '1');
  t.equal(f32('0x1_0.0_0p0'), '41800000');
});

t.test('decimal floats round exactly (no double rounding)', async (t) => {
  t.equal(f32('1.5'), '3fc00000');
  t.equal(f32('1e10'), '501502f9');
  t.equal(f32('0.1'), '3dcccccd');
  // 1 + 2^-24 + tiny: a double would round to 1+2^-24 then to even 1.0; exact gives 1+2^-23.
  t.equal(f32('1.000000059604644775390625000000000000001'), '3f800001');
  t.equal(f32('1.000000059604644775390625'), '3f800000', 'exact tie rounds to even');
  t.equal(f64('0.1'), '3fb999999999999a');
  t.equal(f64('1e-400'), '0');
  t.equal(f32('1.e1'), '41200000');
  t.equal(f32('1E+2'), '42c80000');
  t.ok(outOfRange(() => parseF32Bits('1e39')));
  t.ok(outOfRange(() => parseF64Bits('1e309')));
  t.equal(f32('340282356779733661637539395458142568447'), '7f7fffff');
  t.ok(outOfRange(() => parseF32Bits('340282356779733661637539395458142568448')));
  t.equal(parseF32Bits('1.0.0'), null);
  t.equal(parseF32Bits('.5'), null);
  t.equal(parseF32Bits('1e'), null);
});
