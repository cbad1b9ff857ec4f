/**
 * The sections of a module under construction: each an entry count plus the entries' bytes,
 * created on first use and assembled in the binary format's section order at the end.
 */
import { ByteWriter } from './byte-writer.js';

export const enum Section {
  Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6, Export = 7,
  Start = 8, Elem = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
}

/** A section under construction: its entry count and the entries' bytes. */
export class SectionBuf {
  count = 0;
  readonly w = new ByteWriter(64);
}

export class ModuleSections {
  private readonly byId = new Map<Section, SectionBuf>();

  /** The section `id`, created empty on first use. */
  get(id: Section): SectionBuf {
    let s = this.byId.get(id);
    if (s === undefined) {
      s = new SectionBuf();
      this.byId.set(id, s);
    }
    return s;
  }

  /** The section `id` if anything was written to it. */
  find(id: Section): SectionBuf | undefined {
    return this.byId.get(id);
  }

  /** Writes section `id` (count, then entries) to `out`, if it exists. */
  emit(out: ByteWriter, id: Section): void {
    const s = this.byId.get(id);
    if (s === undefined) return;
    const body = new ByteWriter(s.w.length + 5);
    body.u32(s.count);
    body.append(s.w);
    out.byte(id);
    out.sized(body);
  }
}
