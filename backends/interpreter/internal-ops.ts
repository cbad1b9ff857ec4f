/**
 * The interpreter's internal instruction set. A translated function is an `Int32Array` of
 * `[op, operands...]`; slot operands are frame-relative (the value lives at `fp + operand`),
 * branch targets are absolute indices into the function's code.
 *
 * Numeric wasm opcodes 0x45..0xc4 (and memory 0x28..0x40, consts 0x41..0x44) keep their wasm
 * value as internal op: `[op, dst, a]` / `[op, dst, a, b]`; loads `[op, dst, addr, offset]`,
 * stores `[op, addr, value, offset]` (memory 0, 32-bit addresses; other memories use
 * `MemSlow`). Everything else is numbered below 0x28 or above 0xc4 so the dispatch switch stays
 * dense enough for a jump table.
 *
 * Slots: one slot is 8 bytes (i32 = low word, i64 = both words, f32 = raw bits in the low word,
 * f64 = a double), v128 takes two consecutive slots, references live in a parallel JS array at
 * the same slot index.
 */
export const enum IOp {
  Unreachable = 0,
  /** [Br, target] */
  Br = 1,
  /** [BrIf, cond, target]: branch when cond != 0 */
  BrIf = 2,
  /** [BrUnless, cond, target]: branch when cond == 0 */
  BrUnless = 3,
  /** [BrTable, idx, n, t0 .. t(n-1), default] */
  BrTable = 4,
  /** [Return]: results are already in slots 0.. */
  Return = 5,
  /** [Call, funcIndex, argBase] */
  Call = 6,
  /** [CallIndirect, typeIndex, table, idxSlot, argBase] */
  CallIndirect = 7,
  /** [CallRef, typeIndex, refSlot, argBase] */
  CallRef = 8,
  /** [ReturnCall, funcIndex, argBase] */
  ReturnCall = 9,
  ReturnCallIndirect = 10,
  ReturnCallRef = 11,
  /** [Mov, dst, src] 8 bytes */
  Mov = 12,
  /** [MovR, dst, src] reference */
  MovR = 13,
  /** [MovV, dst, src] 16 bytes */
  MovV = 14,
  /** [Select, dst, a, b, cond] */
  Select = 15,
  SelectR = 16,
  SelectV = 17,
  /** [GlobalGet, dst, global, kind] kind: ValKindCode */
  GlobalGet = 18,
  /** [GlobalSet, global, src, kind] */
  GlobalSet = 19,
  /** [Fuel, cost] */
  Fuel = 20,
  /** [Epoch] */
  Epoch = 21,
  /** [HookEnter] emits call.enter (only compiled with CompileOptions.callHooks) */
  HookEnter = 22,
  /** [RefNull, dst] */
  RefNull = 23,
  /** [RefFunc, dst, funcIndex] */
  RefFunc = 24,
  /** [RefIsNull, dst, src] */
  RefIsNull = 25,
  /** [RefAsNonNull, dst, src] */
  RefAsNonNull = 26,
  /** [BrOnNull, src, target] */
  BrOnNull = 27,
  /** [BrOnNonNull, src, target] */
  BrOnNonNull = 28,
  /** [RefEq, dst, a, b] */
  RefEq = 29,
  /** [Throw, tag, argBase] */
  Throw = 30,
  /** [ThrowRef, src] (also legacy rethrow, reading the try's hidden slot) */
  ThrowRef = 31,
  /** [TableGet, dst, table, idx] */
  TableGet = 32,
  /** [TableSet, table, idx, val] */
  TableSet = 33,
  /** [Ext, len, wasmOp, ...]: everything rare (tables, bulk memory, GC, SIMD) runs in helpers */
  Ext = 34,
  /** [MemSlow, wasmOp, a, b, offLo, offHi, mem]: loads/stores on memory64 or memory != 0 */
  MemSlow = 35,
  /** [AddI, dst, a, imm] and friends: i32 ops with a constant second operand */
  AddI = 36,
  AndI = 37,
  OrI = 38,
  XorI = 39,
  // 0x28..0xc4: wasm opcodes (see above)
  ShlI = 0xc5,
  ShrSI = 0xc6,
  ShrUI = 0xc7,
  MulI = 0xc8,
  /** sat truncations: [op, dst, a] (0xfc00..0xfc07 → 0xc9..0xd0) */
  TruncSatBase = 0xc9,
  /** [CmpI.., dst, a, imm]: i32 comparisons with a constant, same order as wasm 0x46..0x4f */
  EqI = 0xd1,
  NeI = 0xd2,
  LtSI = 0xd3,
  LtUI = 0xd4,
  GtSI = 0xd5,
  GtUI = 0xd6,
  LeSI = 0xd7,
  LeUI = 0xd8,
  GeSI = 0xd9,
  GeUI = 0xda,
  /** [BrEq, a, b, target]: fused compare + branch, same order as wasm 0x46..0x4f */
  BrEq = 0xdb,
  BrNe = 0xdc,
  BrLtS = 0xdd,
  BrLtU = 0xde,
  BrGtS = 0xdf,
  BrGtU = 0xe0,
  BrLeS = 0xe1,
  BrLeU = 0xe2,
  BrGeS = 0xe3,
  BrGeU = 0xe4,
  /** [BrEqI, a, imm, target] */
  BrEqI = 0xe5,
  BrNeI = 0xe6,
  BrLtSI = 0xe7,
  BrLtUI = 0xe8,
  BrGtSI = 0xe9,
  BrGtUI = 0xea,
  BrLeSI = 0xeb,
  BrLeUI = 0xec,
  BrGeSI = 0xed,
  BrGeUI = 0xee,
  /** [V128Const, dst, w0, w1, w2, w3] */
  V128Const = 0xef,
  /** [Simd, len, wasmOp, ...] SIMD through the lane library */
  Simd = 0xf0,
  /** [Unwind, exnSlot]: legacy try — end of a catch body (no-op marker kept for offsets) */
  Nop = 0xf1,
  /** [CopyArgs, n, from]: copy n generic slots from `from` to slot 0 (before return_call*) */
  CopyArgs = 0xf2,
  // ---- superinstructions (translator peepholes; see `translator.ts` fuse*) ----------------
  /** [RotlI, dst, a, n]: i32.rotl by a constant (rotr is rotl by 32 - n) */
  RotlI = 0xf3,
  /** [Mov2, d1, s1, d2, s2]: two 8-byte moves, in order */
  Mov2 = 0xf4,
  /** [AddI2, d1, a1, i1, d2, a2, i2]: two AddI, in order */
  AddI2 = 0xf5,
  /** [AddShl, dst, a, b, k]: dst = a + (b << k) (i32.shl by a constant feeding i32.add) */
  AddShl = 0xf6,
  /**
   * Loads whose address is `local/temp + constant` (an AddI feeding the load):
   * [op, dst, base, imm, offset], effective address `((base + imm) mod 2^32) + offset`.
   */
  I32LoadA = 0xf7,
  /** 8 bytes into both words (i64.load and f64.load) */
  I64LoadA = 0xf8,
  I32Load8UA = 0xf9,
  I32Load8SA = 0xfa,
  I32Load16UA = 0xfb,
  I32Load16SA = 0xfc,
  /** Stores with a `base + constant` address: [op, base, value, imm, offset] */
  I32StoreA = 0xfd,
  I64StoreA = 0xfe,
  I32Store8A = 0xff,
  I32Store16A = 0x100,
  /** [LoadStore32, dstAddr, srcAddr, srcOff, dstOff]: a 4-byte load feeding a 4-byte store */
  Copy32 = 0x101,
  /** [Copy64, dstAddr, srcAddr, srcOff, dstOff]: an 8-byte load feeding an 8-byte store */
  Copy64 = 0x102,
  /**
   * Loads whose address is `a + (b << k)` (an i32.add, or the AddShl superinstruction, feeding
   * the load): [op, dst, a, b, k, offset]
   */
  I32LoadX = 0x103,
  I64LoadX = 0x104,
  /** Stores with an `a + (b << k)` address and a local as value: [op, a, b, k, value, offset] */
  I32StoreX = 0x105,
  I64StoreX = 0x106,
  /**
   * Loop back-edges: an AddI (`i += imm`) fused with the conditional branch testing its result.
   * [AddBrIf, d, a, imm, target]: d = a + imm; branch if d != 0
   */
  AddBrIf = 0x107,
  /** [AddBrNeI, d, a, imm, limit, target]: d = a + imm; branch if d != limit (LtUI, LtSI alike) */
  AddBrNeI = 0x108,
  AddBrLtUI = 0x109,
  AddBrLtSI = 0x10a,
  /** [AddBrNe, d, a, imm, b, target]: d = a + imm; branch if d != b (read after d is written) */
  AddBrNe = 0x10b,
  AddBrLtU = 0x10c,
  AddBrLtS = 0x10d,
  /** A plain load feeding an add/mul: [op, dst, other, addr, offset], dst = other + mem[addr + offset] */
  I32AddLoad = 0x10e,
  F64AddLoad = 0x10f,
  F64MulLoad = 0x110,
  /**
   * Loads from a static array: the address is `(x << k) + constant` (i32.shl by a constant,
   * then an AddI, feeding the load): [op, dst, x, k, imm, offset]
   */
  I32LoadSA = 0x111,
  I64LoadSA = 0x112,
  /** A shift/rotation by a constant feeding i32.xor: [op, dst, other, x, n], dst = other ^ (x op n) */
  XorRotlI = 0x113,
  XorShrUI = 0x114,
  XorShlI = 0x115,
  /**
   * [Sample]: records the wasm call stack for the guest sampling profiler when its clock has
   * ticked (function entry and loop headers; only compiled with CompileOptions.sampling)
   */
  Sample = 0x116,
}

/** Kind of a value as the translator and the global/exception helpers see it. */
export const enum VK {
  /** i32/i64/f32/f64: one slot of numeric stack */
  Num = 0,
  /** reference: one slot, value in the refs array */
  Ref = 1,
  /** v128: two slots of numeric stack */
  V128 = 2,
}

/** Global kinds for GlobalGet/GlobalSet (how the shared `GlobalInstance.value` is represented). */
export const enum GK {
  I32 = 0,
  I64 = 1,
  F32 = 2,
  F64 = 3,
  V128 = 4,
  Ref = 5,
}
