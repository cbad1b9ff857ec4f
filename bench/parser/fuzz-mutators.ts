/**
 * Byte-level mutators for fuzzing the decoder/validator, driven by a seeded PRNG so every
 * failure is reproducible from (seed, iteration). Used by the CI fuzz test
 * (`tests/plugins/parser/fuzz.test.ts`) and the long run (`bench/parser/fuzz.ts`).
 */

/** mulberry32: small, fast, good enough for choosing mutations. */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const INTERESTING = [0x00, 0x01, 0x0b, 0x40, 0x41, 0x60, 0x63, 0x64, 0x70, 0x7f, 0x80, 0xfb, 0xfc, 0xfd, 0xff];

interface Section { start: number; end: number }

/** Top-level sections of a module (best effort: stops at the first inconsistency). */
function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8;
  while (p < b.length) {
    const start = p++;
    let size = 0;
    let shift = 0;
    for (let i = 0; i < 5 && p < b.length; i++) {
      const x = b[p++];
      size += (x & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(x & 0x80)) break;
    }
    const end = p + size;
    if (end > b.length) break;
    out.push({ start, end });
    p = end;
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export type MutationKind = 'bitflip' | 'truncate' | 'swap' | 'overlong' | 'insert' | 'delete' | 'interesting' | 'splice';

export const MUTATIONS: readonly MutationKind[] = ['bitflip', 'truncate', 'swap', 'overlong', 'insert', 'delete', 'interesting', 'splice'];

/** One mutation of `seed` (never modifies it). `other` is a second input for splicing. */
export function mutate(rng: Prng, seed: Uint8Array, kind: MutationKind, other: Uint8Array): Uint8Array {
  const b = seed.slice();
  const pos = (): number => (b.length ? rng.int(b.length) : 0);
  switch (kind) {
    case 'bitflip': {
      const n = 1 + rng.int(8);
      for (let i = 0; i < n; i++) b[pos()] ^= 1 << rng.int(8);
      return b;
    }
    case 'truncate':
      return b.subarray(0, pos());
    case 'swap': {
      const ss = sections(seed);
      if (ss.length < 2) return b;
      const i = rng.int(ss.length);
      let j = rng.int(ss.length);
      if (i === j) j = (j + 1) % ss.length;
      const [x, y] = i < j ? [ss[i], ss[j]] : [ss[j], ss[i]];
      return concat([seed.subarray(0, x.start), seed.subarray(y.start, y.end), seed.subarray(x.end, y.start),
        seed.subarray(x.start, x.end), seed.subarray(y.end)]);
    }
    case 'overlong': {
      // Re-encode a byte that could end a LEB128 as a longer (1..6 extra bytes) form.
      for (let tries = 0; tries < 8; tries++) {
        const p = pos();
        if (b[p] >= 0x80) continue;
        const extra = 1 + rng.int(6);
        const pad = [b[p] | 0x80];
        for (let i = 1; i < extra; i++) pad.push(0x80);
        pad.push(rng.int(4) === 0 ? 0x7f : 0x00);
        return concat([seed.subarray(0, p), Uint8Array.from(pad), seed.subarray(p + 1)]);
      }
      return b;
    }
    case 'insert': {
      const p = pos();
      const n = 1 + rng.int(4);
      const ins = Uint8Array.from({ length: n }, () => (rng.int(2) ? rng.pick(INTERESTING) : rng.int(256)));
      return concat([seed.subarray(0, p), ins, seed.subarray(p)]);
    }
    case 'delete': {
      const p = pos();
      return concat([seed.subarray(0, p), seed.subarray(Math.min(seed.length, p + 1 + rng.int(4)))]);
    }
    case 'interesting': {
      const n = 1 + rng.int(3);
      for (let i = 0; i < n; i++) b[pos()] = rng.pick(INTERESTING);
      return b;
    }
    case 'splice': {
      const p = pos();
      const q = other.length ? rng.int(other.length) : 0;
      return concat([seed.subarray(0, p), other.subarray(q, q + 1 + rng.int(64))]);
    }
  }
}
