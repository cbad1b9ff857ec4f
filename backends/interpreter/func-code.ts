/**
 * One function's translated code, shared by every instance of the compiled module. Built
 * lazily (on the first call) by the translator; until then `code` is empty and `ready` false.
 *
 * Frame accounting (what `StoreContext.maxWasmStack` bounds): a frame occupies
 * `frameSlots * 8` bytes of the interpreter's value stack plus `FRAME_OVERHEAD` bytes of call
 * bookkeeping. The stack in use is `(fp + frameSlots) * 8 + depth * FRAME_OVERHEAD` for the
 * innermost frame (frames overlap: a callee's parameters are the caller's argument slots).
 */
import type { FuncType } from '../../kernel/ir/types.js';
import { VK } from './internal-ops.js';

/** Bytes of bookkeeping charged per frame (return pc, frame pointer, function). */
export const FRAME_OVERHEAD = 32;

/**
 * An exception handler region of a function: try_table, legacy try, or legacy delegate.
 * `clauses` holds quadruples `[kind, tagIndex, targetPc, targetHome]` where kind is
 * 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref; a targetPc of -1 means "return from
 * the function" (payload written to the result slots).
 */
export class Handler {
  start: number;
  end = -1;
  /** Innermost handler enclosing this one (-1: none in this function). */
  readonly parent: number;
  /** 0 try_table, 1 legacy try, 2 delegate */
  kind: number;
  clauses: number[] = [];
  /** Legacy try: slot that keeps the caught exception for `rethrow`. */
  exnSlot = -1;
  /** Delegate: handler to continue the search with (-1: leave the function). */
  delegateTo = -1;

  constructor(start: number, parent: number, kind: number) {
    this.start = start;
    this.parent = parent;
    this.kind = kind;
  }
}

export class FuncCode {
  readonly funcIndex: number;
  readonly type: FuncType;
  readonly name: string | null;
  /** Slot layout of parameters/locals (index = local index). */
  readonly localSlot: Int32Array;
  readonly localKind: Uint8Array;
  /** Slots occupied by parameters (they arrive in the caller's argument slots). */
  readonly paramSlots: number;
  /** Slots occupied by parameters and declared locals. */
  readonly localSlots: number;
  readonly resultSlots: number;
  /** Slot offsets of each result (from 0), and kinds. */
  readonly resultOffsets: Int32Array;
  readonly resultKinds: Uint8Array;
  readonly paramOffsets: Int32Array;
  readonly paramKinds: Uint8Array;
  /** Non-parameter locals that are references (reset to null on entry). */
  refLocals: Int32Array;
  ready = false;
  code: Int32Array = EMPTY;
  /** Total slots a frame needs (locals, hidden slots, operand temporaries). */
  frameSlots = 0;
  /** Sorted pairs `[pc, wasmOffset]`. */
  offsets: Int32Array = EMPTY;
  handlers: Handler[] = [];

  constructor(funcIndex: number, type: FuncType, locals: readonly import('../../kernel/ir/types.js').ValType[], name: string | null) {
    this.funcIndex = funcIndex;
    this.type = type;
    this.name = name;
    const n = type.params.length + locals.length;
    this.localSlot = new Int32Array(n);
    this.localKind = new Uint8Array(n);
    let s = 0;
    let ps = 0;
    const refs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = i < type.params.length ? type.params[i] : locals[i - type.params.length];
      const k = kindOf(t);
      this.localSlot[i] = s;
      this.localKind[i] = k;
      if (k === VK.Ref && i >= type.params.length) refs.push(s);
      s += slotSize(k);
      if (i === type.params.length - 1) ps = s;
    }
    this.paramSlots = ps;
    this.localSlots = s;
    this.refLocals = Int32Array.from(refs);
    const layout = (ts: readonly import('../../kernel/ir/types.js').ValType[]): [Int32Array, Uint8Array, number] => {
      const off = new Int32Array(ts.length);
      const kinds = new Uint8Array(ts.length);
      let o = 0;
      for (let i = 0; i < ts.length; i++) {
        off[i] = o;
        kinds[i] = kindOf(ts[i]);
        o += slotSize(kinds[i]);
      }
      return [off, kinds, o];
    };
    [this.paramOffsets, this.paramKinds] = layout(type.params);
    const [ro, rk, rs] = layout(type.results);
    this.resultOffsets = ro;
    this.resultKinds = rk;
    this.resultSlots = rs;
  }

  /** Wasm byte offset of the instruction containing `pc` (-1 when unknown). */
  offsetAt(pc: number): number {
    const t = this.offsets;
    let lo = 0;
    let hi = (t.length >> 1) - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid * 2] <= pc) {
        best = t[mid * 2 + 1];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }
}

const EMPTY = new Int32Array(0);

export function kindOf(t: import('../../kernel/ir/types.js').StorageType): VK {
  if (typeof t === 'object') return VK.Ref;
  return t === 'v128' ? VK.V128 : VK.Num;
}

export function slotSize(k: VK): number {
  return k === VK.V128 ? 2 : 1;
}
