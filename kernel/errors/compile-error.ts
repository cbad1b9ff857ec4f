import { WeftError } from './weft-error.js';

/**
 * A module failed to decode (malformed), validate (invalid) or parse as text. `reason` is the
 * bare message (close to the spec testsuite's wording, e.g. `type mismatch`); `message`
 * adds where it happened.
 */
export class CompileError extends WeftError {
  readonly reason: string;
  /** Byte offset in the binary module, or -1 when unknown or for text input. */
  readonly offset: number;
  /** Function index the error is in, or -1. */
  readonly funcIndex: number;
  /** Source name (file path) when known. */
  readonly source: string | null;
  /** `malformed` (binary/text syntax), `invalid` (validation) or `unsupported` (backend lacks a feature). */
  readonly kind: 'malformed' | 'invalid' | 'unsupported';
  /** 1-based line and column for text input, or 0. */
  readonly line: number;
  readonly column: number;

  constructor(
    reason: string,
    opts: {
      offset?: number; funcIndex?: number; source?: string | null;
      kind?: 'malformed' | 'invalid' | 'unsupported'; line?: number; column?: number;
    } = {},
  ) {
    const offset = opts.offset ?? -1;
    const funcIndex = opts.funcIndex ?? -1;
    const line = opts.line ?? 0;
    const column = opts.column ?? 0;
    const where: string[] = [];
    if (opts.source) where.push(opts.source);
    if (line > 0) where.push(`${line}:${column}`);
    if (offset >= 0) where.push(`at byte offset ${offset} (0x${offset.toString(16)})`);
    if (funcIndex >= 0) where.push(`in function ${funcIndex}`);
    super('compile_error', where.length ? `${where.join(' ')}: ${reason}` : reason);
    this.reason = reason;
    this.offset = offset;
    this.funcIndex = funcIndex;
    this.source = opts.source ?? null;
    this.kind = opts.kind ?? 'invalid';
    this.line = line;
    this.column = column;
  }

  /** The same error, attributed to a source file. */
  withSource(source: string): CompileError {
    return new CompileError(this.reason, {
      offset: this.offset, funcIndex: this.funcIndex, source, kind: this.kind,
      line: this.line, column: this.column,
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, offset: this.offset, funcIndex: this.funcIndex, kind: this.kind };
  }
}
