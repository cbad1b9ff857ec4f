import type { CommandResult, FileResult } from '../wast-result.js';
import type { Reporter, Write } from './reporter.js';
import { totalsOf } from './totals.js';

/** How many failures of one file the summary lists before eliding the rest. */
const FAILURES_SHOWN_PER_FILE = 5;

/**
 * A table for humans: passed/failed/skipped per command kind and in total, then the files with
 * failures (first few messages each) and the distinct skip reasons.
 */
export class SummaryReporter implements Reporter {
  private readonly write: Write;

  constructor(write: Write) {
    this.write = write;
  }

  beginFile(_file: string): void {}
  command(_file: string, _r: CommandResult): void {}
  endFile(_f: FileResult): void {}

  end(files: readonly FileResult[]): void {
    const { total, byCommand } = totalsOf(files);
    const rows: string[][] = [...byCommand].sort((a, b) => a[0].localeCompare(b[0]))
      .map(([k, t]) => [k, String(t.passed), String(t.failed), String(t.skipped)]);
    const head = ['command', 'passed', 'failed', 'skipped'];
    const foot = ['total', String(total.passed), String(total.failed), String(total.skipped)];
    const widths = head.map((h, i) => Math.max(h.length, foot[i].length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const rule = widths.map((w) => '-'.repeat(w)).join('  ');
    const out = [line(head), rule, ...rows.map(line), rule, line(foot)];

    const failing = files.filter((f) => f.tally.failed > 0);
    if (failing.length) {
      out.push('', `failures in ${failing.length} of ${files.length} files:`);
      for (const f of failing) {
        out.push(`  ${f.file}: ${f.tally.failed} failed`);
        const fails = f.results.filter((r) => r.status === 'failed');
        for (const r of fails.slice(0, FAILURES_SHOWN_PER_FILE)) {
          out.push(`    line ${r.line} ${r.command}: ${r.message.split('\n')[0]}`);
        }
        if (fails.length > FAILURES_SHOWN_PER_FILE) out.push(`    ... and ${fails.length - FAILURES_SHOWN_PER_FILE} more`);
      }
    }
    const reasons = new Map<string, number>();
    for (const f of files) for (const r of f.results) if (r.status === 'skipped') reasons.set(r.message, (reasons.get(r.message) ?? 0) + 1);
    if (reasons.size) {
      out.push('', 'skipped:');
      for (const [reason, n] of reasons) out.push(`  ${n} x ${reason}`);
    }
    out.push('', `${files.length} files: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    this.write(`${out.join('\n')}\n`);
  }
}
