import type { CliIo } from '../main.js';
import type { RunOptions } from './run-options.js';

export async function executeRun(options: RunOptions, io: CliIo): Promise<number> {
  io.stdout(JSON.stringify(options) + '\n');
  return 0;
}
