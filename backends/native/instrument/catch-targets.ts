/**
 * Which labels of a function body are landing points of `try_table` catch clauses. A handler
 * lands there from a throw deeper down (in this frame or a callee), so the passes must put
 * their per-frame state back at that point (the stack pass its frame charge, the fuel pass its
 * local from the store); the normal paths into such a label make the store's copy current
 * first. Found in a pre-pass because a branch to a label can come before the `try_table`
 * that makes it a catch target.
 */
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import { Op } from '../../../kernel/ir/opcodes.js';

export interface CatchTargets {
  /** Per control opener (`block`, `loop`, `if`, `try`, `try_table`, in code order): 1 when a catch lands there. */
  readonly openers: Uint8Array;
  /** A catch lands at the function's own label. */
  readonly functionLabel: boolean;
  /** Whether any label is a catch target (when not, the rewriter skips the bookkeeping). */
  readonly any: boolean;
}

const NONE: CatchTargets = { openers: new Uint8Array(0), functionLabel: false, any: false };
const scratch = new Instr();

export function isOpener(op: number): boolean {
  return op === Op.Block || op === Op.Loop || op === Op.If || op === Op.Try || op === Op.TryTable;
}

export function findCatchTargets(code: Uint8Array): CatchTargets {
  const r = new CodeReader(code);
  let hasTryTable = false;
  let openerCount = 0;
  while (!r.atEnd()) {
    r.read(scratch);
    if (isOpener(scratch.op)) openerCount++;
    if (scratch.op === Op.TryTable) hasTryTable = true;
  }
  if (!hasTryTable) return NONE;
  const openers = new Uint8Array(openerCount);
  let functionLabel = false;
  const stack: number[] = [];
  let next = 0;
  r.pos = 0;
  while (!r.atEnd()) {
    r.read(scratch);
    const op = scratch.op;
    if (op === Op.TryTable) {
      // Catch labels are relative to the try_table's enclosing blocks.
      for (const c of scratch.catches) {
        const target = stack.length - 1 - c.label;
        if (target >= 0) openers[stack[target]] = 1;
        else functionLabel = true;
      }
    }
    if (isOpener(op)) stack.push(next++);
    else if (op === Op.End || op === Op.Delegate) stack.pop();
  }
  return { openers, functionLabel, any: true };
}
