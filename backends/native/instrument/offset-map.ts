/**
 * Maps the host engine's view of an instrumented module (function index, byte offset) back
 * to the original module's, so backtraces name the code the user wrote.
 */
export class OffsetMap {
  private readonly numImportedFuncs: number;
  private readonly funcShift: number;
  /** Start of each defined function's instructions, relative to the code section contents. */
  private readonly bodyStarts: Int32Array;
  private readonly newOffsets: readonly Int32Array[];
  private readonly oldOffsets: readonly Int32Array[];
  /** Per defined function: offsets (relative to its instructions) of runtime trap sites, ascending, and their codes. */
  private readonly trapSites: readonly Int32Array[];
  private readonly trapCodes: readonly Uint8Array[];
  /** Absolute offset of the code section contents in the instrumented module. */
  private codeStart = 0;

  constructor(
    numImportedFuncs: number, funcShift: number, bodyStarts: Int32Array, news: readonly Int32Array[], olds: readonly Int32Array[],
    trapSites: readonly Int32Array[] = [], trapCodes: readonly Uint8Array[] = [],
  ) {
    this.numImportedFuncs = numImportedFuncs;
    this.funcShift = funcShift;
    this.bodyStarts = bodyStarts;
    this.newOffsets = news;
    this.oldOffsets = olds;
    this.trapSites = trapSites;
    this.trapCodes = trapCodes;
  }

  /**
   * The runtime trap (`RuntimeTrap`: out of fuel, stack overflow) an inserted `unreachable` at
   * the engine's (function `index`, `offset`) stands for, or 0 when that is not such a site.
   */
  runtimeTrapAt(index: number, offset: number): number {
    const f = index - this.numImportedFuncs - this.funcShift;
    const sites = this.trapSites[f];
    if (f < 0 || sites === undefined) return 0;
    const rel = offset - this.codeStart - this.bodyStarts[f];
    let lo = 0;
    let hi = sites.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sites[mid] === rel) return this.trapCodes[f][mid];
      if (sites[mid] < rel) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Finds the code section in the final bytes (called once after encoding). */
  locateCode(bytes: Uint8Array): void {
    let p = 8;
    while (p < bytes.length) {
      const id = bytes[p++];
      let size = 0;
      let mul = 1;
      for (;;) {
        const b = bytes[p++];
        size += (b & 0x7f) * mul;
        mul *= 128;
        if (!(b & 0x80)) break;
      }
      if (id === 10) {
        this.codeStart = p;
        return;
      }
      p += size;
    }
  }

  /** Original function index of the engine's function `index` (-1 for a runtime import). */
  funcIndex(index: number): number {
    if (index < this.numImportedFuncs) return index;
    if (index < this.numImportedFuncs + this.funcShift) return -1;
    return index - this.funcShift;
  }

  /** Original byte offset of the engine's offset `offset` inside engine function `index`. */
  offset(index: number, offset: number): number {
    const f = index - this.numImportedFuncs - this.funcShift;
    if (f < 0 || f >= this.bodyStarts.length) return offset;
    const rel = offset - this.codeStart - this.bodyStarts[f];
    const news = this.newOffsets[f];
    let lo = 0;
    let hi = news.length - 1;
    if (hi < 0 || rel < news[0]) return this.oldOffsets[f][0] ?? -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (news[mid] <= rel) lo = mid;
      else hi = mid - 1;
    }
    return this.oldOffsets[f][lo];
  }
}
