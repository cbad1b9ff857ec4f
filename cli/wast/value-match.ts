import type {
  NanKind, V128Pattern, V128Shape, WastExpected,
} from '../../plugins/parser/text/index.js';
import { externalize } from '../../kernel/runtime/gc-objects.js';
import {
  f32FromBits, f64FromBits, isArithmeticNan32, isArithmeticNan64, isCanonicalNan32, isCanonicalNan64,
} from './float-bits.js';
import type { HostRefs } from './host-refs.js';
import { formatValue } from './value-text.js';

/**
 * `assert_return` matching, as the reference interpreter does it: integers and floats by exact
 * bits (so `-0` is not `0` and NaN payloads count), `nan:canonical`/`nan:arithmetic` by the
 * payload rules, v128 lane by lane in the expected shape, references by kind or identity.
 * `actual` is in the API's bits form (`Func.callBits`): f32 as its 32-bit pattern (a number),
 * f64 as its 64-bit pattern (a bigint), so signalling-NaN payloads are compared too.
 * Returns null on a match, or what was wrong.
 */
export function mismatch(actual: unknown, expected: WastExpected, refs: HostRefs): string | null {
  if (matches(actual, expected, refs)) return null;
  return `expected ${formatExpected(expected)}, got ${formatActual(actual, expected)}`;
}

function formatActual(actual: unknown, e: WastExpected): string {
  if (e.type === 'f32' && typeof actual === 'number') {
    return formatValue(f32FromBits(actual), 'f32').replace(/bits 0x[0-9a-f]+/, `bits 0x${(actual >>> 0).toString(16)}`);
  }
  if (e.type === 'f64' && typeof actual === 'bigint') {
    return formatValue(f64FromBits(actual), 'f64').replace(/bits 0x[0-9a-f]+/, `bits 0x${actual.toString(16)}`);
  }
  return formatValue(actual, e.type === 'i32' ? 'i32' : undefined);
}

function matches(actual: unknown, e: WastExpected, refs: HostRefs): boolean {
  switch (e.type) {
    case 'i32':
      return typeof actual === 'number' && (actual | 0) === e.value;
    case 'i64':
      return typeof actual === 'bigint' && BigInt.asIntN(64, actual) === e.value;
    case 'f32':
      if (typeof actual !== 'number') return false;
      if ('nan' in e) return nanMatches32(actual >>> 0, e.nan);
      return actual >>> 0 === e.bits >>> 0;
    case 'f64':
      if (typeof actual !== 'bigint') return false;
      if ('nan' in e) return nanMatches64(BigInt.asUintN(64, actual), e.nan);
      return BigInt.asUintN(64, actual) === BigInt.asUintN(64, e.bits);
    case 'v128':
      return actual instanceof Uint8Array && actual.length === 16 && v128Matches(actual, e);
    case 'ref.null':
      return actual === null;
    // Host values come back as themselves, or wrapped when they went through the any hierarchy.
    case 'ref.extern':
      return e.value === null ? actual !== null && actual !== undefined : externalize(actual) === refs.get(e.value);
    case 'ref.host':
      return externalize(actual) === refs.get(e.value);
    case 'ref.func':
    case 'ref.struct':
    case 'ref.array':
    case 'ref.i31':
    case 'ref.eq':
    case 'ref.any':
    case 'ref.exn':
      return actual !== null && actual !== undefined;
    case 'either':
      return e.options.some((o) => matches(actual, o, refs));
  }
}

function nanMatches32(bits: number, kind: NanKind): boolean {
  return kind === 'canonical' ? isCanonicalNan32(bits) : isArithmeticNan32(bits);
}

function nanMatches64(bits: bigint, kind: NanKind): boolean {
  return kind === 'canonical' ? isCanonicalNan64(bits) : isArithmeticNan64(bits);
}

const LANE_BYTES: Readonly<Record<V128Shape, number>> = { i8x16: 1, i16x8: 2, i32x4: 4, i64x2: 8, f32x4: 4, f64x2: 8 };

function v128Matches(actual: Uint8Array, e: V128Pattern): boolean {
  if (e.nanLanes === null) return actual.every((b, i) => b === e.bytes[i]);
  const width = LANE_BYTES[e.shape];
  const view = new DataView(actual.buffer, actual.byteOffset, 16);
  for (let lane = 0; lane < 16 / width; lane++) {
    const nan = e.nanLanes[lane];
    const at = lane * width;
    if (nan === null) {
      for (let b = at; b < at + width; b++) if (actual[b] !== e.bytes[b]) return false;
    } else if (width === 4) {
      if (!nanMatches32(view.getUint32(at, true), nan)) return false;
    } else if (!nanMatches64(view.getBigUint64(at, true), nan)) {
      return false;
    }
  }
  return true;
}

export function formatExpected(e: WastExpected): string {
  switch (e.type) {
    case 'i32':
    case 'i64':
      return `(${e.type}.const ${e.value})`;
    case 'f32':
    case 'f64':
      if ('nan' in e) return `(${e.type}.const nan:${e.nan})`;
      return formatValue(e.type === 'f32' ? f32FromBits(e.bits) : f64FromBits(e.bits), e.type)
        .replace(/bits 0x[0-9a-f]+/, `bits 0x${e.bits.toString(16)}`);
    case 'v128':
      return `(v128.const ${e.shape} ${[...e.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}${e.nanLanes ? ` nan lanes ${e.nanLanes.map((n) => n ?? '-').join(' ')}` : ''})`;
    case 'ref.null':
      return `(ref.null${e.heap ? ` ${e.heap}` : ''})`;
    case 'ref.extern':
    case 'ref.host':
      return `(${e.type}${e.value === null ? '' : ` ${e.value}`})`;
    case 'either':
      return `(either ${e.options.map(formatExpected).join(' ')})`;
    default:
      return `(${e.type}${e.index ? ` ${e.index}` : ''})`;
  }
}
