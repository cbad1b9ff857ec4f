import { ExitSignal } from '../../kernel/errors/exit-signal.js';

/**
 * Thrown by `proc_exit` to unwind the guest; the embedder catches it (the helpers in run.ts
 * do) and reads `exitCode`. It is the kernel's ExitSignal (code `exit`), so the trap handler
 * passes it through every backend untranslated and the host process keeps running.
 */
export class WasiExit extends ExitSignal {
  constructor(exitCode: number) {
    super(exitCode);
  }
}

export function isWasiExit(e: unknown): e is WasiExit {
  return e instanceof ExitSignal;
}
