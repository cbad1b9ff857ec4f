/**
 * What the function and constant-expression validators need to know about the module, with
 * every type pre-encoded (see `val-types.ts`) into typed arrays indexed by module index, so
 * checking an instruction never allocates or re-encodes a type.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { DecodeState } from '../binary/decode-state.js';
import type { FeatureSet } from '../binary/features.js';
import { encodeModule, V } from './val-types.js';

export const enum Kind {
  Func = 0,
  Struct = 1,
  Array = 2,
}

const EMPTY = new Int32Array(0);

export class ModuleContext {
  readonly reg: TypeRegistry;
  readonly features: FeatureSet;
  readonly typeIds: Int32Array;
  readonly numTypes: number;
  /** Per module type index: composite kind, and the encoded func params/results or struct fields / array element. */
  readonly kinds: Uint8Array;
  readonly params: Int32Array[];
  readonly results: Int32Array[];
  readonly fields: Int32Array[];
  readonly fieldMut: Uint8Array[];

  readonly funcTypes: Int32Array;
  readonly numFuncs: number;
  readonly globalTypes: Int32Array;
  readonly globalMut: Uint8Array;
  readonly numGlobals: number;
  readonly tableElem: Int32Array;
  readonly tableAddr: Int32Array;
  readonly numTables: number;
  readonly memAddr: Int32Array;
  readonly mem64: Uint8Array;
  readonly numMems: number;
  readonly tagTypes: Int32Array;
  readonly numTags: number;
  readonly elemTypes: Int32Array;
  readonly numElems: number;
  readonly numDatas: number;
  readonly hasDataCount: boolean;
  /** 1 for functions that `ref.func` may name inside bodies (filled by the module validator). */
  readonly declared: Uint8Array;
  private readonly singles = new Map<number, Int32Array>();

  constructor(st: DecodeState) {
    this.reg = st.registry;
    this.features = st.features;
    this.typeIds = st.typeIds;
    const n = st.types.length;
    this.numTypes = n;
    this.kinds = new Uint8Array(n);
    this.params = new Array<Int32Array>(n).fill(EMPTY);
    this.results = new Array<Int32Array>(n).fill(EMPTY);
    this.fields = new Array<Int32Array>(n).fill(EMPTY);
    this.fieldMut = new Array<Uint8Array>(n).fill(new Uint8Array(0));
    for (let t = 0; t < n; t++) {
      const c = st.types[t].composite;
      if (c.kind === 'func') {
        this.kinds[t] = Kind.Func;
        this.params[t] = Int32Array.from(c.params, (p) => encodeModule(p, this.typeIds, -1));
        this.results[t] = Int32Array.from(c.results, (p) => encodeModule(p, this.typeIds, -1));
      } else if (c.kind === 'struct') {
        this.kinds[t] = Kind.Struct;
        this.fields[t] = Int32Array.from(c.fields, (f) => encodeModule(f.storage, this.typeIds, -1));
        this.fieldMut[t] = Uint8Array.from(c.fields, (f) => (f.mutable ? 1 : 0));
      } else {
        this.kinds[t] = Kind.Array;
        this.fields[t] = Int32Array.of(encodeModule(c.element.storage, this.typeIds, -1));
        this.fieldMut[t] = Uint8Array.of(c.element.mutable ? 1 : 0);
      }
    }

    this.numFuncs = st.funcTypeIndices.length;
    this.funcTypes = Int32Array.from(st.funcTypeIndices);
    for (let f = 0; f < this.numFuncs; f++) {
      const t = this.funcTypes[f];
      if (t >= n) throw new CompileError(`unknown type ${t}`, { offset: st.funcDeclOffsets[f] ?? -1, kind: 'invalid' });
      if (this.kinds[t] !== Kind.Func) throw new CompileError('type mismatch', { offset: st.funcDeclOffsets[f] ?? -1, kind: 'invalid' });
    }

    this.numGlobals = st.globalTypes.length;
    this.globalTypes = new Int32Array(this.numGlobals);
    this.globalMut = new Uint8Array(this.numGlobals);
    st.globalTypes.forEach((g, k) => {
      this.globalTypes[k] = encodeModule(g.type, this.typeIds, st.globalOffsets[k]);
      this.globalMut[k] = g.mutable ? 1 : 0;
    });

    this.numTables = st.tableTypes.length;
    this.tableElem = new Int32Array(this.numTables);
    this.tableAddr = new Int32Array(this.numTables);
    st.tableTypes.forEach((t, k) => {
      this.tableElem[k] = encodeModule(t.element, this.typeIds, st.tableOffsets[k]);
      this.tableAddr[k] = t.address === 'i64' ? V.I64 : V.I32;
    });

    this.numMems = st.memoryTypes.length;
    this.memAddr = Int32Array.from(st.memoryTypes, (m) => (m.address === 'i64' ? V.I64 : V.I32));
    this.mem64 = Uint8Array.from(st.memoryTypes, (m) => (m.address === 'i64' ? 1 : 0));

    this.numTags = st.tagTypeIndices.length;
    this.tagTypes = Int32Array.from(st.tagTypeIndices);

    this.numElems = st.elems.length;
    this.elemTypes = Int32Array.from(st.elems, (e, k) => encodeModule(e.type, this.typeIds, st.elemOffsets[k]));
    this.numDatas = st.dataCount ?? st.datas.length;
    this.hasDataCount = st.dataCount !== null;
    this.declared = new Uint8Array(this.numFuncs);
  }

  /** The one-result signature `[] -> [v]` of a block type given as a value type. */
  single(v: number): Int32Array {
    if (v < NUM_SINGLES.length) return NUM_SINGLES[v];
    let a = this.singles.get(v);
    if (a === undefined) {
      a = Int32Array.of(v);
      this.singles.set(v, a);
    }
    return a;
  }
}

export const NO_TYPES = EMPTY;

/** `[] -> [t]` for the number and vector types, shared by every module. */
const NUM_SINGLES: readonly Int32Array[] = [0, 1, 2, 3, 4, 5].map((v) => Int32Array.of(v));
