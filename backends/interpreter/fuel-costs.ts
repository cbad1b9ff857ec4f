/**
 * Fuel cost of each WebAssembly operator, as Wasmtime defines it: every operator costs 1,
 * except `nop`, `drop`, `block`, `loop`, `unreachable`, `return`, `else` and `end`, which
 * cost 0 (they generate no work of their own). The same table must be used by
 * every backend so a program consumes the same fuel everywhere.
 *
 * How the interpreter charges it: the translator sums the costs of the operators of each
 * straight-line run of code (a run ends at every label, branch and call) and emits one
 * `Fuel` instruction with that sum at the run's start. When the remaining fuel is smaller
 * than the sum, the guest traps with `OutOfFuel` at the start of that run, before any of its
 * operators executes, and the remaining (unspent) fuel is written back to `store.fuel`. So a
 * program that completes consumes exactly the sum of its executed operators' costs, and a
 * program that runs out always stops at the same place with the same fuel left.
 */
import { Op } from '../../kernel/ir/opcodes.js';

/** Operators that cost nothing. */
const FREE: ReadonlySet<number> = new Set<number>([
  Op.Nop, Op.Drop, Op.Block, Op.Loop, Op.Unreachable, Op.Return, Op.Else, Op.End,
]);

export function fuelCost(op: number): number {
  return FREE.has(op) ? 0 : 1;
}
