// WAT → binary: exact bytes for small modules (checked against wabt's wat2wasm) and
// abbreviations checked by equivalence with their spec expansions.
import t from 'tap';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { watToBinary } from '../../../../plugins/parser/text/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Drop custom sections (the name section) so only semantics are compared. */
function stripCustom(b: Uint8Array): string {
  let out = hex(b.subarray(0, 8));
  let p = 8;
  while (p < b.length) {
    const id = b[p];
    let q = p + 1;
    let size = 0;
    let shift = 0;
    for (;;) {
      const x = b[q++];
      size += (x & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(x & 0x80)) break;
    }
    if (id !== 0) out += hex(b.subarray(p, q + size));
    p = q + size;
  }
  return out;
}

function same(t: { equal(found: unknown, wanted: unknown, msg: string): unknown }, a: string, b: string, msg: string): void {
  t.equal(stripCustom(watToBinary(a)), stripCustom(watToBinary(b)), msg);
}

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CompileError) return e.reason;
    throw e;
  }
  return 'no error';
}

function malformed(src: string): CompileError {
  try {
    watToBinary(src, { source: 'test.wat' });
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error(`accepted: ${src}`);
}

t.test('exact bytes (as wat2wasm writes them)', async (t) => {
  const src = `(module
    (type $t (func (param i32) (result i32)))
    (import "env" "f" (func $imp (param i32)))
    (memory 1)
    (func $add (export "add") (param $a i32) (param $b i32) (result i32) (local $x i64)
      (i32.add (local.get $a) (local.get $b)))
    (func (type $t) (block $l (result i32) (br $l (local.get 0))))
    (global $g (mut f32) (f32.const 1.5))
    (data (i32.const 8) "hi\\00"))`;
  t.equal(stripCustom(watToBinary(src)),
    '0061736d0100000001100360017f017f60017f0060027f7f017f02090103656e7601660001030302020005030100010609017d01430000c03f0b0707010361646400010a15020901017e200020016a0b0900027f20000c000b0b0b09010041080b03686900');
  t.equal(hex(watToBinary('(module)')), '0061736d01000000');
  t.equal(hex(watToBinary('')), '0061736d01000000', 'an empty text is an empty module');
});

t.test('name section: module, function and local names', async (t) => {
  const b = watToBinary('(module $m (func $f (param $p i32) (local $l i64)))');
  const s = Buffer.from(b).toString('latin1');
  t.ok(s.includes('\u0004name'), 'has a name section');
  for (const n of ['m', 'f', 'p', 'l']) t.ok(s.includes(`\u0001${n}`), `names ${n}`);
});

t.test('folded and plain instructions encode the same', async (t) => {
  same(t, '(func (result i32) (i32.add (i32.const 1) (i32.const 2)))',
    '(func (result i32) i32.const 1 i32.const 2 i32.add)', 'folded operands');
  same(t, '(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))',
    '(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end)', 'folded if');
  same(t, '(func (block $a (loop $b (br_if $b (i32.const 0)) (br $a))))',
    '(func block $a loop $b i32.const 0 br_if $b br $a end $b end $a)', 'labels by name');
  same(t, '(func (block $a (block $b (br $a))))', '(func (block (block (br 1))))', 'label depth');
  same(t, '(tag $e) (func (try_table (catch $e 0) (catch_all 0)))',
    '(tag $e) (func try_table (catch 0 0) (catch_all 0) end)', 'try_table');
  same(t, '(tag $e) (func (try (do (nop)) (catch $e (nop)) (catch_all (nop))))',
    '(tag $e) (func try nop catch $e nop catch_all nop end)', 'legacy try');
  same(t, '(func (block (try (do) (delegate 0))))', '(func block try delegate 0 end)', 'delegate');
});

t.test('inline imports and exports', async (t) => {
  same(t, '(func $f (import "m" "f") (param i32))', '(import "m" "f" (func $f (param i32)))', 'func import');
  same(t, '(func (export "a") (export "b"))', '(func $x) (export "a" (func $x)) (export "b" (func $x))', 'func exports');
  same(t, '(memory (export "m") (import "a" "b") 1)', '(import "a" "b" (memory 1)) (export "m" (memory 0))', 'memory');
  same(t, '(global $g (export "g") (import "a" "b") (mut i32))', '(import "a" "b" (global $g (mut i32))) (export "g" (global $g))', 'global');
  same(t, '(table (import "a" "b") 1 funcref)', '(import "a" "b" (table 1 funcref))', 'table');
  same(t, '(tag (import "a" "b") (param i32))', '(import "a" "b" (tag (param i32)))', 'tag');
});

t.test('inline table elements and memory data', async (t) => {
  same(t, '(func $f) (table funcref (elem $f $f))',
    '(func $f) (table 2 2 funcref) (elem (i32.const 0) funcref (ref.func $f) (ref.func $f))', 'table elem (segment has the table type, spec 3.0)');
  same(t, '(memory (data "ab" "cd"))', '(memory 1 1) (data (i32.const 0) "abcd")', 'memory data');
  same(t, '(memory i64 (data "x"))', '(memory i64 1 1) (data (i64.const 0) "x")', 'memory64 data');
});

t.test('type uses and implicit types', async (t) => {
  same(t, '(func (param i32))', '(type (func (param i32))) (func (type 0))', 'implicit type appended');
  same(t, '(type $t (func (param i32))) (func (param i32))', '(type $t (func (param i32))) (func (type $t))', 'reuses an equal type');
  same(t, '(func (param $x i32) (param i64) (result f32) (f32.const 0))',
    '(func (param i32 i64) (result f32) (f32.const 0))', 'named params');
  same(t, '(func (call_indirect (param i32) (i32.const 0) (i32.const 0))) (table 0 funcref)',
    '(type (func)) (type (func (param i32))) (func (type 0) (call_indirect (type 1) (i32.const 0) (i32.const 0))) (table 0 funcref)',
    'implicit types are appended in order of use');
  t.equal(malformed('(type $t (func)) (func (type $t) (param i32))').reason, 'inline function type');
  t.equal(malformed('(func (result i32) (param i32) (i32.const 0))').reason, 'unexpected token');
});

t.test('element and data segment forms', async (t) => {
  same(t, '(table 1 funcref) (func $f) (elem (i32.const 0) $f)', '(table 1 funcref) (func $f) (elem (offset (i32.const 0)) func $f)', 'legacy list');
  same(t, '(table 1 funcref) (func $f) (elem (table 0) (i32.const 0) funcref (ref.func $f) (item ref.func $f))',
    '(table 1 funcref) (func $f) (elem (table 0) (offset i32.const 0) funcref (item (ref.func $f)) (item (ref.func $f)))', 'item abbreviation');
  t.ok(watToBinary('(func $f) (elem declare func $f)').length > 8);
  same(t, '(memory 1) (data (memory 0) (offset (i32.const 1)) "a")', '(memory 1) (data (i32.const 1) "a")', 'data memory use');
});

t.test('memory operands', async (t) => {
  same(t, '(memory 1) (func (drop (i32.load offset=0x10 align=4 (i32.const 0))))',
    '(memory 1) (func (drop (i32.load offset=16 (i32.const 0))))', 'natural alignment is the default');
  t.equal(malformed('(memory 1) (func (drop (i32.load align=3 (i32.const 0))))').reason, 'alignment must be a power of two');
  const multi = watToBinary('(memory 1) (memory $m 1) (func (drop (i32.load $m offset=4 (i32.const 0))))');
  t.ok(hex(multi).includes('28420104'), 'memarg with memory index sets flag 0x40');
  same(t, '(memory 1) (memory $b 1) (func (memory.copy 0 $b (i32.const 0) (i32.const 0) (i32.const 0)))',
    '(memory 1) (memory 1) (func i32.const 0 i32.const 0 i32.const 0 memory.copy 0 1)', 'memory.copy two memories');
});

t.test('SIMD literals', async (t) => {
  same(t, '(func (result v128) (v128.const i32x4 1 2 3 4))',
    '(func (result v128) (v128.const i8x16 1 0 0 0 2 0 0 0 3 0 0 0 4 0 0 0))', 'i32x4 lanes');
  same(t, '(func (result v128) (v128.const f32x4 1 1 1 1))',
    '(func (result v128) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000))', 'f32x4 lanes');
  same(t, '(func (result v128) (v128.const i64x2 -1 0))',
    '(func (result v128) (v128.const i16x8 0xffff 0xffff 0xffff 0xffff 0 0 0 0))', 'i64x2 lanes');
  t.equal(malformed('(func (v128.const i32x4 1 2 3) drop)').reason, 'wrong number of lane literals');
  t.equal(malformed('(func (result v128) (i8x16.shuffle 0 1 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))').reason, 'invalid lane length');
});

t.test('GC types and instructions', async (t) => {
  const b = watToBinary(`(module
    (rec (type $node (sub (struct (field $val i32) (field $next (ref null $node))))))
    (type $leaf (sub final $node (struct (field i32) (field (ref null $node)))))
    (type $arr (array (mut i8)))
    (func (param (ref null $node)) (result i32)
      (struct.get $node $val (local.get 0)))
    (func (param anyref) (result i32)
      (block $l (result (ref $node)) (br_on_cast $l anyref (ref $node) (local.get 0)) (return (i32.const 0)))
      (drop) (ref.test (ref null $leaf) (local.get 0))))`);
  // rec group of one non-final struct, subtype with supertype, array of mutable i8.
  t.ok(hex(b).includes('4e0150005f027f00630000'), 'rec/sub/struct encoding');
  t.ok(hex(b).includes('4f01005f027f00630000'), 'sub final with supertype');
  t.ok(hex(b).includes('5e7801'), 'array of mutable i8');
  t.ok(hex(b).includes('2000fb020000'), 'struct.get by field name');
  t.ok(hex(b).includes('fb1801006e00'), 'br_on_cast flags (nullable source)');
  t.ok(hex(b).includes('fb1501'), 'ref.test null selects the nullable opcode');
});

t.test('errors carry line:column and source', async (t) => {
  const e = malformed('(module\n  (func\n    (i32.bogus)))');
  t.equal(e.kind, 'malformed');
  t.equal(e.reason, 'unknown operator i32.bogus');
  t.equal(e.line, 3);
  t.equal(e.column, 6);
  t.match(e.message, /^test\.wat 3:6: unknown operator/);
  t.equal(malformed('(func $f) (func $f)').reason, 'duplicate func');
  t.equal(malformed('(func (local $x i32) (local $x i32))').reason, 'duplicate local');
  t.equal(malformed('(func (br $nope))').reason.startsWith('unknown label'), true);
  t.equal(malformed('(func (call $nope))').reason.startsWith('unknown function'), true);
  t.equal(malformed('(func block $a end $b)').reason, 'mismatching label');
  t.equal(malformed('(func) (import "a" "b" (func))').reason, 'import after function');
  t.equal(malformed('(func $f) (start $f) (start $f)').reason, 'multiple start sections');
  t.equal(malformed('(func (i32.const 0x100000000) drop)').reason, 'constant out of range');
  t.equal(malformed('(func (f32.const 1e39) drop)').reason, 'constant out of range');
  t.equal(malformed('(export "\\ff" (func 0)) (func)').reason, 'malformed UTF-8 encoding');
  t.equal(malformed('(func (i32.const 1__0) drop)').reason, 'unknown operator 1__0');
  t.equal(malformed('(func (i32.add').reason, 'unexpected end of input');
  t.equal(watToBinary(new Uint8Array([0x28, 0x6d, 0x6f, 0x64, 0x75, 0x6c, 0x65, 0x29])).length, 8, 'bytes input');
  t.equal(reasonOf(() => watToBinary(new Uint8Array([0x28, 0xff, 0x29]))), 'malformed UTF-8 encoding');
});

t.test('NaN payloads survive bit-exact', async (t) => {
  const b = watToBinary('(func (result f32) (f32.const -nan:0x123)) (func (result f64) (f64.const nan:0xf_0000_0000_0001))');
  t.ok(hex(b).includes('43230180ff'), 'f32 payload');
  t.ok(hex(b).includes('44010000000000ff7f'), 'f64 payload');
});
