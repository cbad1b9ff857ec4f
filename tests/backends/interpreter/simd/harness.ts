/**
 * Differential-testing harness for the interpreter's SIMD library: builds tiny wasm modules as
 * byte arrays that apply one SIMD instruction to v128 values passed through memory (JS cannot
 * pass v128 directly), runs them on the host engine (V8), and compares with weft's kernels.
 *
 * Host memory layout used by every generated function:
 *   0 A · 16 B · 32 C (v128 operands) · 48 scalar operand (8 bytes) · 56 dynamic address (i32)
 *   64 v128 result · 80 scalar result (8 bytes) · 96..… memory area for load/store tests
 */
import v8 from 'node:v8';
import { OPCODES } from '../../../../kernel/ir/opcodes.js';

// Node 20's V8 ships relaxed SIMD behind a flag; turn it on before anything is compiled.
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

export const A = 0, B = 16, C = 32, SCALAR = 48, ADDR = 56, RESULT = 64, SRESULT = 80, MEM_AREA = 96;

/** Every SIMD opcode with its text name. */
export const SIMD_OPS: ReadonlyArray<{ code: number; name: string }> = OPCODES.filter(
  (o) => o.code >>> 16 === 0xfd,
);

export function opByName(name: string): number {
  const o = SIMD_OPS.find((x) => x.name === name);
  if (o === undefined) throw new Error(`no SIMD op ${name}`);
  return o.code;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
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

function name(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Instruction encoders (byte arrays) for writing function bodies. */
export const W = {
  i32const: (n: number): number[] => [0x41, ...sleb(n | 0)],
  simd: (op: number): number[] => [0xfd, ...uleb(op & 0xffff)],
  /** SIMD memory instruction with memarg (align 0 so any address is allowed, then offset). */
  simdMem: (op: number, offset: number): number[] => [0xfd, ...uleb(op & 0xffff), 0, ...uleb(offset)],
  v128load: (offset: number): number[] => [0x41, 0, 0xfd, 0, 0, ...uleb(offset)],
  v128store: (offset: number): number[] => [0xfd, 0x0b, 0, ...uleb(offset)],
  i32load: (offset: number): number[] => [0x28, 0, ...uleb(offset)],
  i64load: (offset: number): number[] => [0x29, 0, ...uleb(offset)],
  f32load: (offset: number): number[] => [0x2a, 0, ...uleb(offset)],
  f64load: (offset: number): number[] => [0x2b, 0, ...uleb(offset)],
  i32store: (offset: number): number[] => [0x36, 0, ...uleb(offset)],
  i64store: (offset: number): number[] => [0x37, 0, ...uleb(offset)],
  f32store: (offset: number): number[] => [0x38, 0, ...uleb(offset)],
  f64store: (offset: number): number[] => [0x39, 0, ...uleb(offset)],
};

/**
 * A module exporting memory "mem" (1 page) and one `() -> ()` function per entry, each named
 * by its key. Compiled once; returns the callable exports and the memory bytes.
 */
export function instantiate(funcs: ReadonlyMap<string, number[]>): {
  call: Map<string, () => void>;
  mem: Uint8Array;
} {
  const names = [...funcs.keys()];
  const type = section(1, [1, 0x60, 0, 0]);
  const fns = section(3, [...uleb(names.length), ...names.map(() => 0)]);
  const memory = section(5, [1, 0, 1]);
  const exports: number[] = [...uleb(names.length + 1), ...name('mem'), 2, 0];
  names.forEach((n, i) => exports.push(...name(n), 0, ...uleb(i)));
  const codes: number[] = [...uleb(names.length)];
  for (const n of names) {
    const body = [0, ...funcs.get(n)!, 0x0b];
    codes.push(...uleb(body.length), ...body);
  }
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...type, ...fns, ...memory, ...section(7, exports), ...section(10, codes),
  ]);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const call = new Map<string, () => void>();
  for (const n of names) call.set(n, inst.exports[n] as () => void);
  return { call, mem: new Uint8Array((inst.exports.mem as WebAssembly.Memory).buffer) };
}

