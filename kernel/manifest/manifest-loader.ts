import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { LoadedManifest, WeftManifest } from './manifest.js';
import { ManifestError } from './manifest-error.js';
import { validateWithSchema } from './schema-validator.js';

let schema: object | null = null;

/** The top-level manifest schema (`plugin.schema.json` at the package root), read once. */
export function manifestSchema(): object {
  // dist/kernel/manifest/manifest-loader.js -> package root (the schema ships next to dist/).
  schema ??= JSON.parse(readFileSync(new URL('../../../plugin.schema.json', import.meta.url), 'utf8')) as object;
  return schema;
}

/**
 * Reads (when given a path) and validates a manifest against `plugin.schema.json`. Plugin
 * configs inside it are checked later, against each plugin's own schema, once plugins are known.
 */
export function loadManifest(input: string | object, opts: { file?: string; baseDir?: string } = {}): LoadedManifest {
  let value: unknown;
  let file: string;
  let baseDir: string;
  if (typeof input === 'string') {
    const path = resolve(input);
    file = opts.file ?? basename(path);
    baseDir = opts.baseDir ?? dirname(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ManifestError([{ file, pointer: '', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }], { cause: e });
    }
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ManifestError([{ file, pointer: '', message: `invalid JSON: ${(e as Error).message}` }], { cause: e });
    }
  } else {
    file = opts.file ?? 'weft.json';
    baseDir = opts.baseDir ?? process.cwd();
    value = structuredClone(input);
  }
  const issues = validateWithSchema(manifestSchema(), value, file);
  if (issues.length) throw new ManifestError(issues);
  return { manifest: value as WeftManifest, file, baseDir };
}
