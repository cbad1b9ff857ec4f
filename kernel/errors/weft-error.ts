/** Base of every error weft throws on purpose: a stable `code`, a message, and a JSON form. */
export class WeftError extends Error {
  /** Stable machine-readable code, e.g. `compile_error`, `link_error`, `trap`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export function isWeftError(e: unknown): e is WeftError {
  return e instanceof WeftError;
}
