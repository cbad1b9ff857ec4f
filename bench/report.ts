/** One line of the bench report, and its `--json` form. */
export interface BenchRow {
  readonly workload: string;
  readonly backend: string;
  /** Median ms on weft, or null when the workload failed on this backend. */
  readonly weftMs: number | null;
  readonly hostMs: number | null;
  /** weftMs / hostMs: how many times slower than the host engine. */
  readonly ratio: number | null;
  /** Why the row has no numbers (compile error, checksum mismatch, trap...). */
  readonly error?: string;
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));

export function toJson(rows: readonly BenchRow[]): string {
  return JSON.stringify(rows.map((r) => ({
    workload: r.workload, backend: r.backend,
    weftMs: round(r.weftMs, 2), hostMs: round(r.hostMs, 2), ratio: round(r.ratio, 2),
    ...(r.error ? { error: r.error } : {}),
  })));
}

export function toTable(rows: readonly BenchRow[]): string {
  const head = ['workload', 'backend', 'weft ms', 'host ms', 'ratio'];
  const body = rows.map((r) => r.error
    ? [r.workload, r.backend, 'error', r.hostMs === null ? '-' : r.hostMs.toFixed(1), r.error]
    : [r.workload, r.backend, r.weftMs!.toFixed(1), r.hostMs!.toFixed(1), `${r.ratio!.toFixed(1)}x`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const ok = rows.filter((r) => r.ratio !== null).map((r) => r.ratio!);
  const geo = ok.length ? Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length) : null;
  const foot = geo === null ? [] : ['', `geometric mean ratio: ${geo.toFixed(1)}x (weft time / host time; lower is better)`];
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ...foot].join('\n');
}
