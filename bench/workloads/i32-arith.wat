;; A tight i32 loop: multiply, add, xor, rotate and shifts (an LCG mixed with xorshift).
(module
  (func (export "run") (result i32)
    (local $i i32) (local $x i32) (local $acc i32)
    (local.set $x (i32.const 0x12345678))
    (loop $loop
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 13))))
      (local.set $acc
        (i32.add (i32.rotl (local.get $acc) (i32.const 5)) (i32.xor (local.get $x) (local.get $i))))
      (br_if $loop
        (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 6000000))))
    (local.get $acc)))