// ---- inputs ----

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const F32_SPECIAL = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0x7f800001,
  0xffa00000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000,
  0x7f7fffff, 0xff7fffff, 0x00000001, 0x80000001, 0x00800000, 0x4f000000, 0xcf000000, 0x4f800000,
  0x4f7fffff, 0xcf000001, 0x4effffff, 0x4b000000, 0x4b7fffff, 0x3effffff, 0xbf400000, 0x40400000,
];
const F64_SPECIAL: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [0, 0x80000000], [0, 0x7ff00000], [0, 0xfff00000], [0, 0x7ff80000], [0, 0xfff80000],
  [0x12345, 0x7ff80000], [1, 0x7ff00000], [0, 0x7ff40000], [0, 0x3ff00000], [0, 0xbff00000],
  [0, 0x3fe00000], [0, 0xbfe00000], [0, 0x3ff80000], [0, 0x40040000], [0, 0xc0040000],
  [0xffffffff, 0x7fefffff], [1, 0], [1, 0x80000000], [0, 0x41e00000], [0, 0xc1e00000],
  [0x00200000, 0xc1e00000], [0xffc00000, 0x41dfffff], [0, 0x41f00000], [0xffe00000, 0x41efffff],
  [0, 0x43300000], [1, 0x43300000], [0xffffffff, 0x3fdfffff], [0, 0x400c0000], [0, 0x47efffff],
  [0xe0000000, 0x47efffff], [0, 0x36a00000], [0x20000000, 0x3ff00000],
];
const INT_SPECIAL = [0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x4000];

/** Fills 16 bytes at `at` of `u8` with a random vector mixing raw bits and edge cases. */
export function randomVector(r: () => number, u8: Uint8Array, at: number): void {
  const u32 = new Uint32Array(u8.buffer, u8.byteOffset + at, 4);
  for (let i = 0; i < 4; i++) u32[i] = (r() * 4294967296) >>> 0;
  const shape = Math.floor(r() * 7);
  const special = r() < 0.7;
  if (!special) return;
  if (shape === 0) for (let i = 0; i < 4; i++) { if (r() < 0.6) u32[i] = F32_SPECIAL[Math.floor(r() * F32_SPECIAL.length)]; }
  else if (shape === 1) {
    for (let i = 0; i < 2; i++) {
      if (r() < 0.6) {
        const [lo, hi] = F64_SPECIAL[Math.floor(r() * F64_SPECIAL.length)];
        u32[2 * i] = lo;
        u32[2 * i + 1] = hi;
      }
    }
  } else if (shape === 2) for (let i = 0; i < 16; i++) { if (r() < 0.5) u8[at + i] = INT_SPECIAL[Math.floor(r() * INT_SPECIAL.length)]; }
  else if (shape === 3) {
    const u16 = new Uint16Array(u8.buffer, u8.byteOffset + at, 8);
    for (let i = 0; i < 8; i++) if (r() < 0.5) u16[i] = INT_SPECIAL[Math.floor(r() * INT_SPECIAL.length)];
  } else if (shape === 4) for (let i = 0; i < 4; i++) { if (r() < 0.5) u32[i] = INT_SPECIAL[Math.floor(r() * INT_SPECIAL.length)]; }
  else if (shape === 5) {
    for (let i = 0; i < 2; i++) {
      if (r() < 0.6) {
        const v = INT_SPECIAL[Math.floor(r() * INT_SPECIAL.length)];
        u32[2 * i] = v === 0x80000000 ? 0 : v;
        u32[2 * i + 1] = v === 0x80000000 ? 0x80000000 : v === -1 || r() < 0.3 ? 0xffffffff : 0;
      }
    }
  } else {
    // small floats around rounding ties, both widths
    const f32 = new Float32Array(u8.buffer, u8.byteOffset + at, 4);
    for (let i = 0; i < 4; i++) f32[i] = (Math.floor(r() * 16) - 8) / 2 + (r() < 0.2 ? 0.25 : 0);
  }
}

/** Makes `dst` mostly a copy of `src` (equal lanes exercise eq/le/ge/min/max on ties). */
export function similarVector(r: () => number, u8: Uint8Array, dst: number, src: number): void {
  for (let i = 0; i < 16; i++) u8[dst + i] = u8[src + i];
  const shape = Math.floor(r() * 3);
  const w = shape === 0 ? 1 : shape === 1 ? 4 : 8;
  for (let i = 0; i < 16; i += w) {
    if (r() < 0.4) for (let j = 0; j < w; j++) u8[dst + i + j] = (r() * 256) | 0;
  }
  // flip a sign bit sometimes: +0 vs -0 and NaN sign variations
  if (r() < 0.3) u8[dst + 3 + 4 * Math.floor(r() * 4)] ^= 0x80;
}

// ---- comparison ----

export type Lanes = 'int' | 'f32' | 'f64';
export type NanRule = 'any' | 'arithmetic' | 'canonical';

