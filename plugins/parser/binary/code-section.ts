/**
 * The code section: each body's locals are decoded and the instruction bytes are kept as a
 * range; instructions are decoded once, by the validator.
 */
import type { CodeReader } from '../../../kernel/ir/code-reader.js';
import type { ValType } from '../../../kernel/ir/types.js';
import type { FuncBody } from '../../../kernel/ir/module-ir.js';
import type { DecodeState } from './decode-state.js';
import { readValType } from './type-section.js';

const NO_LOCALS: readonly ValType[] = Object.freeze([]);

/**
 * A `FuncBody` whose `code` view is created on first access: validation works on offsets,
 * and creating ~one typed-array view per function up front is a measurable share of decoding
 * large modules. Not frozen per object for the same reason; the `readonly` types and the
 * frozen `ModuleIR.funcs` array carry the immutability.
 */
export class LazyFuncBody implements FuncBody {
  readonly funcIndex: number;
  readonly typeIndex: number;
  readonly locals: readonly ValType[];
  readonly codeOffset: number;
  readonly codeLength: number;
  readonly bodyOffset: number;
  private readonly module: Uint8Array;
  private view: Uint8Array | null = null;

  constructor(
    funcIndex: number, typeIndex: number, locals: readonly ValType[], module: Uint8Array,
    codeOffset: number, codeLength: number, bodyOffset: number,
  ) {
    this.funcIndex = funcIndex;
    this.typeIndex = typeIndex;
    this.locals = locals;
    this.codeOffset = codeOffset;
    this.codeLength = codeLength;
    this.bodyOffset = bodyOffset;
    this.module = module;
  }

  get code(): Uint8Array {
    return (this.view ??= this.module.subarray(this.codeOffset, this.codeOffset + this.codeLength));
  }
}

/** Engines cap locals per function (V8: 50000); above that a module is rejected. */
export const MAX_LOCALS = 50000;

export function readCodeSection(r: CodeReader, st: DecodeState, sectionEnd: number): void {
  const n = r.u32();
  st.codeSectionCount = n;
  // A count mismatch with the function section is reported after all sections are read.
  const declared = st.funcSectionCount ?? 0;
  for (let i = 0; i < n; i++) {
    const bodyOffset = r.offset;
    const size = r.u32();
    if (size > sectionEnd - r.pos) throw r.error('length out of bounds', bodyOffset);
    const bodyEnd = r.pos + size;
    const groups = r.u32();
    const locals: ValType[] = [];
    let total = 0;
    for (let g = 0; g < groups; g++) {
      const at = r.pos;
      const count = r.u32();
      total += count;
      if (total > MAX_LOCALS) throw r.error('too many locals', at);
      const t = readValType(r, st.features);
      for (let k = 0; k < count; k++) locals.push(t);
    }
    if (r.pos > bodyEnd) throw r.error('section size mismatch', r.pos);
    if (i < declared) {
      const funcIndex = st.numImportedFuncs + i;
      st.funcs.push(new LazyFuncBody(funcIndex, st.funcTypeIndices[funcIndex], locals.length ? locals : NO_LOCALS,
        r.bytes, r.base + r.pos, bodyEnd - r.pos, bodyOffset));
    }
    r.pos = bodyEnd;
  }
}
