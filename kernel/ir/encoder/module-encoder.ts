/**
 * `ModuleIR` (plus an optional patch) back to a binary module. Sections a patch does not
 * touch are copied verbatim from `ir.bytes` (so an unpatched module encodes to identical
 * bytes); patched sections are written in place, new ones at their required position, and
 * custom sections keep their place among the others.
 */
import type { ModuleIR } from '../module-ir.js';
import { ByteSink } from './byte-sink.js';
import { encodeSection } from './section-encoder.js';

/** Position of each section id in the required order (tag sits between memory and global). */
export const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

/** Known section ids in their required order. */
export const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

export interface ModulePatch {
  /**
   * New contents (without id and size) of known sections, by id; `null` removes the
   * section. Ids absent from the map keep the original bytes.
   */
  readonly sections?: ReadonlyMap<number, Uint8Array | null>;
  /** Custom sections to drop: all (`true`) or those the predicate selects by name. */
  readonly dropCustom?: boolean | ((name: string) => boolean);
  /** Re-encode every known section from the IR instead of copying it (round-trip testing). */
  readonly reencode?: boolean;
}

const HEADER = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export function encodeModule(ir: ModuleIR, patch: ModulePatch = {}): Uint8Array {
  const replaced = patch.sections ?? new Map<number, Uint8Array | null>();
  const drop = patch.dropCustom ?? false;
  const out = new ByteSink(ir.bytes.length + 64);
  out.bytes(HEADER);
  const present = new Set<number>();
  for (const sec of ir.sections) if (sec.id !== 0) present.add(sec.id);
  // Sections the patch adds where the original had none, emitted before the first later one.
  const pending = SECTION_ORDER.filter((id) => !present.has(id) && replaced.get(id));

  const flushBefore = (rank: number): void => {
    while (pending.length > 0 && SECTION_RANK[pending[0]] < rank) {
      const id = pending.shift()!;
      writeSection(out, id, replaced.get(id)!);
    }
  };

  for (const sec of ir.sections) {
    const start = sec.offset;
    const contentStart = start + 1 + lebSize(ir.bytes, start + 1);
    const end = contentStart + sec.size;
    if (sec.id === 0) {
      const name = sec.name.startsWith('custom:') ? sec.name.slice(7) : sec.name;
      if (drop === true || (typeof drop === 'function' && drop(name))) continue;
      out.bytes(ir.bytes.subarray(start, end));
      continue;
    }
    flushBefore(SECTION_RANK[sec.id]);
    if (replaced.has(sec.id)) {
      const contents = replaced.get(sec.id)!;
      if (contents !== null) writeSection(out, sec.id, contents);
    } else if (patch.reencode) {
      const contents = encodeSection(ir, sec.id);
      if (contents !== null) writeSection(out, sec.id, contents);
    } else {
      out.bytes(ir.bytes.subarray(start, end));
    }
  }
  flushBefore(Number.POSITIVE_INFINITY);
  return out.finish();
}

function writeSection(out: ByteSink, id: number, contents: Uint8Array): void {
  out.u8(id).u32(contents.length).bytes(contents);
}

function lebSize(bytes: Uint8Array, pos: number): number {
  let n = 1;
  while (bytes[pos + n - 1] & 0x80) n++;
  return n;
}

/**
 * Contents of a vector section with `extraCount` entries (already encoded in `extra`)
 * appended after the original ones, copying the originals verbatim.
 */
export function appendToVecSection(ir: ModuleIR, id: number, extraCount: number, extra: Uint8Array): Uint8Array {
  const sec = ir.sections.find((s) => s.id === id);
  const out = new ByteSink(extra.length + (sec?.size ?? 0) + 8);
  if (sec === undefined) {
    out.u32(extraCount).bytes(extra);
    return out.finish();
  }
  const contentStart = sec.offset + 1 + lebSize(ir.bytes, sec.offset + 1);
  let count = 0;
  let mul = 1;
  let p = contentStart;
  for (;;) {
    const b = ir.bytes[p++];
    count += (b & 0x7f) * mul;
    mul *= 128;
    if (!(b & 0x80)) break;
  }
  out.u32(count + extraCount);
  out.bytes(ir.bytes.subarray(p, contentStart + sec.size));
  out.bytes(extra);
  return out.finish();
}
