/**
 * The ajv-free path for unconfigured plugins must give exactly what ajv gives for `{}`.
 */
import t from 'tap';
import Ajv2020Module from 'ajv/dist/2020.js';
import { BUILTIN_PLUGINS } from '../../index.js';
import { emptyConfigDefaults } from '../../kernel/manifest/empty-config-defaults.js';
import { validateWithSchema } from '../../kernel/manifest/schema-validator.js';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, verbose: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addVocabulary(['x-message']);

t.test('built-in schemas: the shortcut fills what ajv fills for {}', async (t) => {
  let shortcuts = 0;
  for (const p of BUILTIN_PLUGINS) {
    if (!p.configSchema) continue;
    const viaAjv: Record<string, unknown> = {};
    const valid = ajv.validate(p.configSchema, viaAjv);
    const direct = emptyConfigDefaults(p.configSchema);
    if (direct === null) continue;
    shortcuts++;
    t.ok(valid, `${p.id}: {} is valid, as the shortcut assumes`);
    t.same(direct, viaAjv, `${p.id} defaults`);
    const viaValidator = {};
    t.same(validateWithSchema(p.configSchema, viaValidator, 'x'), []);
    t.same(viaValidator, viaAjv, `${p.id}: validateWithSchema fills the same defaults`);
  }
  t.ok(shortcuts >= 2, 'the common plugins take the shortcut');
});

t.test('schemas that constrain {} go through ajv', async (t) => {
  const required = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
  t.equal(emptyConfigDefaults(required), null);
  t.same(validateWithSchema(required, {}, 'plugin x'), [{ file: 'plugin x', pointer: '', message: "must have required property 'a'" }]);
  const nested = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'integer', default: 1 } }, default: {} } } };
  t.equal(emptyConfigDefaults(nested), null, 'nested schemas are left to ajv');
  const value: Record<string, unknown> = {};
  t.same(validateWithSchema(nested, value, 'x'), []);
  t.same(value, { a: { b: 1 } });
  t.equal(emptyConfigDefaults({ type: 'object', minProperties: 1 }), null);
  t.equal(emptyConfigDefaults({ type: 'object', properties: { a: { type: 'strnig' } } }), null, 'a bad type is left to ajv to reject');
});
