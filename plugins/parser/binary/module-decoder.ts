/**
 * Decodes a binary module into a `DecodeState` in one pass over the bytes: header, then the
 * sections in their required order. Function bodies and constant expressions stay byte
 * ranges. Only syntax is checked here (`malformed`); `parseModule` adds validation.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import { readCodeSection } from './code-section.js';
import { DecodeState } from './decode-state.js';

import { decodeNameSection } from './name-section.js';
import {
  readDataCountSection, readDataSection, readElementSection, readExportSection, readFunctionSection,
  readGlobalSection, readImportSection, readMemorySection, readStartSection, readTableSection, readTagSection,
} from './sections.js';
import { readTypeSection } from './type-section.js';

export const SECTION_NAMES: readonly string[] = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element',
  'code', 'data', 'datacount', 'tag',
];

/** Position of each section id in the required order (tag sits between memory and global). */
const ORDER: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

export function decodeBinary(bytes: Uint8Array, registry: TypeRegistry): DecodeState {
  const st = new DecodeState(bytes, registry);
  const r = new CodeReader(bytes);
  readHeader(r);
  let lastRank = 0;
  try {
    while (r.pos < bytes.length) lastRank = readOneSection(r, st, lastRank);
  } catch (e) {
    if (st.funcs.length > 0) firstBodyError(st);
    throw sectionEnd(e);
  }
  if ((st.funcSectionCount ?? 0) !== (st.codeSectionCount ?? 0)) {
    throw new CompileError('function and code section have inconsistent lengths', { offset: bytes.length, kind: 'malformed' });
  }
  if (st.dataCount !== null && st.dataCount !== st.datas.length) {
    throw new CompileError('data count and data section have inconsistent lengths', { offset: bytes.length, kind: 'malformed' });
  }
  return st;
}

/** Reads the section at the cursor; returns its rank in the section order. */
function readOneSection(r: CodeReader, st: DecodeState, lastRank: number): number {
  const bytes = r.bytes;
  const idAt = r.pos;
  const id = r.u8();
  if (id > 13) throw r.error('malformed section id', idAt);
  const sizeAt = r.pos;
  const size = r.u32();
  if (size > bytes.length - r.pos) throw r.error('length out of bounds', sizeAt);
  const start = r.pos;
  const end = start + size;
  let rank = lastRank;
  if (id !== 0) {
    rank = ORDER[id];
    if (rank <= lastRank) throw r.error('unexpected content after last section', idAt);
  }
  let name = SECTION_NAMES[id];
  if (id === 0) {
    // Custom section contents are bounded by the section; other sections are read like the
    // reference decoder does, against the whole module, and their size checked after.
    r.end = end;
    name = `custom:${readCustomSection(r, st)}`;
    r.end = bytes.length;
  } else {
    readSection(id, r, st, end);
  }
  if (r.pos !== end) throw r.error('section size mismatch', r.pos);
  st.sections.push(Object.freeze({ id, name, offset: idAt, size }));
  return rank;
}

function readHeader(r: CodeReader): void {
  const b = r.bytes;
  if (b.length < 4) throw r.error('unexpected end', b.length);
  if (b[0] !== 0x00 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) throw r.error('magic header not detected', 0);
  if (b.length < 8) throw r.error('unexpected end', b.length);
  if (b[4] !== 1 || b[5] !== 0 || b[6] !== 0 || b[7] !== 0) throw r.error('unknown binary version', 4);
  r.pos = 8;
}

function readSection(id: number, r: CodeReader, st: DecodeState, end: number): void {
  switch (id) {
    case 1: {
      const t = readTypeSection(r, st.registry, st.features);
      st.types = t.types;
      st.recGroups = t.recGroups;
      st.typeIds = t.typeIds;
      return;
    }
    case 2: readImportSection(r, st); return;
    case 3: readFunctionSection(r, st); return;
    case 4: readTableSection(r, st); return;
    case 5: readMemorySection(r, st); return;
    case 6: readGlobalSection(r, st); return;
    case 7: readExportSection(r, st); return;
    case 8: readStartSection(r, st); return;
    case 9: readElementSection(r, st); return;
    case 10: readCodeSection(r, st, end); return;
    case 11: readDataSection(r, st); return;
    case 12: readDataCountSection(r, st); return;
    case 13: readTagSection(r, st); return;
  }
}

/** Returns the custom section's name; the `name` section is decoded on the side. */
function readCustomSection(r: CodeReader, st: DecodeState): string {
  const name = r.name();
  const offset = r.offset;
  const contents = r.take(r.end - r.pos);
  st.customs.push(Object.freeze({ name, bytes: contents, offset }));
  if (name === 'name') {
    const names = decodeNameSection(contents, offset);
    if (names) st.names = names;
  }
  return name;
}

/**
 * The reference decoder decodes function bodies where the code section stands, so a body's
 * syntax error wins over a later section's. Bodies are decoded lazily here (by the
 * validator); on a later section error, re-read them for syntax errors first. Error path only.
 */
function firstBodyError(st: DecodeState): void {
  const r = new CodeReader(st.bytes);
  const ins = new Instr();
  for (const f of st.funcs) {
    r.pos = f.codeOffset;
    const end = f.codeOffset + f.codeLength;
    try {
      while (r.pos < end) r.read(ins);
    } catch (e) {
      throw sectionEnd(e);
    }
  }
}

/** Running out of bytes inside a section gets the spec's wording. */
function sectionEnd(e: unknown): unknown {
  if (e instanceof CompileError && e.reason === 'unexpected end') {
    return new CompileError('unexpected end of section or function', { offset: e.offset, kind: 'malformed' });
  }
  return e;
}


