import type { Command } from 'commander';
import type { CliIo, SetExit } from '../main.js';
export function registerInspect(_program: Command, _io: CliIo, _setExit: SetExit): void {}
