import { addTo, emptyTally, type FileResult, type Tally } from '../wast-result.js';

/** Totals over every file, overall and per command kind (in first-seen order). */
export interface Totals {
  readonly total: Tally;
  readonly byCommand: Map<string, Tally>;
}

export function totalsOf(files: readonly FileResult[]): Totals {
  const total = emptyTally();
  const byCommand = new Map<string, Tally>();
  for (const f of files) {
    for (const r of f.results) {
      addTo(total, r.status);
      let t = byCommand.get(r.command);
      if (t === undefined) byCommand.set(r.command, (t = emptyTally()));
      addTo(t, r.status);
    }
  }
  return { total, byCommand };
}
