;; call_indirect dispatch: a loop calls one of four small functions through a table, chosen by
;; a pseudo-random index, so every call pays the signature check.
(module
  (type $op (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $add $sub $xor $mul)
  (func $add (type $op) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $op) (i32.sub (local.get 0) (local.get 1)))
  (func $xor (type $op) (i32.xor (local.get 0) (local.get 1)))
  (func $mul (type $op) (i32.mul (local.get 0) (i32.or (local.get 1) (i32.const 1))))
  (func (export "run") (result i32)
    (local $i i32) (local $acc i32) (local $r i32)
    (local.set $acc (i32.const 1)) (local.set $r (i32.const 7))
    (loop $loop
      (local.set $r (i32.add (i32.mul (local.get $r) (i32.const 1103515245)) (i32.const 12345)))
      (local.set $acc
        (call_indirect (type $op) (local.get $acc) (local.get $i)
          (i32.and (i32.shr_u (local.get $r) (i32.const 16)) (i32.const 3))))
      (br_if $loop (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000000))))
    (local.get $acc)))
