;; weft run examples/trap.wat --invoke divide 1 0   → Error: integer divide by zero, with the wasm backtrace
(module
  (func $checked_div (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func (export "divide") (param i32 i32) (result i32)
    (call $checked_div (local.get 0) (local.get 1))))
