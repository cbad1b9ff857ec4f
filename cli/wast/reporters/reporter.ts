import type { CommandResult, FileResult } from '../wast-result.js';

/**
 * Receives results as the runner produces them. `tap` streams (a long suite shows progress);
 * `json` and `summary` only write in `end`. Writes go to the given sink (stdout in the CLI, a
 * buffer in tests).
 */
export interface Reporter {
  beginFile(file: string): void;
  command(file: string, result: CommandResult): void;
  endFile(result: FileResult): void;
  end(files: readonly FileResult[]): void;
}

export type Write = (text: string) => void;

export type ReporterName = 'tap' | 'json' | 'summary';
export const REPORTER_NAMES: readonly ReporterName[] = ['tap', 'json', 'summary'];
