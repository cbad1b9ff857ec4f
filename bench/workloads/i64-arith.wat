;; A tight i64 loop (splitmix64 steps): 64-bit multiply, xor and shifts, where a JavaScript
;; engine without native i64 pays the most.
(module
  (func (export "run") (result i64)
    (local $i i32) (local $z i64) (local $s i64) (local $acc i64)
    (loop $loop
      (local.set $s (i64.add (local.get $s) (i64.const 0x9e3779b97f4a7c15)))
      (local.set $z (local.get $s))
      (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30)))
                             (i64.const 0xbf58476d1ce4e5b9)))
      (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27)))
                             (i64.const 0x94d049bb133111eb)))
      (local.set $z (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
      (local.set $acc (i64.add (i64.rotl (local.get $acc) (i64.const 7)) (local.get $z)))
      (br_if $loop
        (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 8000000))))
    (local.get $acc)))
