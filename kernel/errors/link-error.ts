import { WeftError } from './weft-error.js';

/**
 * Instantiation could not resolve or type-check an import, e.g.
 * `import env.log: expected (func (param i32)), got (func)`.
 */
export class LinkError extends WeftError {
  readonly module: string | null;
  readonly field: string | null;

  constructor(message: string, opts: { module?: string; field?: string; cause?: unknown } = {}) {
    super('link_error', message, { cause: opts.cause });
    this.module = opts.module ?? null;
    this.field = opts.field ?? null;
  }
}
