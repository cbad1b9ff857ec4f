import { WeftError } from './weft-error.js';

/**
 * A guest asked to exit (WASI `proc_exit`). Thrown by the WASI provider through the wasm stack;
 * the trap handler passes it through untranslated so the embedder (and the CLI) see the code.
 */
export class ExitSignal extends WeftError {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super('exit', `guest exited with code ${exitCode}`);
    this.exitCode = exitCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), exitCode: this.exitCode };
  }
}

export function isExitSignal(e: unknown): e is ExitSignal {
  return e instanceof ExitSignal;
}
