;; f64 arithmetic: a Mandelbrot escape-time count over a 240x160 grid (mul, add, sub, compare,
;; convert). The checksum is the total iteration count, so it is exact on every engine.
(module
  (func (export "run") (result i32)
    (local $px i32) (local $py i32) (local $it i32) (local $total i32)
    (local $cx f64) (local $cy f64) (local $x f64) (local $y f64) (local $t f64)
    (loop $rows
      (local.set $cy (f64.sub (f64.mul (f64.convert_i32_s (local.get $py)) (f64.const 0.0125)) (f64.const 1.0)))
      (local.set $px (i32.const 0))
      (loop $cols
        (local.set $cx (f64.sub (f64.mul (f64.convert_i32_s (local.get $px)) (f64.const 0.0125)) (f64.const 2.0)))
        (local.set $x (f64.const 0)) (local.set $y (f64.const 0)) (local.set $it (i32.const 0))
        (block $escaped
          (loop $iter
            (br_if $escaped
              (f64.gt (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y)))
                      (f64.const 4.0)))
            (local.set $t (f64.add (f64.sub (f64.mul (local.get $x) (local.get $x))
                                            (f64.mul (local.get $y) (local.get $y))) (local.get $cx)))
            (local.set $y (f64.add (f64.mul (f64.mul (f64.const 2.0) (local.get $x)) (local.get $y)) (local.get $cy)))
            (local.set $x (local.get $t))
            (br_if $iter (i32.lt_u (local.tee $it (i32.add (local.get $it) (i32.const 1))) (i32.const 500)))))
        (local.set $total (i32.add (local.get $total) (local.get $it)))
        (br_if $cols (i32.lt_u (local.tee $px (i32.add (local.get $px) (i32.const 1))) (i32.const 240))))
      (br_if $rows (i32.lt_u (local.tee $py (i32.add (local.get $py) (i32.const 1))) (i32.const 160))))
    (local.get $total)))
