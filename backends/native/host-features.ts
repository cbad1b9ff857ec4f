/**
 * Which WebAssembly features the host engine runs, probed once per process by validating a
 * tiny module per feature. Node 20's V8 11.3, for example, validates SIMD, tail calls and
 * exceptions but not memory64, multi-memory, GC or relaxed SIMD without flags.
 */
import type { Feature } from '../../kernel/ir/module-ir.js';
import { ByteSink } from '../../kernel/ir/encoder/byte-sink.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function section(out: ByteSink, id: number, body: number[]): void {
  out.u8(id).u32(body.length);
  for (const b of body) out.u8(b);
}

/** A module with one function of type 0 (`types` bytes, default `[] -> []`) whose body is `code` + `end`. */
function funcModule(code: number[], opts: { types?: number[]; locals?: number[]; pre?: Array<[number, number[]]> } = {}): Uint8Array {
  const out = new ByteSink();
  for (const b of HEADER) out.u8(b);
  section(out, 1, opts.types ?? [0x01, 0x60, 0x00, 0x00]);
  section(out, 3, [0x01, 0x00]);
  for (const [id, body] of opts.pre ?? []) section(out, id, body);
  const body = [...(opts.locals ?? [0x00]), ...code, 0x0b];
  section(out, 10, [0x01, body.length, ...body]);
  return out.finish();
}

/** A module made of the given sections only. */
function sectionsModule(sections: Array<[number, number[]]>): Uint8Array {
  const out = new ByteSink();
  for (const b of HEADER) out.u8(b);
  for (const [id, body] of sections) section(out, id, body);
  return out.finish();
}

const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

const PROBES: ReadonlyArray<readonly [Feature, () => Uint8Array]> = [
  ['mutable-globals', () => sectionsModule([[2, [0x01, 0x01, 0x61, 0x01, 0x62, 0x03, 0x7f, 0x01]]])],
  ['sign-extension', () => funcModule([0x41, 0x00, 0xc0, 0x1a])],
  ['saturating-float-to-int', () => funcModule([0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a])],
  ['multi-value', () => funcModule([0x41, 0x00, 0x41, 0x00], { types: [0x01, 0x60, 0x00, 0x02, 0x7f, 0x7f] })],
  ['bulk-memory', () => funcModule([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00], { pre: [[5, [0x01, 0x00, 0x01]]] })],
  ['reference-types', () => funcModule([0xd0, 0x6f, 0x1a])],
  ['simd', () => funcModule([...V128_ZERO, 0x1a])],
  ['relaxed-simd', () => funcModule([...V128_ZERO, ...V128_ZERO, 0xfd, 0x80, 0x02, 0x1a])],
  ['tail-call', () => funcModule([0x12, 0x00])],
  ['exceptions', () => funcModule([0x1f, 0x40, 0x00, 0x0b])],
  ['legacy-exceptions', () => funcModule([0x06, 0x40, 0x0b])],
  ['memory64', () => sectionsModule([[5, [0x01, 0x04, 0x01]]])],
  ['multi-memory', () => sectionsModule([[5, [0x02, 0x00, 0x01, 0x00, 0x01]]])],
  ['extended-const', () => sectionsModule([[6, [0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b]]])],
  ['function-references', () => funcModule([], { locals: [0x01, 0x01, 0x63, 0x00] })],
  ['gc', () => sectionsModule([[1, [0x01, 0x5f, 0x00]]])],
  ['threads', () => sectionsModule([[5, [0x01, 0x03, 0x01, 0x01]]])],
];

let probed: ReadonlySet<Feature> | null = null;

/** Features the host engine validates (probed on first call, then cached). */
export function hostFeatures(): ReadonlySet<Feature> {
  if (probed !== null) return probed;
  const out = new Set<Feature>();
  for (const [feature, make] of PROBES) {
    try {
      if (WebAssembly.validate(make())) out.add(feature);
    } catch {
      // A probe the engine rejects by throwing is a feature it lacks.
    }
  }
  probed = out;
  return out;
}

/** The probe module for `feature` (exported for tests). */
export function featureProbe(feature: Feature): Uint8Array | null {
  const p = PROBES.find(([f]) => f === feature);
  return p ? p[1]() : null;
}
