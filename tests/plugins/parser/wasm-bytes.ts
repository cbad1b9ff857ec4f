/**
 * Tiny helpers to write binary modules by hand in tests: LEB128, names, sections, and a
 * `module()` that assembles sections after the header. Deliberately dumb: tests spell out
 * the bytes they mean.
 */
export type Bytes = readonly number[];

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...u32(b.length), ...b];
}

export function vec(items: readonly Bytes[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, content: Bytes): number[] {
  return [id, ...u32(content.length), ...content];
}

export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function module(...sections: Bytes[]): Uint8Array {
  return Uint8Array.from([...HEADER, ...sections.flat()]);
}

// Value types.
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

export function funcType(params: Bytes, results: Bytes): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
}

/** Type section of plain function types. */
export function types(...fts: Bytes[]): number[] {
  return section(1, vec(fts));
}

export function funcs(...typeIndices: number[]): number[] {
  return section(3, vec(typeIndices.map((t) => u32(t))));
}

/** A function body: locals as [count, type] pairs, then instruction bytes (final `end` added). */
export function body(locals: ReadonlyArray<readonly [number, number]>, code: Bytes): number[] {
  const content = [...vec(locals.map(([n, t]) => [...u32(n), t])), ...code, 0x0b];
  return [...u32(content.length), ...content];
}

export function code(...bodies: Bytes[]): number[] {
  return section(10, [...u32(bodies.length), ...bodies.flat()]);
}

/** One function of type `[params] -> [results]` with the given body code. */
export function oneFunc(params: Bytes, results: Bytes, instrs: Bytes, locals: ReadonlyArray<readonly [number, number]> = []): Uint8Array {
  return module(types(funcType(params, results)), funcs(0), code(body(locals, instrs)));
}
