/**
 * Conversions between embedder values and the runtime's: i32/f32/f64 as number, i64 as bigint,
 * v128 as a 16-byte Uint8Array, funcref as `Func` (or null), other references as objects or null.
 * Converters are built once per signature so a call does no type dispatch.
 */
import type { ValType } from '../ir/types.js';
import { valTypeToString } from '../ir/types.js';
import { FuncInstance } from '../runtime/func-instance.js';

export type ToWasm = (value: unknown, index: number, fnName: string) => unknown;
export type FromWasm = (value: unknown) => unknown;

function fail(fnName: string, index: number, type: ValType, expected: string, value: unknown): never {
  const got = value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new TypeError(`${fnName}: argument ${index + 1} (${valTypeToString(type)}) must be ${expected}, got ${got}`);
}

/** Anything wrapping a FuncInstance (the API's `Func`) exposes it as `handle`. */
export function funcHandle(v: unknown): FuncInstance | null {
  if (v instanceof FuncInstance) return v;
  const h = (v as { handle?: unknown } | null)?.handle;
  return h instanceof FuncInstance ? h : null;
}

export function toWasm(type: ValType): ToWasm {
  switch (type) {
    case 'i32':
      return (v, i, n) => (typeof v === 'number' ? v | 0 : fail(n, i, type, 'a number', v));
    case 'f32':
      return (v, i, n) => (typeof v === 'number' ? Math.fround(v) : fail(n, i, type, 'a number', v));
    case 'f64':
      return (v, i, n) => (typeof v === 'number' ? v : fail(n, i, type, 'a number', v));
    case 'i64':
      return (v, i, n) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) : fail(n, i, type, 'a bigint', v));
    case 'v128':
      return (v, i, n) => (v instanceof Uint8Array && v.length === 16 ? v : fail(n, i, type, 'a 16-byte Uint8Array', v));
  }
  const nullable = type.nullable;
  const isFunc = type.heap === 'func' || type.heap === 'nofunc' || typeof type.heap === 'number';
  return (v, i, n) => {
    if (v === null || v === undefined) return nullable ? null : fail(n, i, type, 'non-null', v);
    if (isFunc) return funcHandle(v) ?? fail(n, i, type, 'a Func or null', v);
    return v;
  };
}

/** Results: funcrefs are wrapped with `wrapFunc`; everything else is already the embedder's form. */
export function fromWasm(type: ValType, wrapFunc: (f: FuncInstance) => unknown): FromWasm | null {
  if (typeof type === 'string') return null;
  return (v) => (v instanceof FuncInstance ? wrapFunc(v) : v);
}

/** Coerces a host function's result to `type` (numbers truncated/rounded as wasm would see them). */
export function hostResult(type: ValType, fnName: string): (v: unknown) => unknown {
  switch (type) {
    case 'i32': return (v) => (typeof v === 'number' ? v | 0 : typeof v === 'boolean' ? +v : badResult(fnName, type, v));
    case 'f32': return (v) => (typeof v === 'number' ? Math.fround(v) : badResult(fnName, type, v));
    case 'f64': return (v) => (typeof v === 'number' ? v : badResult(fnName, type, v));
    case 'i64': return (v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : badResult(fnName, type, v));
    case 'v128': return (v) => (v instanceof Uint8Array && v.length === 16 ? v : badResult(fnName, type, v));
  }
  const isFunc = type.heap === 'func' || type.heap === 'nofunc' || typeof type.heap === 'number';
  return (v) => {
    if (v === undefined || v === null) return type.nullable ? null : badResult(fnName, type, v);
    return isFunc ? (funcHandle(v) ?? badResult(fnName, type, v)) : v;
  };
}

function badResult(fnName: string, type: ValType, v: unknown): never {
  throw new TypeError(`host function ${fnName} returned ${v === null ? 'null' : typeof v} where ${valTypeToString(type)} was expected`);
}
