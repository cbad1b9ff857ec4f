/**
 * Valid seed modules for fuzzing: WAT snippets covering most of 3.0 (encoded with the text
 * plugin; a snippet it cannot encode is skipped) plus the clang-built benchmark fixture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { watToBinary } from '../../../plugins/parser/text/index.js';
import { repoRoot } from './spec-runner.js';

const SNIPPETS: readonly string[] = [
  `(module
    (type $pt (func (param i32) (result i32)))
    (import "env" "f" (func $imp (type $pt)))
    (import "env" "g" (global $g (mut i64)))
    (memory $m 1 2)
    (memory $m64 i64 1)
    (table $t 4 funcref)
    (global $c i32 (i32.add (i32.const 1) (i32.const 2)))
    (data (i32.const 8) "hello")
    (data $p "passive")
    (elem (table $t) (i32.const 0) func $f $imp)
    (elem $d declare func $f)
    (func $f (export "f") (type $pt)
      (local $x i64) (local $v v128)
      (block $out (result i32)
        (loop $l
          (br_if $out (i32.eqz (local.get 0)) (local.get 0))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (i64.store $m64 (i64.const 0) (i64.extend_i32_u (local.get 0)))
          (br_table $l $l (i32.const 0)))
        (i32.const 0))
      (drop)
      (local.set $v (i32x4.splat (local.get 0)))
      (memory.init $m $p (i32.const 0) (i32.const 0) (i32.const 1))
      (call_indirect $t (type $pt) (i32.const 1) (i32.const 0))
      (if (result i32) (then (ref.is_null (ref.func $f)) (i32.const 1) (i32.add)) (else (i32x4.extract_lane 2 (local.get $v))))
      (i32.add (i32.trunc_sat_f64_s (f64.const 1.5)))
      (i32.add (global.get $c))
      (return_call $imp)))`,
  `(module
    (rec (type $node (sub (struct (field $v (mut i32)) (field $next (ref null $node)))))
         (type $leaf (sub final $node (struct (field $v (mut i32)) (field $next (ref null $node)) (field i8)))))
    (type $arr (array (mut i16)))
    (type $fn (func (param (ref null $node)) (result i32)))
    (elem declare func $len)
    (func $len (type $fn)
      (local $n (ref null $node)) (local $k i32)
      (local.set $n (local.get 0))
      (block $done
        (loop $l
          (br_on_null $done (local.get $n))
          (local.set $n (struct.get $node $next))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $l)))
      (local.get $k))
    (func (export "run") (result i32)
      (local $a (ref $arr))
      (local.set $a (array.new $arr (i32.const 7) (i32.const 3)))
      (array.set $arr (local.get $a) (i32.const 0) (i32.const 9))
      (drop (array.get_s $arr (local.get $a) (i32.const 0)))
      (drop (ref.test (ref $leaf) (struct.new $node (i32.const 1) (ref.null $node))))
      (drop (i31.get_u (ref.i31 (i32.const 5))))
      (drop (any.convert_extern (extern.convert_any (ref.null any))))
      (block $b (result (ref $node))
        (br_on_cast $b anyref (ref $node) (struct.new_default $leaf))
        (unreachable))
      (call_ref $fn (ref.func $len))))`,
  `(module
    (tag $e (param i32))
    (func $thrower (param i32) (throw $e (local.get 0)))
    (func (export "catch") (result i32)
      (block $h (result i32)
        (try_table (result i32) (catch $e $h)
          (call $thrower (i32.const 3))
          (i32.const 0))))
    (func (export "legacy") (result i32)
      (try (result i32)
        (do (call $thrower (i32.const 1)) (i32.const 0))
        (catch $e)
        (catch_all (i32.const 2))))
    (func (export "ref") (param exnref)
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw_ref (local.get 0)))
        (return))
      (drop)))`,
];

export function fuzzSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  for (const s of SNIPPETS) {
    try {
      seeds.push(watToBinary(s));
    } catch {
      // The text encoder may not cover a snippet yet; fuzz with the others.
    }
  }
  const fixture = path.join(repoRoot(), 'bench/parser/fixtures/prog.wasm');
  if (fs.existsSync(fixture)) seeds.push(new Uint8Array(fs.readFileSync(fixture)));
  return seeds;
}
