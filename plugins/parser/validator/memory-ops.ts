/**
 * Memory instructions other than loads and stores (those are table-driven, see
 * `op-signatures.ts`): memory.size and memory.grow, and the bulk memory ops memory.init,
 * data.drop, memory.copy and memory.fill. Addresses are i32 or i64 per memory (memory64).
 */
import { V } from './val-types.js';
import type { ValidatorState } from './validator-state.js';

/** memory.size (0x3f) and memory.grow (0x40). */
export function memoryOp(v: ValidatorState, op: number): void {
  const at = v.memory(v.ins.a);
  if (op === 0x40) v.popT(at);
  v.push(at);
}

/** `0xfc` 8-11: memory.init, data.drop, memory.copy, memory.fill. */
export function bulkMemoryOp(v: ValidatorState, sub: number): void {
  const ins = v.ins;
  switch (sub) {
    case 8: { // memory.init data mem
      const at = v.memory(ins.b);
      v.data(ins.a);
      v.popT(V.I32);
      v.popT(V.I32);
      v.popT(at);
      return;
    }
    case 9: v.data(ins.a); return;
    case 10: { // memory.copy dst src
      const d = v.memory(ins.a);
      const s = v.memory(ins.b);
      v.popT(d === V.I64 && s === V.I64 ? V.I64 : V.I32);
      v.popT(s);
      v.popT(d);
      return;
    }
    case 11: { // memory.fill
      const at = v.memory(ins.a);
      v.popT(at);
      v.popT(V.I32);
      v.popT(at);
      return;
    }
  }
}
