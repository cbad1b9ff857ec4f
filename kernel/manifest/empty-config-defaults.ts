/**
 * What validating `{}` against a plugin's config schema does, worked out without ajv when the
 * schema is simple enough to be sure: an object schema whose only constraints that apply to an
 * empty object are `type: "object"` and `properties` (no `required`, `minProperties`,
 * composition...). Then `{}` is valid and ajv's `useDefaults` adds exactly each property's
 * `default`, in order. Anything less plain returns null and goes through ajv, which also checks
 * the schema itself.
 */

const ROOT_KEYWORDS = new Set(['type', 'properties', 'additionalProperties', 'description', 'title', '$schema', '$id', '$comment', 'x-message']);
const PROPERTY_KEYWORDS = new Set(['type', 'default', 'description', 'title', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'enum', 'const']);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

const cache = new WeakMap<object, Readonly<Record<string, unknown>> | null>();

/** The defaults `{}` gets from `schema`, or null when ajv must decide. */
export function emptyConfigDefaults(schema: object): Readonly<Record<string, unknown>> | null {
  let found = cache.get(schema);
  if (found === undefined) cache.set(schema, found = analyse(schema as Record<string, unknown>));
  return found;
}

function analyse(schema: Record<string, unknown>): Record<string, unknown> | null {
  if (schema.type !== 'object') return null;
  if (!Object.keys(schema).every((k) => ROOT_KEYWORDS.has(k))) return null;
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties !== 'boolean') return null;
  const props = schema.properties ?? {};
  if (!isPlainObject(props)) return null;
  const defaults: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(props)) {
    if (!isPlainObject(sub) || !Object.keys(sub).every((k) => PROPERTY_KEYWORDS.has(k))) return null;
    if (!validType(sub.type)) return null;
    if ('default' in sub) defaults[name] = sub.default;
  }
  return defaults;
}

function validType(type: unknown): boolean {
  if (type === undefined) return true;
  if (typeof type === 'string') return JSON_TYPES.has(type);
  return Array.isArray(type) && type.length > 0 && type.every((t) => typeof t === 'string' && JSON_TYPES.has(t));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
