/**
 * The raw-bits entry behind `Func.callBits`: arguments and results as bit patterns (f32 as its
 * u32 pattern, f64 as a u64 bigint), so signalling NaN payloads survive the host boundary.
 */
import type { FuncInstance } from '../../kernel/runtime/func-instance.js';
import type { WasmValueBits } from '../../kernel/runtime/value-bits.js';
import { invokeRaw } from './invoke.js';

export function invokeBits(func: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
  const { params, results } = func.type;
  return invokeRaw(func, (I, R, base) => {
    let s = base;
    for (let i = 0; i < params.length; i++) {
      const t = params[i];
      const v = args[i];
      if (t === 'i32' || t === 'f32') I[s << 1] = v as number;
      else if (t === 'i64' || t === 'f64') {
        I[s << 1] = Number(BigInt.asIntN(32, v as bigint));
        I[(s << 1) + 1] = Number(BigInt.asIntN(32, (v as bigint) >> 32n));
      } else if (t === 'v128') {
        new Uint8Array(I.buffer, I.byteOffset + s * 8, 16).set(v as Uint8Array);
        s++;
      } else R[s] = v;
      s++;
    }
  }, (I, R, base) => {
    const out = new Array<WasmValueBits>(results.length);
    let s = base;
    for (let i = 0; i < results.length; i++) {
      const t = results[i];
      if (t === 'i32') out[i] = I[s << 1];
      else if (t === 'f32') out[i] = I[s << 1] >>> 0;
      else if (t === 'i64' || t === 'f64') {
        const b = (BigInt(I[(s << 1) + 1]) << 32n) | BigInt(I[s << 1] >>> 0);
        out[i] = t === 'i64' ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b);
      } else if (t === 'v128') {
        out[i] = new Uint8Array(I.buffer.slice(I.byteOffset + s * 8, I.byteOffset + s * 8 + 16));
        s++;
      } else out[i] = R[s] as WasmValueBits;
      s++;
    }
    return out;
  });
}
