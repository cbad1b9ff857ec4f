import { ByteWriter } from './byte-writer.js';
import { IndexSpace } from './index-space.js';

const utf8 = new TextEncoder();

function writeName(w: ByteWriter, s: string): void {
  w.vecBytes(utf8.encode(s));
}

function writeNameMap(w: ByteWriter, entries: [number, string][]): void {
  entries.sort((a, b) => a[0] - b[0]);
  w.u32(entries.length);
  for (const [i, n] of entries) {
    w.u32(i);
    writeName(w, n);
  }
}

/**
 * Collects `$names` for the `name` custom section, so backtraces and disassembly can show the
 * source's identifiers: module (0), functions (1), locals (2), types (4) and struct fields (10).
 */
export class NameSectionBuilder {
  private module: string | null = null;
  private readonly funcs: [number, string][] = [];
  private readonly locals: [number, [number, string][]][] = [];
  private readonly types: [number, string][] = [];
  private readonly fields: [number, [number, string][]][] = [];

  moduleName(name: string | null): void {
    this.module = name;
  }

  funcName(index: number, name: string | null): void {
    if (name !== null) this.funcs.push([index, name]);
  }

  localNames(funcIndex: number, locals: IndexSpace): void {
    const named: [number, string][] = [];
    locals.nameOf.forEach((n, i) => {
      if (n !== null) named.push([i, n]);
    });
    if (named.length > 0) this.locals.push([funcIndex, named]);
  }

  typeName(index: number, name: string | null, fields: IndexSpace): void {
    if (name !== null) this.types.push([index, name]);
    const named: [number, string][] = [];
    fields.nameOf.forEach((n, i) => {
      if (n !== null) named.push([i, n]);
    });
    if (named.length > 0) this.fields.push([index, named]);
  }

  /** The section body (after the section id), or null when there is nothing to name. */
  finish(): ByteWriter | null {
    if (this.module === null && !this.funcs.length && !this.locals.length && !this.types.length && !this.fields.length) {
      return null;
    }
    const out = new ByteWriter(64);
    writeName(out, 'name');
    const sub = (id: number, fill: (w: ByteWriter) => void): void => {
      const w = new ByteWriter(32);
      fill(w);
      out.byte(id);
      out.sized(w);
    };
    if (this.module !== null) sub(0, (w) => writeName(w, this.module as string));
    if (this.funcs.length) sub(1, (w) => writeNameMap(w, this.funcs));
    const indirect = (w: ByteWriter, m: [number, [number, string][]][]): void => {
      m.sort((a, b) => a[0] - b[0]);
      w.u32(m.length);
      for (const [i, names] of m) {
        w.u32(i);
        writeNameMap(w, names);
      }
    };
    if (this.locals.length) sub(2, (w) => indirect(w, this.locals));
    if (this.types.length) sub(4, (w) => writeNameMap(w, this.types));
    if (this.fields.length) sub(10, (w) => indirect(w, this.fields));
    return out;
  }
}
