/**
 * The samples of one profile, aggregated by stack: each distinct stack of wasm function ids
 * (outermost first) is a key with a weight (ticks charged to it) and the time of its first
 * sample. Function ids index `functions`, which holds names only (name section, else
 * `wasm-function[N]`): no host addresses ever enter a profile.
 */

export interface ProfileSample {
  /** Function ids, outermost first. */
  readonly stack: readonly number[];
  /** Ticks charged to this stack. */
  weight: number;
  /** ms since the profile started, of the first tick charged to it. */
  readonly firstMs: number;
  /** Position in `StackProfile.samples`. */
  readonly index: number;
}

export class StackProfile {
  readonly intervalMs: number;
  readonly startTime = performance.timeOrigin + performance.now();
  /** Function display names by id. */
  readonly functions: string[] = [];
  private readonly ids = new Map<string, number>();
  readonly samples: ProfileSample[] = [];
  private readonly byKey = new Map<string, ProfileSample>();
  /** Samples in time order: [sample index, ms since start] (for timeline views). */
  readonly timeline: number[] = [];

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** The id of a function name (interned). */
  functionId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.functions.length;
      this.functions.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /**
   * Charges `weight` ticks to the stack `frames[0..n)` (function ids, outermost first), sampled
   * `atMs` after the profile started (default: now).
   */
  add(frames: Int32Array | readonly number[], n: number, weight: number, atMs?: number): void {
    if (n === 0 || weight <= 0) return;
    let key = '';
    for (let i = 0; i < n; i++) key += frames[i] + ',';
    let s = this.byKey.get(key);
    const at = atMs ?? performance.timeOrigin + performance.now() - this.startTime;
    if (!s) {
      s = { stack: Array.from({ length: n }, (_, i) => frames[i]), weight: 0, firstMs: at, index: this.samples.length };
      this.byKey.set(key, s);
      this.samples.push(s);
    }
    s.weight += weight;
    this.timeline.push(s.index, at);
  }

  get totalWeight(): number {
    let w = 0;
    for (const s of this.samples) w += s.weight;
    return w;
  }
}

/** How a wasm function is named in profiles. */
export function displayName(funcName: string | null, funcIndex: number): string {
  return funcName !== null && funcName !== '' ? funcName.replace(/[\r\n;]/g, ' ') : `wasm-function[${funcIndex}]`;
}
