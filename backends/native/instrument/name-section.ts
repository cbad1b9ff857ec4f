/**
 * The `name` custom section of an instrumented module. The runtime imports shift defined
 * function and global indices, so the guest's names are renumbered rather than dropped: V8
 * then names stack frames, perf-map entries and CPU-profile nodes with the guest's own names.
 * The inserted imports are named `weft:rt.<import>`; functions the guest left unnamed stay
 * unnamed. Names are copied as raw bytes (only indices are re-encoded).
 *
 * Per subsection (extended-name-section ids): module (0), types (4), tables (5), memories (6),
 * elements (8), data (9), fields (10) and tags (11) keep their indices and are copied; functions
 * (1), locals (2, keyed by function; the passes append locals, so local indices hold) and
 * globals (7) are renumbered; labels (3) are copied only when no code pass inserted blocks
 * (label indices count every block in the body), else dropped; unknown ids are dropped, since
 * their indices cannot be checked.
 */
import { BinaryReader } from '../../../kernel/ir/binary-reader.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';

const FUNCS = 1;
const LOCALS = 2;
const LABELS = 3;
const GLOBALS = 7;
const LAST_KNOWN = 11;

/** How indices moved, and the names of what the passes inserted (engine indices). */
export interface NameRenumbering {
  readonly numImportedFuncs: number;
  readonly funcShift: number;
  readonly numImportedGlobals: number;
  readonly globalShift: number;
  readonly insertedFuncs: readonly InsertedName[];
  readonly insertedGlobals: readonly InsertedName[];
  /** No inserted `block`/`loop`/`if`: label indices are unchanged. */
  readonly labelsUnchanged: boolean;
}

export interface InsertedName {
  readonly index: number;
  readonly name: string;
}

/** One name-map entry: its index and the name's encoding (`vec(byte)`, length included). */
interface Entry {
  readonly index: number;
  readonly raw: Uint8Array;
}

/**
 * The whole custom section (id, size, `name`, contents) renumbered for the instrumented
 * module, from the original section's `contents` (after its name); null when those are
 * malformed (the section is then dropped, as engines ignore a malformed one).
 */
export function renumberNameSection(contents: Uint8Array, m: NameRenumbering): Uint8Array | null {
  const body = new ByteSink(contents.length + 64);
  const shiftFunc = (f: number): number => (f < m.numImportedFuncs ? f : f + m.funcShift);
  const shiftGlobal = (g: number): number => (g < m.numImportedGlobals ? g : g + m.globalShift);
  let funcsDone = m.insertedFuncs.length === 0;
  let globalsDone = m.insertedGlobals.length === 0;
  /** Subsections holding only inserted names, where the guest had none, in id order. */
  const insertedOnlyBefore = (id: number): void => {
    if (!funcsDone && id > FUNCS) {
      subsection(body, FUNCS, (s) => writeNameMap(s, merge([], m.insertedFuncs)));
      funcsDone = true;
    }
    if (!globalsDone && id > GLOBALS) {
      subsection(body, GLOBALS, (s) => writeNameMap(s, merge([], m.insertedGlobals)));
      globalsDone = true;
    }
  };
  try {
    const r = new BinaryReader(contents);
    let last = -1;
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      const start = r.pos;
      const raw = r.take(size);
      // Subsections come in increasing id order, each at most once.
      if (id <= last) return null;
      last = id;
      insertedOnlyBefore(id);
      const sub = new BinaryReader(contents, start, start + size);
      if (id === FUNCS) {
        const entries = readNameMap(sub).map((e) => ({ index: shiftFunc(e.index), raw: e.raw }));
        subsection(body, id, (s) => writeNameMap(s, merge(entries, m.insertedFuncs)));
        funcsDone = true;
      } else if (id === GLOBALS) {
        const entries = readNameMap(sub).map((e) => ({ index: shiftGlobal(e.index), raw: e.raw }));
        subsection(body, id, (s) => writeNameMap(s, merge(entries, m.insertedGlobals)));
        globalsDone = true;
      } else if (id === LOCALS) {
        const entries = readIndirectMap(sub).map((e) => ({ index: shiftFunc(e.index), raw: e.raw }));
        subsection(body, id, (s) => writeNameMap(s, entries));
      } else if (id === LABELS ? m.labelsUnchanged : id <= LAST_KNOWN) {
        body.u8(id).u32(size).bytes(raw);
      }
      if ((id === FUNCS || id === GLOBALS || id === LOCALS) && !sub.atEnd()) return null;
    }
  } catch {
    return null;
  }
  insertedOnlyBefore(Number.POSITIVE_INFINITY);
  const section = new ByteSink(body.length + 16);
  section.u8(0).sized((s) => s.name('name').bytes(body.view()));
  return section.finish();
}

function subsection(out: ByteSink, id: number, write: (s: ByteSink) => void): void {
  out.u8(id).sized(write);
}

/** A name map's entries, each name kept as its raw `vec(byte)`. */
function readNameMap(r: BinaryReader): Entry[] {
  const n = r.u32();
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    const start = r.pos;
    r.take(r.u32());
    out.push({ index, raw: r.bytes.subarray(start, r.pos) });
  }
  return out;
}

/** An indirect name map's entries (function index → its raw inner name map). */
function readIndirectMap(r: BinaryReader): Entry[] {
  const n = r.u32();
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    const start = r.pos;
    readNameMap(r);
    out.push({ index, raw: r.bytes.subarray(start, r.pos) });
  }
  return out;
}

/** The guest's entries and the inserted names, in increasing index order (name maps require it). */
function merge(entries: readonly Entry[], inserted: readonly InsertedName[]): Entry[] {
  const all = [...entries, ...inserted.map((x) => ({ index: x.index, raw: new ByteSink().name(x.name).finish() }))];
  return all.sort((a, b) => a.index - b.index);
}

function writeNameMap(out: ByteSink, entries: readonly Entry[]): void {
  out.u32(entries.length);
  for (const e of entries) out.u32(e.index).bytes(e.raw);
}
