// Element segment types of the text forms (spec 3.0, text/modules "Element Segments"):
// `func x*` abbreviates `(ref func) (ref.func x)*`, and so does the bare legacy `x*` list, so
// the encoder may use the compact function-index forms (flags 0-3), which the binary format
// decodes as `(ref func)`; a written reftype such as `funcref` must survive as written.
import t from 'tap';
import { TypeRegistry } from '../../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../../plugins/parser/binary/index.js';
import { watToBinary } from '../../../../plugins/parser/text/index.js';

const REF_FUNC = { kind: 'ref', nullable: false, heap: 'func' };
const FUNCREF = { kind: 'ref', nullable: true, heap: 'func' };

/** Each segment's type, and whether it was encoded as function indices (flags 0-3: the decoder synthesises its `ref.func`s). */
function elems(src: string): { type: unknown; compact: boolean }[] {
  const ir = decodeModule(watToBinary(src), new TypeRegistry());
  return ir.elems.map((e) => ({ type: e.type, compact: e.init.length > 0 && e.init[0].offset === -1 }));
}

t.test('func x* and bare x* are (ref func); a written funcref stays funcref', async (t) => {
  const es = elems(`(module (func $f) (table 2 funcref) (table $t 2 funcref)
    (elem (i32.const 0) func $f)
    (elem (table $t) (i32.const 0) func $f)
    (elem func $f)
    (elem declare func $f)
    (elem (i32.const 1) $f)
    (elem (i32.const 0) funcref (ref.func $f))
    (elem (table $t) (i32.const 0) funcref (ref.func $f))
    (elem funcref (ref.func $f) (ref.null func))
    (elem (i32.const 0) (ref func) (ref.func $f)))`);
  t.same(es.map((e) => e.type), [REF_FUNC, REF_FUNC, REF_FUNC, REF_FUNC, REF_FUNC, FUNCREF, FUNCREF, FUNCREF, REF_FUNC]);
  t.same(es.map((e) => e.compact), [true, true, true, true, true, false, false, false, false], 'compact forms only for func x*');
});

// Spec 3.0 text/modules "Tables": `(table reftype (elem x*))` abbreviates a table plus
// `(elem (table id) (i32.const 0) reftype (ref.func x)*)`, so the segment has the table's
// type (funcref here), not (ref func): a (ref func) array must not be initialisable from it.
t.test('inline table elements have the table type', async (t) => {
  t.same(elems('(module (func $f) (table funcref (elem $f $f)))').map((e) => e.type), [FUNCREF]);
});
