import { WeftError } from '../errors/weft-error.js';

/** One problem in a manifest or plugin config: where (file + JSON pointer) and what was expected. */
export interface ManifestIssue {
  readonly file: string;
  /** JSON pointer into the file, `` for the root. */
  readonly pointer: string;
  readonly message: string;
}

/** A manifest (or a plugin's config) failed validation; `issues` lists every problem found. */
export class ManifestError extends WeftError {
  readonly issues: readonly ManifestIssue[];

  constructor(issues: readonly ManifestIssue[], opts: { cause?: unknown } = {}) {
    super('manifest_error', issues.map(formatIssue).join('\n'), opts);
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** `weft.json: /allocator/maxMemoryBytes: must be integer` */
export function formatIssue(i: ManifestIssue): string {
  return `${i.file}: ${i.pointer || '/'}: ${i.message}`;
}

export function isManifestError(e: unknown): e is ManifestError {
  return e instanceof ManifestError;
}
