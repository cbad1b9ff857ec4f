/**
 * Exception unwinding over the interpreter's own frames, and trap backtraces.
 *
 * A thrown `WasmException` (from `throw`, `throw_ref`, `rethrow`, or a host function that
 * threw one) is matched against the handler regions of the current function (innermost first,
 * following `delegate` redirections), then of each caller down to the entry frame of this run
 * loop. If nobody catches it, it leaves as a JS throw (crossing host frames as `WasmException`).
 */
import type { BacktraceFrame } from '../../kernel/errors/trap.js';
import type { ValType } from '../../kernel/ir/types.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import type { InterpFunc } from './instance.js';
import type { Machine } from './machine.js';
import { writeSlot } from './values.js';
import type { FuncCode } from './func-code.js';

/**
 * Looks for a handler of `exn`. On success sets `m.fn`, `m.pc`, `m.fp`, `m.depth` to the
 * handler's frame and target and writes the payload; returns false when the exception leaves
 * this run loop (frames above `baseDepth` are discarded either way).
 */
export function unwindTo(m: Machine, exn: WasmException, fn: InterpFunc, pc: number, fp: number, depth: number, baseDepth: number): boolean {
  for (;;) {
    const fc = fn.fc;
    let h = innermost(fc, pc);
    while (h >= 0) {
      const hd = fc.handlers[h];
      if (hd.kind === 2) {
        h = hd.delegateTo;
        continue;
      }
      const cl = hd.clauses;
      for (let i = 0; i < cl.length; i += 4) {
        const kind = cl[i];
        if (kind < 2 && fn.inst.tags[cl[i + 1]] !== exn.tag) continue;
        let s = fp + cl[i + 3];
        if (kind < 2) {
          const params = exn.tag.type.params;
          for (let j = 0; j < params.length; j++) {
            writeSlot(m, s, params[j] as ValType, exn.payload[j]);
            s += params[j] === 'v128' ? 2 : 1;
          }
        }
        if (kind === 1 || kind === 3) m.R[s] = exn;
        if (hd.kind === 1) m.R[fp + hd.exnSlot] = exn;
        m.fn = fn;
        m.fp = fp;
        m.depth = depth;
        m.pc = cl[i + 2];
        return true;
      }
      h = hd.parent;
    }
    if (depth === baseDepth) return false;
    depth--;
    pc = m.frames[depth * 2] - 1;
    fp = m.frames[depth * 2 + 1];
    fn = m.frameFns[depth]!;
  }
}

function innermost(fc: FuncCode, pc: number): number {
  const hs = fc.handlers;
  for (let i = hs.length - 1; i >= 0; i--) {
    const h = hs[i];
    if (pc >= h.start && pc < h.end) return i;
  }
  return -1;
}

/** The wasm frames of this run loop, innermost first. */
export function backtrace(m: Machine, fn: InterpFunc, pc: number, depth: number, baseDepth: number): BacktraceFrame[] {
  const out: BacktraceFrame[] = [];
  for (;;) {
    const fc = fn.fc;
    out.push({
      module: fn.inst.module.options.moduleName ?? fn.inst.ir.names.module,
      funcIndex: fc.funcIndex,
      funcName: fc.name,
      offset: fc.offsetAt(pc),
    });
    if (depth <= baseDepth) return out;
    depth--;
    pc = m.frames[depth * 2] - 1;
    fn = m.frameFns[depth]!;
  }
}

export { WasmException };
