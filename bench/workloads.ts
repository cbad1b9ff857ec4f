import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A benchmark program: WAT exporting `run` (no params) that returns a checksum. */
export interface Workload {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

/** The workloads folder in the source tree (the harness runs from dist/bench/, the WAT is not compiled). */
export const WORKLOADS_DIR = fileURLToPath(new URL('../../bench/workloads/', import.meta.url));

export function loadWorkloads(filter: string | null, dir = WORKLOADS_DIR): Workload[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.wat'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.wat'.length), file: `${dir}${f}`, text: readFileSync(`${dir}${f}`, 'utf8') }))
    .filter((w) => filter === null || w.name.includes(filter));
}
