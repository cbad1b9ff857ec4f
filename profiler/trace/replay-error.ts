import { WeftError } from '../../kernel/errors/weft-error.js';

export type ReplayErrorCode = 'replay_divergence' | 'replay_bad_trace' | 'replay_module_mismatch' | 'replay_capability';

/**
 * Replay cannot go on: the guest did something the trace does not have at that point
 * (`replay_divergence`, naming the trace event index), the file is not a weft trace, the
 * module is not the one recorded, or a recorded answer shows a capability the trace's grants
 * do not list (`replay_capability`).
 */
export class ReplayError extends WeftError {
  /** The trace record (`seq`) where replay stopped, or -1. */
  readonly eventIndex: number;

  constructor(code: ReplayErrorCode, message: string, eventIndex = -1) {
    super(code, message);
    this.eventIndex = eventIndex;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), eventIndex: this.eventIndex };
  }
}

export function isReplayError(e: unknown): e is ReplayError {
  return e instanceof ReplayError;
}
