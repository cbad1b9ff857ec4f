import type { CommandResult, FileResult } from '../wast-result.js';
import type { Reporter, Write } from './reporter.js';

/** YAML-safe one-line scalar for a TAP diagnostic block. */
function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** `# SKIP` reasons and descriptions must not contain a newline or a `#` (TAP directives). */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/#/g, '\\#');
}

/**
 * TAP version 14: one subtest per file, one test point per command (`line N: kind`), failures
 * with a YAML diagnostic, skips with `# SKIP reason`. Streams as it goes.
 */
export class TapReporter implements Reporter {
  private readonly write: Write;
  private fileCount = 0;
  private pointInFile = 0;

  constructor(write: Write) {
    this.write = write;
    this.write('TAP version 14\n');
  }

  beginFile(file: string): void {
    this.pointInFile = 0;
    this.write(`# Subtest: ${oneLine(file)}\n`);
  }

  command(_file: string, r: CommandResult): void {
    const n = ++this.pointInFile;
    const desc = `line ${r.line}: ${r.command}`;
    if (r.status === 'passed') {
      this.write(`    ok ${n} - ${desc}\n`);
    } else if (r.status === 'skipped') {
      this.write(`    ok ${n} - ${desc} # SKIP ${oneLine(r.message)}\n`);
    } else {
      this.write(`    not ok ${n} - ${desc}\n      ---\n      message: ${yamlString(r.message)}\n      line: ${r.line}\n      command: ${r.command}\n      ...\n`);
    }
  }

  endFile(f: FileResult): void {
    const t = f.tally;
    this.write(`    # passed ${t.passed}, failed ${t.failed}, skipped ${t.skipped}\n    1..${this.pointInFile}\n`);
    const n = ++this.fileCount;
    this.write(`${t.failed ? 'not ok' : 'ok'} ${n} - ${oneLine(f.file)}\n`);
  }

  end(files: readonly FileResult[]): void {
    let p = 0;
    let f = 0;
    let s = 0;
    for (const x of files) {
      p += x.tally.passed;
      f += x.tally.failed;
      s += x.tally.skipped;
    }
    this.write(`1..${this.fileCount}\n# passed ${p}, failed ${f}, skipped ${s}\n`);
  }
}
