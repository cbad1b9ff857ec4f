;; A br_table state machine: a tokenizer-like automaton with six states fed by a pseudo-random
;; input stream; each step dispatches on the current state with br_table.
(module
  (func (export "run") (result i32)
    (local $i i32) (local $state i32) (local $r i32) (local $in i32) (local $count i32)
    (local.set $r (i32.const 42))
    (loop $step
      (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 13))))
      (local.set $r (i32.xor (local.get $r) (i32.shr_u (local.get $r) (i32.const 17))))
      (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 5))))
      (local.set $in (i32.and (local.get $r) (i32.const 7)))
      (block $done
        (block $s5 (block $s4 (block $s3 (block $s2 (block $s1 (block $s0
          (br_table $s0 $s1 $s2 $s3 $s4 $s5 $s0 (local.get $state)))
          ;; state 0: start; letters go to 1, digits to 2, else stay
          (local.set $state (select (i32.const 1) (select (i32.const 2) (i32.const 0)
            (i32.lt_u (local.get $in) (i32.const 5))) (i32.lt_u (local.get $in) (i32.const 3))))
          (br $done))
          ;; state 1: identifier; continue on letters, emit on others
          (if (i32.ge_u (local.get $in) (i32.const 3))
            (then (local.set $count (i32.add (local.get $count) (i32.const 1)))
                  (local.set $state (i32.const 3))))
          (br $done))
        ;; state 2: number; 6 or 7 move to the exponent state
        (local.set $state (select (i32.const 4) (i32.const 2) (i32.ge_u (local.get $in) (i32.const 6))))
        (br $done))
        ;; state 3: separator; emits and goes to start or comment
        (local.set $count (i32.add (local.get $count) (i32.const 2)))
        (local.set $state (select (i32.const 5) (i32.const 0) (i32.eq (local.get $in) (i32.const 7))))
        (br $done))
        ;; state 4: exponent; emits a number and goes back to start
        (local.set $count (i32.add (local.get $count) (i32.const 3)))
        (local.set $state (i32.const 0))
        (br $done))
      ;; state 5: comment; ends on 0
      (if (i32.eqz (local.get $in)) (then (local.set $state (i32.const 0)))))
      (br_if $step (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 2000000))))
    (i32.add (i32.mul (local.get $count) (i32.const 8)) (local.get $state))))
