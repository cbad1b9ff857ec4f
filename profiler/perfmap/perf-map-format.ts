/**
 * perf's JIT symbol map (`/tmp/perf-<pid>.map`): one `START SIZE name` line per code range, START
 * and SIZE in hex without `0x` (what `perf report` reads; Wasmtime's `perfmap.rs` writes the same).
 * Names are cleaned of newlines so one function stays one line.
 */

export interface PerfMapEntry {
  readonly start: bigint;
  readonly size: number;
  readonly name: string;
}

export function perfMapPath(pid: number = process.pid): string {
  return `/tmp/perf-${pid}.map`;
}

export function cleanName(name: string): string {
  return name.replace(/[\r\n]+/g, ' ');
}

export function formatPerfMapLine(e: PerfMapEntry): string {
  return `${e.start.toString(16)} ${e.size.toString(16)} ${cleanName(e.name)}\n`;
}

const LINE = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) (.+)$/;

/** Parses a map; malformed lines are returned in `bad` (by line number) rather than thrown. */
export function parsePerfMap(text: string): { entries: PerfMapEntry[]; bad: number[] } {
  const entries: PerfMapEntry[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const m = LINE.exec(line);
    if (!m) { bad.push(i + 1); return; }
    entries.push({ start: BigInt(`0x${m[1]}`), size: parseInt(m[2], 16), name: m[3] });
  });
  return { entries, bad };
}
