/**
 * Store limits inside native code. V8's own `memory.grow` and `table.grow` never ask weft, so
 * `maxMemoryBytes`, `maxTableElements`, the grow callbacks and `trapOnGrowFailure` would bind
 * only at instantiation. Every grow of an i32-addressed memory and of a funcref/externref
 * table is therefore rewritten into a call to a `weft:rt` import that grows weft's
 * `MemoryInstance` / `TableInstance` (which asks the store's limiter), exactly as the
 * interpreter does (`grow-imports.ts` provides them per instance):
 *
 *   memory.grow m     →  i32.const m  call $memory_grow  <refusal check>
 *   table.grow t      →  i32.const t  call $table_grow_<funcref|externref>  <refusal check>
 *
 * The import returns the grow's result, or `GROW_TRAP` when the store wants a trap. The trap is
 * a bare `unreachable` at a recorded site (as for fuel and stack, `inserted-code.ts`): a JS
 * exception thrown from the import would be caught by a guest's `catch_all`, a trap is not.
 *
 * weft must own what it grows from the start (the start function may grow), so a module that
 * grows a memory or table it defines gets its defined memories (`weft:memory`) and tables
 * (`weft:table`) as imports from the store's InstanceAllocator, index order preserved. Tables
 * move only when every defined table can be created from JS (nullable func/extern elements,
 * no initialiser expression, i32 addresses); otherwise grows of defined tables stay V8's.
 * A module without grow instructions is not touched by this pass.
 */
import { CodeReader, Instr } from '../../../kernel/ir/code-reader.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import { Op } from '../../../kernel/ir/opcodes.js';
import type { SubType, TableType, ValType } from '../../../kernel/ir/types.js';
import { funcref, externref } from '../../../kernel/ir/types.js';
import type { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { GROWS } from './body-scan.js';
import { RuntimeTrap, type HintSink, type TrapSiteSink } from './inserted-code.js';

export const MEMORY_GROW = 'memory_grow';
export const TABLE_GROW_FUNCREF = 'table_grow_funcref';
export const TABLE_GROW_EXTERNREF = 'table_grow_externref';
/** Import module of the defined tables weft provides (as `weft:memory` for memories). */
export const TABLE_MODULE = 'weft:table';

/** What the grow imports return to make the guest trap (never a grow result: those are >= -1). */
export const GROW_TRAP = -2;

/** The `weft:rt` imports of this pass: per instance, they need no store runtime state. */
export const GROW_IMPORTS: ReadonlySet<string> = new Set([MEMORY_GROW, TABLE_GROW_FUNCREF, TABLE_GROW_EXTERNREF]);

type TableKind = typeof TABLE_GROW_FUNCREF | typeof TABLE_GROW_EXTERNREF;

export interface GrowPlan {
  /** Per memory index: whether its `memory.grow`s are routed. */
  readonly memories: readonly boolean[];
  /** Per table index: the import its `table.grow`s call, or null (left to V8). */
  readonly tables: readonly (TableKind | null)[];
  /** Defined memories become `weft:memory` imports. */
  readonly importDefinedMemories: boolean;
  /** Defined tables become `weft:table` imports. */
  readonly importDefinedTables: boolean;
}

/** Function indices of the grow imports in the rewritten module (-1: not routed). */
export interface GrowFuncs {
  /** Per memory index. */
  readonly memory: Int32Array;
  /** Per table index. */
  readonly table: Int32Array;
}

function tableKind(type: TableType): TableKind | null {
  const e = type.element;
  if (type.address !== 'i32' || !e.nullable) return null;
  return e.heap === 'func' ? TABLE_GROW_FUNCREF : e.heap === 'extern' ? TABLE_GROW_EXTERNREF : null;
}

const scratch = new Instr();

/** Which grows to route, or null when the module has none this pass can route. */
export function planGrowRouting(ir: ModuleIR, bodies: Int32Array): GrowPlan | null {
  if (!bodies.some((b) => (b & GROWS) !== 0)) return null;
  const grownMemories = new Set<number>();
  const grownTables = new Set<number>();
  for (let f = 0; f < ir.funcs.length; f++) {
    if ((bodies[f] & GROWS) === 0) continue;
    const r = new CodeReader(ir.funcs[f].code);
    while (!r.atEnd()) {
      r.read(scratch);
      if (scratch.op === Op.MemoryGrow) grownMemories.add(scratch.a);
      else if (scratch.op === Op.TableGrow) grownTables.add(scratch.a);
    }
  }
  const memories = ir.memoryTypes.map((m, i) => grownMemories.has(i) && m.address === 'i32');
  // Defined tables can only move all together (indices must not change).
  const tablesMovable = ir.tables.every((t) => t.init === null && tableKind(t.type) !== null);
  const tables = ir.tableTypes.map((t, i) =>
    grownTables.has(i) && (i < ir.numImportedTables || tablesMovable) ? tableKind(t) : null);
  if (!memories.some((m) => m) && !tables.some((t) => t !== null)) return null;
  return {
    memories, tables,
    importDefinedMemories: memories.some((m, i) => m && i >= ir.numImportedMemories),
    importDefinedTables: tables.some((t, i) => t !== null && i >= ir.numImportedTables),
  };
}

const I32: ValType = 'i32';

/**
 * Declares the imports `plan` needs through `addFunc` (which appends a `weft:rt` function
 * import of the given type and returns its function index).
 */
export function declareGrowImports(plan: GrowPlan, addFunc: (name: string, type: SubType) => number): GrowFuncs {
  const sig = (params: ValType[]): SubType => ({ final: true, supertypes: [], composite: { kind: 'func', params, results: [I32] } });
  const memory = new Int32Array(plan.memories.length).fill(-1);
  if (plan.memories.some((m) => m)) {
    const f = addFunc(MEMORY_GROW, sig([I32, I32]));
    plan.memories.forEach((m, i) => { if (m) memory[i] = f; });
  }
  const table = new Int32Array(plan.tables.length).fill(-1);
  for (const kind of [TABLE_GROW_FUNCREF, TABLE_GROW_EXTERNREF] as const) {
    if (!plan.tables.includes(kind)) continue;
    const f = addFunc(kind, sig([kind === TABLE_GROW_FUNCREF ? funcref : externref, I32, I32]));
    plan.tables.forEach((t, i) => { if (t === kind) table[i] = f; });
  }
  return { memory, table };
}


/**
 * The routed grow of memory or table `index` through import `func`; `local` is an i32 scratch
 * local. Stack effect as the original instruction's.
 */
export function routedGrow(out: ByteSink, func: number, index: number, local: number, trap: RuntimeTrap, hint: HintSink, site: TrapSiteSink): void {
  out.u8(Op.I32Const).s32(index);
  out.u8(Op.Call).u32(func);
  out.u8(Op.LocalTee).u32(local);
  out.u8(Op.I32Const).s32(GROW_TRAP);
  out.u8(Op.I32Eq);
  hint(out.length);
  out.u8(Op.If).u8(0x40);
  site(out.length, trap);
  out.u8(Op.Unreachable);
  out.u8(Op.End);
  out.u8(Op.LocalGet).u32(local);
}