/** Result lane type of an op by name: float results get the NaN-aware comparison. */
export function resultLanes(opName: string): Lanes {
  if (/\.(eq|ne|lt|gt|le|ge)$/.test(opName)) return 'int';
  if (/^f32x4\.(abs|neg|pmin|pmax|splat|replace_lane)$/.test(opName)) return 'int'; // bitwise ops
  if (/^f64x2\.(abs|neg|pmin|pmax|splat|replace_lane)$/.test(opName)) return 'int';
  if (opName.startsWith('f32x4.')) return 'f32';
  if (opName.startsWith('f64x2.')) return 'f64';
  return 'int';
}

/** Lane type of an op's float inputs (for the "all input NaNs canonical" rule). */
export function inputLanes(opName: string): Lanes {
  if (opName === 'f32x4.demote_f64x2_zero') return 'f64';
  if (opName === 'f64x2.promote_low_f32x4') return 'f32';
  return resultLanes(opName);
}

function f32Nan(w: number): boolean {
  return (w & 0x7f800000) === 0x7f800000 && (w & 0x7fffff) !== 0;
}

function f64Nan(lo: number, hi: number): boolean {
  return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0);
}

/** The NaN the spec demands of an arithmetic result: canonical when every NaN input is. */
export function nanRule(u8: Uint8Array, ats: readonly number[], lanes: Lanes): NanRule {
  return onlyCanonicalNans(u8, ats, lanes) ? 'canonical' : 'arithmetic';
}

/** True when every NaN lane (of `lanes` type) in the given vectors is canonical. */
export function onlyCanonicalNans(u8: Uint8Array, ats: readonly number[], lanes: Lanes): boolean {
  const dv = new DataView(u8.buffer, u8.byteOffset);
  for (const at of ats) {
    if (lanes === 'f32') {
      for (let i = 0; i < 4; i++) {
        const w = dv.getUint32(at + 4 * i, true);
        if (f32Nan(w) && (w & 0x7fffffff) !== 0x7fc00000) return false;
      }
    } else if (lanes === 'f64') {
      for (let i = 0; i < 2; i++) {
        const lo = dv.getUint32(at + 8 * i, true), hi = dv.getUint32(at + 8 * i + 4, true);
        if (f64Nan(lo, hi) && !(lo === 0 && (hi & 0x7fffffff) === 0x7ff80000)) return false;
      }
    }
  }
  return true;
}

function hex(u8: Uint8Array, at: number): string {
  return Buffer.from(u8.subarray(at, at + 16)).toString('hex');
}

/**
 * Compares weft's v128 (`ours` at `oa`) with the host's (`theirs` at `ta`): bit-exact, except
 * that where the host's float lane is a NaN, weft's only has to be a NaN of the kind `nan` names:
 * any NaN, an arithmetic (quiet) NaN, or the canonical NaN (either sign). Returns a message, or
 * null when they agree.
 */
export function diffV128(
  lanes: Lanes, ours: Uint8Array, oa: number, theirs: Uint8Array, ta: number, nan: NanRule,
): string | null {
  const canonical = nan === 'canonical', quiet = nan !== 'any';
  const o = new DataView(ours.buffer, ours.byteOffset + oa, 16);
  const t = new DataView(theirs.buffer, theirs.byteOffset + ta, 16);
  const bad = (): string => `weft ${hex(ours, oa)} host ${hex(theirs, ta)}`;
  if (lanes === 'int') {
    for (let i = 0; i < 16; i++) if (o.getUint8(i) !== t.getUint8(i)) return bad();
    return null;
  }
  if (lanes === 'f32') {
    for (let i = 0; i < 16; i += 4) {
      const x = o.getUint32(i, true), y = t.getUint32(i, true);
      if (f32Nan(y)) {
        if (!f32Nan(x) || (quiet && (x & 0x400000) === 0)) return `${bad()} (lane ${i / 4}: not an arithmetic NaN)`;
        if (canonical && (x & 0x7fffffff) !== 0x7fc00000) return `${bad()} (lane ${i / 4}: not canonical)`;
      } else if (x !== y) return bad();
    }
    return null;
  }
  for (let i = 0; i < 16; i += 8) {
    const xl = o.getUint32(i, true), xh = o.getUint32(i + 4, true);
    const yl = t.getUint32(i, true), yh = t.getUint32(i + 4, true);
    if (f64Nan(yl, yh)) {
      if (!f64Nan(xl, xh) || (quiet && (xh & 0x80000) === 0)) return `${bad()} (lane ${i / 8}: not an arithmetic NaN)`;
      if (canonical && !(xl === 0 && (xh & 0x7fffffff) === 0x7ff80000)) return `${bad()} (lane ${i / 8}: not canonical)`;
    } else if (xl !== yl || xh !== yh) return bad();
  }
  return null;
}

export { hex };
