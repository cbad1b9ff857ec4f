import type { ConstExpr, ModuleIR } from '../../kernel/ir/module-ir.js';

const I32_CONST = 0x41;
const I64_CONST = 0x42;
const END = 0x0b;

/**
 * One module's initial memory image: what its defined memories hold right after the active data
 * segments ran, built once (at the allocator's `initialised` hook) and then restored into any
 * slot with one `Uint8Array.set` per memory instead of re-running the segments — weft's analog
 * of Wasmtime's copy-on-write memory images.
 *
 * Only restorable when the image cannot differ between instantiations: every active segment has
 * a constant offset (`i32.const`/`i64.const`, no `global.get` of an import) and writes a memory
 * the module defines (the backend skips *all* active segments once the image is restored). The
 * image of a memory is the span from the lowest segment start to the highest segment end, gaps
 * included, so one copy restores it; everything outside the span is zero in a fresh memory.
 */
export class ModuleImage {
  /** Affinity key of the module (slots remember it). */
  readonly id: number;
  readonly restorable: boolean;
  /** Per defined memory: span of the active data segments (`start === end`: none). */
  readonly spanStart: readonly number[];
  readonly spanEnd: readonly number[];
  /** Per defined memory, the bytes of its span once captured; null before. */
  images: readonly Uint8Array[] | null = null;

  private constructor(id: number, restorable: boolean, spanStart: number[], spanEnd: number[]) {
    this.id = id;
    this.restorable = restorable;
    this.spanStart = spanStart;
    this.spanEnd = spanEnd;
  }

  static of(ir: ModuleIR, id: number): ModuleImage {
    const defined = ir.memoryTypes.length - ir.numImportedMemories;
    const start = new Array<number>(defined).fill(Infinity);
    const end = new Array<number>(defined).fill(0);
    let restorable = true;
    for (const seg of ir.datas) {
      if (seg.mode !== 'active') continue;
      const m = seg.memory - ir.numImportedMemories;
      const off = seg.offset === null ? null : constantOffset(seg.offset);
      if (m < 0 || off === null || ir.memoryTypes[seg.memory].shared) {
        restorable = false;
        break;
      }
      if (seg.bytes.length === 0) continue;
      start[m] = Math.min(start[m], off);
      end[m] = Math.max(end[m], off + seg.bytes.length);
    }
    for (let m = 0; m < defined; m++) if (start[m] === Infinity) start[m] = end[m] = 0;
    return new ModuleImage(id, restorable, start, end);
  }

  /** Whether the image exists and may replace the data segments. */
  get ready(): boolean {
    return this.images !== null;
  }

  /**
   * Builds each memory's span from the module's own segments, applied in order (a later segment
   * overwrites an earlier one where they overlap), exactly what the segments write into a fresh
   * memory. Built from the IR rather than read back from a live memory, because on the native
   * backend the start function has already run (inside `new WebAssembly.Instance`) when the
   * allocator hears that instantiation succeeded. Call it only after a successful instantiation:
   * that proves every segment fits the memory's initial size.
   */
  build(ir: ModuleIR): void {
    if (!this.restorable || this.images !== null) return;
    const images = this.spanStart.map((s, m) => new Uint8Array(this.spanEnd[m] - s));
    for (const seg of ir.datas) {
      if (seg.mode !== 'active' || seg.bytes.length === 0) continue;
      const m = seg.memory - ir.numImportedMemories;
      images[m].set(seg.bytes, constantOffset(seg.offset!)! - this.spanStart[m]);
    }
    this.images = images;
  }
}

/** The value of a constant `i32.const n` / `i64.const n` offset as the interpreter evaluates it, else null. */
export function constantOffset(e: ConstExpr): number | null {
  const c = e.code;
  if (c.length < 3 || (c[0] !== I32_CONST && c[0] !== I64_CONST)) return null;
  let value = 0;
  let scale = 1;
  let i = 1;
  let byte: number;
  do {
    if (i >= c.length) return null;
    byte = c[i++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80);
  if (i !== c.length - 1 || c[i] !== END) return null;
  if (byte & 0x40) value -= scale; // sign-extend
  if (c[0] === I32_CONST) return value >>> 0;
  return value >= 0 && Number.isSafeInteger(value) ? value : null;
}
