import { WeftError } from '../errors/weft-error.js';

export type PluginErrorCode =
  | 'unknown_plugin' | 'not_a_plugin' | 'slot_conflict' | 'missing_point' | 'dependency_cycle'
  | 'load_failed' | 'unknown_service';

/** The plugin set could not be turned into an engine. `code` says why; `plugins` names those involved. */
export class PluginError extends WeftError {
  declare readonly code: PluginErrorCode;
  /** Plugin ids (or specifiers) the error is about. */
  readonly plugins: readonly string[];

  constructor(code: PluginErrorCode, message: string, opts: { plugins?: readonly string[]; cause?: unknown } = {}) {
    super(code, message, { cause: opts.cause });
    this.plugins = opts.plugins ?? [];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), plugins: this.plugins };
  }
}

export function isPluginError(e: unknown): e is PluginError {
  return e instanceof PluginError;
}
