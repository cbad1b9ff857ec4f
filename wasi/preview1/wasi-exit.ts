import { WeftError } from '../../kernel/errors/weft-error.js';

/**
 * Thrown by `proc_exit` to unwind the guest; the embedder catches it (the helpers in
 * run.ts do) and reads `exitCode`. The host process keeps running.
 */
export class WasiExit extends WeftError {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super('wasi_exit', `guest exited with code ${exitCode}`);
    this.exitCode = exitCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), exitCode: this.exitCode };
  }
}

export function isWasiExit(e: unknown): e is WasiExit {
  return e instanceof WasiExit;
}
