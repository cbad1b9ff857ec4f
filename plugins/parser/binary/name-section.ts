/**
 * The `name` custom section: module name (0), function names (1), local names (2). A
 * malformed name section is ignored, as engines do: it is debug information only.
 */
import { BinaryReader } from '../../../kernel/ir/binary-reader.js';
import type { NameMap } from '../../../kernel/ir/module-ir.js';

export function decodeNameSection(bytes: Uint8Array, base: number): NameMap | null {
  try {
    const r = new BinaryReader(bytes, 0, bytes.length, base);
    let module: string | null = null;
    const funcs = new Map<number, string>();
    const locals = new Map<number, Map<number, string>>();
    let last = -1;
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      if (size > r.end - r.pos) return null;
      const end = r.pos + size;
      // Subsections come in increasing id order, each at most once.
      if (id <= last) return null;
      last = id;
      const sub = new BinaryReader(bytes, r.pos, end, base);
      if (id === 0) {
        module = sub.name();
      } else if (id === 1) {
        readNameMap(sub, funcs);
      } else if (id === 2) {
        const n = sub.u32();
        for (let i = 0; i < n; i++) {
          const f = sub.u32();
          const m = new Map<number, string>();
          readNameMap(sub, m);
          locals.set(f, m);
        }
      }
      if (id <= 2 && !sub.atEnd()) return null;
      r.pos = end;
    }
    return { module, funcs, locals };
  } catch {
    return null;
  }
}

function readNameMap(r: BinaryReader, into: Map<number, string>): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    into.set(idx, r.name());
  }
}
