/** The outcome of one WAST command, what every reporter consumes. */
export type CommandStatus = 'passed' | 'failed' | 'skipped';

export interface CommandResult {
  /** Command kind as written in the script: `module`, `assert_return`, `assert_trap`, ... */
  readonly command: string;
  /** 1-based line of the command in its file. */
  readonly line: number;
  readonly status: CommandStatus;
  /** Why it failed, or why it was skipped; empty when it passed. */
  readonly message: string;
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export function emptyTally(): Tally {
  return { passed: 0, failed: 0, skipped: 0 };
}

export function addTo(t: Tally, status: CommandStatus): void {
  t[status]++;
}

/** The results of one script. `error` is set when the script itself could not be read or parsed. */
export interface FileResult {
  readonly file: string;
  readonly results: readonly CommandResult[];
  readonly tally: Tally;
}
