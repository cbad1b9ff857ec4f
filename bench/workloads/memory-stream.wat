;; Memory streaming: fill 2 MiB with i32 stores, then twenty passes of load, mix and store
;; back, and a final byte-wise sum (i32 and i32.load8_u access, bounds checks on every access).
(module
  (memory 32)
  (func (export "run") (result i32)
    (local $p i32) (local $pass i32) (local $sum i32)
    (local.set $p (i32.const 0))
    (loop $fill
      (i32.store (local.get $p) (i32.mul (local.get $p) (i32.const 2654435761)))
      (br_if $fill (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 2097152))))
    (loop $passes
      (local.set $p (i32.const 4))
      (loop $mix
        (i32.store (local.get $p)
          (i32.add (i32.load (local.get $p))
                   (i32.xor (i32.load (i32.sub (local.get $p) (i32.const 4))) (local.get $pass))))
        (br_if $mix (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 2097152))))
      (br_if $passes (i32.lt_u (local.tee $pass (i32.add (local.get $pass) (i32.const 1))) (i32.const 20))))
    (local.set $p (i32.const 0))
    (loop $sum
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
      (br_if $sum (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (i32.const 2097152))))
    (local.get $sum)))
