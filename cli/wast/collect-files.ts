import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../usage-error.js';

/**
 * The scripts named on the command line: files as given, folders searched recursively for
 * `*.wast` (sorted, so runs and reports are reproducible). A missing path is a usage error.
 */
export function collectWastFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${JSON.stringify(p)}`);
    }
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile() && e.name.endsWith('.wast')) out.push(full);
  }
}
