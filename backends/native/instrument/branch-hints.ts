/**
 * Branch hints (`metadata.code.branch_hint`, the WebAssembly branch-hinting proposal) marking
 * the inserted slow paths (out of fuel, epoch poll, stack overflow) unlikely. V8 then treats
 * them as deferred code: the spills around their runtime calls leave the hot loop. Measured on
 * a tight i64 loop (`bench/native`): a hinted check costs about what one ending in a bare trap
 * does, an unhinted one with a call about twice as much.
 *
 * V8 11.3 reads the section only with `--experimental-wasm-branch-hinting`, which
 * `enableBranchHints` turns on for the process (the flag only changes how modules carrying
 * the section are compiled). Without the flag the section is an ignored custom section.
 */
import * as v8 from 'node:v8';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';

export const BRANCH_HINT_SECTION = 'metadata.code.branch_hint';

let enabled = false;

/** Turns on V8's branch-hint support (once per process). */
export function enableBranchHints(): void {
  if (enabled) return;
  enabled = true;
  v8.setFlagsFromString('--experimental-wasm-branch-hinting');
}

/** Unlikely `if`s of one function: engine function index, offsets relative to the body start (its locals). */
export interface FunctionHints {
  readonly funcIndex: number;
  readonly offsets: Int32Array;
}

/** The custom section (id, size, name and contents), or null when there is nothing to hint. */
export function branchHintSection(funcs: readonly FunctionHints[]): Uint8Array | null {
  const withHints = funcs.filter((f) => f.offsets.length > 0);
  if (withHints.length === 0) return null;
  const contents = new ByteSink();
  contents.name(BRANCH_HINT_SECTION);
  contents.u32(withHints.length);
  for (const f of withHints) {
    contents.u32(f.funcIndex).u32(f.offsets.length);
    for (const off of f.offsets) contents.u32(off).u8(1).u8(0); // size 1, hint 0: unlikely
  }
  const section = new ByteSink(contents.length + 8);
  section.u8(0).u32(contents.length).bytes(contents.view());
  return section.finish();
}

/** `bytes` with `section` inserted before the code section (where V8 expects branch hints). */
export function insertBeforeCode(bytes: Uint8Array, section: Uint8Array): Uint8Array {
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p];
    let q = p + 1;
    let size = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[q++];
      size += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) break;
    }
    if (id === 10) break;
    p = q + size;
  }
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes.subarray(0, p), 0);
  out.set(section, p);
  out.set(bytes.subarray(p), p + section.length);
  return out;
}
