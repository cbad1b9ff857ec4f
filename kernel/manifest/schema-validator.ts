import { createRequire } from 'node:module';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { ManifestIssue } from './manifest-error.js';
import { emptyConfigDefaults } from './empty-config-defaults.js';

type Ajv2020 = InstanceType<typeof Ajv2020Module.default>;

let ajvInstance: Ajv2020 | undefined;

/**
 * One ajv (JSON Schema 2020-12) for the manifest and every plugin config schema; compiled
 * validators are cached per schema object. `x-message` in a schema replaces ajv's message for
 * errors of that subschema (used for `oneOf`, whose raw errors are unreadable). Loaded on first
 * use and synchronously (ajv is CommonJS): loading and compiling cost ~100 ms at start-up.
 */
function ajv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  const mod = createRequire(import.meta.url)('ajv/dist/2020.js') as { default: typeof Ajv2020Module.default };
  ajvInstance = new mod.default({ allErrors: true, verbose: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajvInstance.addVocabulary(['x-message']);
  return ajvInstance;
}

const cache = new WeakMap<object, ValidateFunction>();

/**
 * Validates `value` (mutating it: schema defaults are filled in) and returns the issues, each
 * with its JSON pointer prefixed by `prefix` (where `value` sits in the file).
 */
export function validateWithSchema(schema: object, value: unknown, file: string, prefix = ''): ManifestIssue[] {
  let validate = cache.get(schema);
  if (!validate && isEmptyObject(value)) {
    // Most plugins run unconfigured: for a simple schema ajv's only effect would be the defaults.
    const defaults = emptyConfigDefaults(schema);
    if (defaults !== null) {
      Object.assign(value, structuredClone(defaults));
      return [];
    }
  }
  if (!validate) {
    validate = ajv().compile(schema);
    cache.set(schema, validate);
  }
  if (validate(value)) return [];
  return toIssues(validate.errors ?? [], file, prefix);
}

function isEmptyObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}

function toIssues(errors: readonly ErrorObject[], file: string, prefix: string): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const seen = new Set<string>();
  // Errors under a `oneOf` branch are noise next to the oneOf error itself.
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (oneOfPaths.some((p) => e.schemaPath.startsWith(p + '/'))) continue;
    let pointer = prefix + e.instancePath;
    let message: string;
    const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
    if (e.keyword === 'additionalProperties') {
      pointer += '/' + escapePointer(String((e.params as { additionalProperty: string }).additionalProperty));
      message = 'unknown property';
    } else if (typeof custom === 'string' && (e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
      message = custom;
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'type') {
      message = `must be ${String((e.params as { type: string | string[] }).type).split(',').join(' or ')}`;
    } else {
      message = e.message ?? e.keyword;
    }
    const key = pointer + '\0' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ file, pointer, message });
  }
  return issues;
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
