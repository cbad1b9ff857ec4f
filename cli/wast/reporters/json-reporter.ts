import type { CommandResult, FileResult } from '../wast-result.js';
import type { Reporter, Write } from './reporter.js';
import { totalsOf } from './totals.js';

/**
 * Exactly one JSON object on stdout, written at the end:
 * `{"total":{..},"byCommand":{"assert_return":{..},..},"files":[{"file","passed","failed","skipped","failures":[..]}]}`.
 * Skips are listed per file with their reason (`skips`), so a skipped count is never unexplained.
 */
export class JsonReporter implements Reporter {
  private readonly write: Write;

  constructor(write: Write) {
    this.write = write;
  }

  beginFile(_file: string): void {}
  command(_file: string, _r: CommandResult): void {}
  endFile(_f: FileResult): void {}

  end(files: readonly FileResult[]): void {
    const { total, byCommand } = totalsOf(files);
    const out = {
      total,
      byCommand: Object.fromEntries(byCommand),
      files: files.map((f) => ({
        file: f.file,
        ...f.tally,
        failures: f.results.filter((r) => r.status === 'failed')
          .map((r) => ({ line: r.line, command: r.command, message: r.message })),
        skips: f.results.filter((r) => r.status === 'skipped')
          .map((r) => ({ line: r.line, command: r.command, reason: r.message })),
      })),
    };
    this.write(`${JSON.stringify(out)}\n`);
  }
}
