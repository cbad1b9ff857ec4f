/**
 * The proposal-level features a module uses, collected as bits while decoding and
 * validating (a bit OR per hit, no allocation), turned into `ModuleIR.features` at the end.
 */
import type { Feature } from '../../../kernel/ir/module-ir.js';

export const enum F {
  mutableGlobals = 1 << 0,
  signExtension = 1 << 1,
  saturatingFloatToInt = 1 << 2,
  multiValue = 1 << 3,
  bulkMemory = 1 << 4,
  referenceTypes = 1 << 5,
  simd = 1 << 6,
  relaxedSimd = 1 << 7,
  tailCall = 1 << 8,
  exceptions = 1 << 9,
  legacyExceptions = 1 << 10,
  memory64 = 1 << 11,
  multiMemory = 1 << 12,
  extendedConst = 1 << 13,
  functionReferences = 1 << 14,
  gc = 1 << 15,
  threads = 1 << 16,
}

const NAMES: ReadonlyArray<readonly [number, Feature]> = [
  [F.mutableGlobals, 'mutable-globals'],
  [F.signExtension, 'sign-extension'],
  [F.saturatingFloatToInt, 'saturating-float-to-int'],
  [F.multiValue, 'multi-value'],
  [F.bulkMemory, 'bulk-memory'],
  [F.referenceTypes, 'reference-types'],
  [F.simd, 'simd'],
  [F.relaxedSimd, 'relaxed-simd'],
  [F.tailCall, 'tail-call'],
  [F.exceptions, 'exceptions'],
  [F.legacyExceptions, 'legacy-exceptions'],
  [F.memory64, 'memory64'],
  [F.multiMemory, 'multi-memory'],
  [F.extendedConst, 'extended-const'],
  [F.functionReferences, 'function-references'],
  [F.gc, 'gc'],
  [F.threads, 'threads'],
];

export class FeatureSet {
  bits = 0;

  add(f: F): void {
    this.bits |= f;
  }

  has(f: F): boolean {
    return (this.bits & f) !== 0;
  }

  toSet(): ReadonlySet<Feature> {
    const out = new Set<Feature>();
    for (const [bit, name] of NAMES) if (this.bits & bit) out.add(name);
    return out;
  }
}
