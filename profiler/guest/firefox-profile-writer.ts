/**
 * The Firefox Profiler's processed profile format (what profiler.firefox.com loads from a
 * `.json` file): one thread of wasm samples, tables as structure-of-arrays, strings in the
 * thread's `stringArray`. Each distinct stack becomes one sample with a `weight` (its tick
 * count), placed at the time it was first seen. Targets processed-format version 48; the
 * Profiler upgrades older versions itself.
 */
import type { StackProfile } from './stack-profile.js';

export const FIREFOX_PROCESSED_VERSION = 48;
export const FIREFOX_GECKO_VERSION = 29;

export function firefoxProfile(profile: StackProfile, name = 'weft guest'): Record<string, unknown> {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); stringIndex.set(s, i); }
    return i;
  };
  const nFuncs = profile.functions.length;
  const funcTable = {
    length: nFuncs,
    name: profile.functions.map(str),
    isJS: new Array(nFuncs).fill(false),
    relevantForJS: new Array(nFuncs).fill(false),
    resource: new Array(nFuncs).fill(-1),
    fileName: new Array(nFuncs).fill(null),
    lineNumber: new Array(nFuncs).fill(null),
    columnNumber: new Array(nFuncs).fill(null),
  };
  // One frame per function (no addresses: profiles are safe to share).
  const frameTable = {
    length: nFuncs,
    address: new Array(nFuncs).fill(-1),
    inlineDepth: new Array(nFuncs).fill(0),
    category: new Array(nFuncs).fill(0),
    subcategory: new Array(nFuncs).fill(0),
    func: Array.from({ length: nFuncs }, (_, i) => i),
    nativeSymbol: new Array(nFuncs).fill(null),
    innerWindowID: new Array(nFuncs).fill(0),
    implementation: new Array(nFuncs).fill(null),
    line: new Array(nFuncs).fill(null),
    column: new Array(nFuncs).fill(null),
  };
  const stackTable = { length: 0, prefix: [] as (number | null)[], frame: [] as number[], category: [] as number[], subcategory: [] as number[] };
  const stackIndex = new Map<string, number>();
  const stackOf = (frames: readonly number[]): number => {
    let prefix: number | null = null;
    let key = '';
    for (const f of frames) {
      key += `${f},`;
      let i = stackIndex.get(key);
      if (i === undefined) {
        i = stackTable.length++;
        stackTable.prefix.push(prefix);
        stackTable.frame.push(f);
        stackTable.category.push(0);
        stackTable.subcategory.push(0);
        stackIndex.set(key, i);
      }
      prefix = i;
    }
    return prefix!;
  };
  const ordered = [...profile.samples].sort((a, b) => a.firstMs - b.firstMs);
  const samples = {
    length: ordered.length,
    stack: ordered.map((s) => stackOf(s.stack)),
    time: ordered.map((s) => s.firstMs),
    weight: ordered.map((s) => s.weight),
    weightType: 'samples',
  };
  const endMs = ordered.length ? ordered[ordered.length - 1].firstMs + profile.intervalMs : 0;
  const thread = {
    processType: 'default',
    processStartupTime: 0,
    processShutdownTime: endMs,
    registerTime: 0,
    unregisterTime: null,
    pausedRanges: [],
    name,
    isMainThread: true,
    pid: String(process.pid),
    tid: 0,
    samples,
    markers: { length: 0, category: [], data: [], endTime: [], name: [], phase: [], startTime: [] },
    stackTable,
    frameTable,
    funcTable,
    resourceTable: { length: 0, lib: [], name: [], host: [], type: [] },
    nativeSymbols: { length: 0, libIndex: [], address: [], name: [], functionSize: [] },
    stringArray: strings,
  };
  return {
    meta: {
      interval: profile.intervalMs,
      startTime: profile.startTime,
      processType: 0,
      product: 'weft',
      stackwalk: 0,
      version: FIREFOX_GECKO_VERSION,
      preprocessedProfileVersion: FIREFOX_PROCESSED_VERSION,
      symbolicated: true,
      categories: [{ name: 'WebAssembly', color: 'blue', subcategories: ['Other'] }],
      markerSchema: [],
      sampleUnits: undefined,
    },
    libs: [],
    pages: [],
    counters: [],
    threads: [thread],
  };
}
