/**
 * Fuel cost of each operator. The interpreter's cost table does not exist yet; until it
 * lands this follows Wasmtime's default (`default_operator_cost`): structural operators and
 * those that do no work cost 0, everything else 1. When `backends/interpreter` publishes its
 * table, this file must return the same numbers so both backends consume the same fuel.
 */
import { Op } from '../../../kernel/ir/opcodes.js';

export function fuelCost(op: number): number {
  switch (op) {
    case Op.Nop: case Op.Drop:
    case Op.Block: case Op.Loop: case Op.Else: case Op.End:
    case Op.Unreachable: case Op.Return:
    case Op.Try: case Op.Catch: case Op.CatchAll: case Op.Delegate: case Op.TryTable:
      return 0;
    default:
      return 1;
  }
}

/**
 * Whether `op` ends a basic block for fuel accounting: any operator that transfers control
 * or calls. The instruction after one starts a new block, charged on entry.
 */
export function endsBlock(op: number): boolean {
  switch (op) {
    case Op.Unreachable: case Op.Block: case Op.Loop: case Op.If: case Op.Else: case Op.End:
    case Op.Br: case Op.BrIf: case Op.BrTable: case Op.Return:
    case Op.Call: case Op.CallIndirect: case Op.CallRef:
    case Op.ReturnCall: case Op.ReturnCallIndirect: case Op.ReturnCallRef:
    case Op.Throw: case Op.Rethrow: case Op.ThrowRef:
    case Op.Try: case Op.Catch: case Op.CatchAll: case Op.Delegate: case Op.TryTable:
    case Op.BrOnNull: case Op.BrOnNonNull:
    case Op.BrOnCast: case Op.BrOnCastFail:
      return true;
    default:
      return false;
  }
}
