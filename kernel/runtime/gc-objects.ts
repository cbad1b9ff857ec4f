/**
 * WebAssembly GC objects as plain JavaScript objects, so the host's garbage collector
 * reclaims them. Shared by every JS-executing backend and the embedding API.
 *
 * Field/element values use the host convention: i32 (and packed i8/i16, stored zero-extended
 * to their width) and f32/f64 as numbers, i64 as bigint, v128 as a 16-byte Uint8Array,
 * references as objects or null. `i31ref` values are plain JS numbers (31-bit signed
 * integers, never boxed); host values internalised with `any.convert_extern` are wrapped in
 * `ExternAny` so they cannot be mistaken for i31 values or GC objects.
 */

export class WasmStruct {
  /** Canonical type id (engine type registry). */
  readonly typeId: number;
  readonly fields: unknown[];

  constructor(typeId: number, fields: unknown[]) {
    this.typeId = typeId;
    this.fields = fields;
  }
}

export class WasmArray {
  /** Canonical type id (engine type registry). */
  readonly typeId: number;
  readonly elements: unknown[];

  constructor(typeId: number, elements: unknown[]) {
    this.typeId = typeId;
    this.elements = elements;
  }
}

/** A host (extern) value seen as an `anyref` (result of `any.convert_extern`). */
export class ExternAny {
  readonly value: unknown;

  constructor(value: unknown) {
    this.value = value;
  }
}

/** `any.convert_extern`. */
export function internalize(v: unknown): unknown {
  if (v === null || v instanceof WasmStruct || v instanceof WasmArray) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -0x40000000 && v < 0x40000000 && !Object.is(v, -0)) return v;
  return new ExternAny(v);
}

/** `extern.convert_any`. */
export function externalize(v: unknown): unknown {
  return v instanceof ExternAny ? v.value : v;
}
