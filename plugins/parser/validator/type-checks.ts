/**
 * Validation of the type section: declared supertypes (at most one, earlier in the index
 * space, not final, same composite kind, structurally matching). Structural checks compare
 * canonical types from the registry, so equality is id equality.
 */
import { CompileError } from '../../../kernel/errors/compile-error.js';
import type { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { CompositeType, FieldType } from '../../../kernel/ir/types.js';
import type { DecodeState } from '../binary/decode-state.js';
import { encodeCanon, valSub } from './val-types.js';

export function validateTypes(st: DecodeState): void {
  const reg = st.registry;
  for (let i = 0; i < st.types.length; i++) {
    const t = st.types[i];
    if (t.supertypes.length === 0) continue;
    const fail = (): CompileError => new CompileError('sub type', { offset: -1, kind: 'invalid' });
    if (t.supertypes.length > 1) throw fail();
    const s = t.supertypes[0];
    if (s >= i) {
      throw new CompileError(s >= st.types.length ? `unknown type ${s}` : 'sub type', { offset: -1, kind: 'invalid' });
    }
    const superId = st.typeIds[s];
    if (reg.isFinal(superId)) throw fail();
    const sub = reg.type(st.typeIds[i]).composite;
    const sup = reg.type(superId).composite;
    if (!compositeMatches(reg, sub, sup)) throw fail();
  }
}

function storageSub(reg: TypeRegistry, a: FieldType, b: FieldType): boolean {
  if (a.mutable !== b.mutable) return false;
  const ea = encodeCanon(a.storage);
  const eb = encodeCanon(b.storage);
  if (!valSub(reg, ea, eb)) return false;
  return !a.mutable || valSub(reg, eb, ea);
}

export function compositeMatches(reg: TypeRegistry, a: CompositeType, b: CompositeType): boolean {
  if (a.kind === 'func' && b.kind === 'func') {
    if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
    for (let k = 0; k < a.params.length; k++) {
      if (!valSub(reg, encodeCanon(b.params[k]), encodeCanon(a.params[k]))) return false;
    }
    for (let k = 0; k < a.results.length; k++) {
      if (!valSub(reg, encodeCanon(a.results[k]), encodeCanon(b.results[k]))) return false;
    }
    return true;
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    if (a.fields.length < b.fields.length) return false;
    for (let k = 0; k < b.fields.length; k++) if (!storageSub(reg, a.fields[k], b.fields[k])) return false;
    return true;
  }
  if (a.kind === 'array' && b.kind === 'array') return storageSub(reg, a.element, b.element);
  return false;
}
