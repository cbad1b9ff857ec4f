import t from 'tap';
import { TypeKind, TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { SubType } from '../../../kernel/ir/types.js';
import { refType } from '../../../kernel/ir/types.js';

const func = (params: SubType['composite'] extends infer C ? C : never): SubType => ({ final: true, supertypes: [], composite: params });
const sig = (p: ('i32' | 'i64')[], r: ('i32' | 'i64')[]): SubType => func({ kind: 'func', params: p, results: r });

function intern(reg: TypeRegistry, types: SubType[], groups: [number, number][]): Int32Array {
  const ids = new Int32Array(types.length);
  for (const [start, size] of groups) reg.internRecGroup(types, start, size, ids);
  return ids;
}

t.test('equal types get equal ids, across modules', async (t) => {
  const reg = new TypeRegistry();
  const a = intern(reg, [sig(['i32'], ['i64']), sig([], [])], [[0, 1], [1, 1]]);
  const b = intern(reg, [sig([], []), sig(['i32'], ['i64'])], [[0, 1], [1, 1]]);
  t.equal(a[0], b[1]);
  t.equal(a[1], b[0]);
  t.not(a[0], a[1]);
  t.equal(reg.size, 2);
  t.equal(reg.kind(a[0]), TypeKind.Func);
  t.same(reg.funcType(a[0])?.params, ['i32']);
  t.equal(reg.structType(a[0]), null);
});

t.test('iso-recursive: rec groups are compared as a whole', async (t) => {
  const reg = new TypeRegistry();
  // rec { $s = struct (field (ref null $s)) }
  const self: SubType = { final: true, supertypes: [], composite: { kind: 'struct', fields: [{ storage: refType(true, 0), mutable: false }] } };
  const m1 = intern(reg, [self], [[0, 1]]);
  const m2 = intern(reg, [sig([], []), { ...self, composite: { kind: 'struct', fields: [{ storage: refType(true, 1), mutable: false }] } }], [[0, 1], [1, 1]]);
  t.equal(m1[0], m2[1], 'self-reference relative to the group');
  // The same struct in a two-type group is a different type.
  const pair = intern(reg, [self, sig([], [])], [[0, 2]]);
  t.not(pair[0], m1[0]);
  // A reference to an outer type uses that type's canonical id.
  const outer = intern(reg, [sig([], []), { final: true, supertypes: [], composite: { kind: 'struct', fields: [{ storage: refType(false, 0), mutable: true }] } }], [[0, 1], [1, 1]]);
  const canon = reg.structType(outer[1]);
  t.same(canon?.fields[0].storage, { kind: 'ref', nullable: false, heap: outer[0] }, 'canonical heap types are ids');
});

t.test('declared subtyping is O(1) along the chain', async (t) => {
  const reg = new TypeRegistry();
  const base: SubType = { final: false, supertypes: [], composite: { kind: 'struct', fields: [] } };
  const mid: SubType = { final: false, supertypes: [0], composite: { kind: 'struct', fields: [{ storage: 'i32', mutable: false }] } };
  const leaf: SubType = { final: true, supertypes: [1], composite: { kind: 'struct', fields: [{ storage: 'i32', mutable: false }, { storage: 'i64', mutable: false }] } };
  const ids = intern(reg, [base, mid, leaf], [[0, 1], [1, 1], [2, 1]]);
  t.ok(reg.isSubtype(ids[2], ids[0]));
  t.ok(reg.isSubtype(ids[2], ids[1]));
  t.ok(reg.isSubtype(ids[1], ids[1]));
  t.notOk(reg.isSubtype(ids[0], ids[2]));
  t.equal(reg.depth(ids[2]), 2);
  t.equal(reg.superType(ids[2]), ids[1]);
  t.ok(reg.isFinal(ids[2]));
  // Same structure without the declared supertype is a different type.
  const plain = intern(reg, [{ ...mid, supertypes: [] }], [[0, 1]]);
  t.not(plain[0], ids[1]);
  t.same(reg.recGroup(ids[1]), { start: ids[1], size: 1 });
});
