/**
 * Finds the extent of an `expr` (instruction sequence up to its matching `end`) without
 * validating it: constant expressions stay byte ranges in the IR and are checked by the
 * validator once every index space is known.
 */
import type { CodeReader } from '../../../kernel/ir/code-reader.js';
import { Instr } from '../../../kernel/ir/code-reader.js';
import type { ConstExpr } from '../../../kernel/ir/module-ir.js';

const scratch = new Instr();

export function scanExpr(r: CodeReader): ConstExpr {
  const start = r.pos;
  let depth = 0;
  for (;;) {
    r.read(scratch);
    const op = scratch.op;
    // block, loop, if, try, try_table open a nested sequence; end closes one.
    if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) depth++;
    else if (op === 0x0b) {
      if (depth === 0) break;
      depth--;
    } else if (op === 0x18 && depth > 0) depth--; // delegate closes a try
  }
  return Object.freeze({ code: r.bytes.subarray(start, r.pos), offset: r.base + start });
}

/** A synthesised `ref.func idx; end` (element segments in the function-index form). */
export function refFuncExpr(idx: number): ConstExpr {
  const code: number[] = [0xd2];
  let v = idx >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    code.push(b);
  } while (v !== 0);
  code.push(0x0b);
  return Object.freeze({ code: Uint8Array.from(code), offset: -1 });
}
