/**
 * Fuel accounting, identical to the interpreter's (`backends/interpreter/fuel-costs.ts` and
 * its translator; `tests/backends/native/fuel-table.test.ts` checks the two tables agree):
 * every operator costs 1 except `nop`, `drop`, `block`, `loop`, `unreachable`, `return`,
 * `else` and `end` (Wasmtime's `default_operator_cost`). Costs are summed per straight-line
 * run and charged at the run's start; when the remaining fuel cannot pay for the run the
 * guest traps `OutOfFuel` before any of it executes, leaving the unspent fuel in the store.
 * Backends may not import each other, so the table is repeated here.
 */
import { Imm, Op } from '../../../kernel/ir/opcodes.js';

export function fuelCost(op: number): number {
  switch (op) {
    case Op.Nop: case Op.Drop: case Op.Block: case Op.Loop:
    case Op.Unreachable: case Op.Return: case Op.Else: case Op.End:
      return 0;
    default:
      return 1;
  }
}

/**
 * Whether the instruction after `op` starts a new run, as in the interpreter: after every
 * label a branch can reach (`loop`, the then-branch of `if`, `else`, `end`, handlers), after
 * conditional branches and calls (their continuation), and after unconditional transfers
 * (what follows is dead code, charged separately and never executed). `block`, `try` and
 * `try_table` do not end a run: nothing branches to their start.
 */
export function endsRun(op: number): boolean {
  switch (op) {
    case Op.Loop: case Op.If: case Op.Else: case Op.End:
    case Op.Catch: case Op.CatchAll: case Op.Delegate:
    case Op.BrIf: case Op.BrOnNull: case Op.BrOnNonNull: case Op.BrOnCast: case Op.BrOnCastFail:
    case Op.Call: case Op.CallIndirect: case Op.CallRef:
    case Op.Br: case Op.BrTable: case Op.Return: case Op.Unreachable:
    case Op.ReturnCall: case Op.ReturnCallIndirect: case Op.ReturnCallRef:
    case Op.Throw: case Op.Rethrow: case Op.ThrowRef:
      return true;
    default:
      return false;
  }
}

/**
 * Whether `op` may trap (calls and throws aside, which the rewriter handles on their own):
 * a run holding one writes the function's fuel local back to the store after charging, so
 * the fuel left after a trap is the interpreter's.
 */
export function mayTrap(op: number, imm: Imm): boolean {
  switch (imm) {
    case Imm.Memarg: case Imm.Memlane: case Imm.Meminit: case Imm.Memcopy:
    case Imm.Tableinit: case Imm.Tablecopy:
      return true;
    default:
      break;
  }
  if (op >= 0xfb0000 && op < 0xfc0000) return true; // GC: null, cast and bounds checks
  switch (op) {
    case Op.Unreachable:
    case Op.I32DivS: case Op.I32DivU: case Op.I32RemS: case Op.I32RemU:
    case Op.I64DivS: case Op.I64DivU: case Op.I64RemS: case Op.I64RemU:
    case Op.I32TruncF32S: case Op.I32TruncF32U: case Op.I32TruncF64S: case Op.I32TruncF64U:
    case Op.I64TruncF32S: case Op.I64TruncF32U: case Op.I64TruncF64S: case Op.I64TruncF64U:
    case Op.TableGet: case Op.TableSet: case Op.TableFill: case Op.MemoryFill:
    case Op.RefAsNonNull:
    case Op.MemoryGrow: case Op.TableGrow: // trapOnGrowFailure (grow-routing.ts)
      return true;
    default:
      return false;
  }
}
