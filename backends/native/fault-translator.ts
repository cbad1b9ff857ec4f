/**
 * Turns what escapes the host engine into weft's view: V8 `RuntimeError`s and stack-overflow
 * `RangeError`s become `Trap`s with the spec's message; traps thrown by the runtime imports
 * (fuel, stack) get their backtrace; everything then goes through the store's
 * `TrapHandler`. Backtraces come from V8's stack trace, with indices and offsets mapped back
 * to the original module and names from its name section.
 */
import type { TrapHandler, FaultContext } from '../../kernel/contracts/trap-handler.js';
import { Trap, type BacktraceFrame } from '../../kernel/errors/trap.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { OffsetMap } from './instrument/offset-map.js';
import { RuntimeTrap } from './instrument/inserted-code.js';
import { TRAP_MESSAGES, TrapCode } from '../../kernel/errors/trap-code.js';
import { knownHostFunc } from './host-funcs.js';
import { captureEngineFrames, mapHostError, type EngineFrame, type MappedTrap } from './v8-traps.js';

/**
 * Whose code a V8 frame is: by its `WebAssembly.Instance` (exact, see `captureEngineFrames`),
 * else by the V8 script name a translator learnt from an earlier fault. A fault inside another
 * native module (called directly by V8) is attributed to that module's code.
 */
const byInstance = new WeakMap<object, FaultTranslator>();
const byScript = new Map<string, WeakRef<FaultTranslator>>();
/** Each host instance's tables by index, where weft can read them (null where it cannot). */
const instanceTables = new WeakMap<object, readonly (WebAssembly.Table | null)[]>();

/**
 * Records that frames of host instance `host` run the module `translator` translates for, and
 * the tables they use (the array may be filled in later).
 */
export function noteHostInstance(host: WebAssembly.Instance, translator: FaultTranslator, tables: readonly (WebAssembly.Table | null)[]): void {
  byInstance.set(host, translator);
  instanceTables.set(host, tables);
}

/** Tables larger than this are not searched to disambiguate a `call_indirect` fault. */
const MAX_TABLE_SCAN = 1 << 16;

/**
 * Which `call_indirect` fault V8's one message ("null function or function signature
 * mismatch") was, from the table's contents: no null entry means a mismatch; only nulls and
 * entries of the expected signature means a null. Null when the contents cannot tell.
 */
function indirectFault(ir: ModuleIR, code: Uint8Array, at: number, table: WebAssembly.Table | null): MappedTrap | null {
  if (table === null || table.length > MAX_TABLE_SCAN) return null;
  let p = at + 1;
  const typeIndex = readU32(code, p);
  while (code[p] & 0x80) p++;
  const expected = ir.typeIds[typeIndex];
  let nulls = 0;
  let others = 0;
  for (let i = 0; i < table.length; i++) {
    const v = table.get(i) as unknown;
    if (v === null) nulls++;
    else if (typeof v !== 'function' || knownHostFunc(v as (...args: unknown[]) => unknown)?.typeId !== expected) others++;
  }
  if (nulls === 0) return { code: TrapCode.BadSignature, message: TRAP_MESSAGES.BadSignature };
  if (others === 0) return { code: TrapCode.IndirectCallToNull, message: TRAP_MESSAGES.IndirectCallToNull };
  return null;
}

/** The table immediate of the `call_indirect` at `at` (after its type index). */
function indirectTable(code: Uint8Array, at: number): number {
  let p = at + 1;
  while (code[p] & 0x80) p++;
  return readU32(code, p + 1);
}

function readU32(code: Uint8Array, p: number): number {
  let result = 0;
  let mul = 1;
  for (;;) {
    const b = code[p++];
    result += (b & 0x7f) * mul;
    if (!(b & 0x80)) return result;
    mul *= 128;
  }
}

export class FaultTranslator {
  private readonly ir: ModuleIR;
  private readonly moduleName: string | null;
  private readonly offsets: OffsetMap | null;
  /** V8's script name for this module (`wasm://wasm/<name->hash`), learnt from the first fault. */
  private script: string | null = null;

  constructor(ir: ModuleIR, moduleName: string | null, offsets: OffsetMap | null) {
    this.ir = ir;
    this.moduleName = moduleName;
    this.offsets = offsets;
  }

  /**
   * `error` escaped a call into export `exportFunc` (engine function index, or -1 when the
   * entry is not one of this module's own functions, e.g. the start function).
   */
  translate(error: unknown, handler: TrapHandler, exportFunc: number): unknown {
    const frames = captureEngineFrames(error);
    // The outermost wasm frame of a call into our own export is ours: learn our script name.
    if (this.script === null && exportFunc >= 0 && frames.length > 0) {
      const outer = frames[frames.length - 1];
      if (outer.funcIndex === exportFunc) {
        this.script = outer.script;
        byScript.set(outer.script, new WeakRef(this));
      }
    }
    const backtrace = frames.map((f) => this.owner(f)?.frame(f) ?? foreignFrame(f));
    const context: FaultContext = { module: this.ir, moduleName: this.moduleName, backtrace };
    if (error instanceof Trap) {
      if (error.backtrace.length === 0) error.backtrace = backtrace;
      return handler.translate(error, context);
    }
    const inner = backtrace[0];
    const innerOwner = frames.length > 0 ? this.owner(frames[0]) : null;
    const opcode = inner !== undefined && inner.offset >= 0 && innerOwner !== null ? innerOwner.ir.bytes[inner.offset] : -1;
    // An inserted `unreachable` standing for out of fuel or stack, an interrupt or a refused grow (instrument/inserted-code.ts).
    let mapped = innerOwner !== null && error instanceof WebAssembly.RuntimeError && error.message === 'unreachable'
      ? innerOwner.runtimeTrap(frames[0]) : null;
    mapped ??= mapHostError(error, opcode);
    if (mapped === null) return handler.translate(error, context);
    if (mapped.code === TrapCode.BadSignature && (opcode === Op.CallIndirect || opcode === Op.ReturnCallIndirect)
      && innerOwner !== null && frames[0].instance !== null) {
      const tables = instanceTables.get(frames[0].instance) ?? [];
      const code = innerOwner.ir.bytes;
      mapped = indirectFault(innerOwner.ir, code, inner.offset, tables[indirectTable(code, inner.offset)] ?? null) ?? mapped;
    }
    return handler.translate(new Trap(mapped.code, mapped.message, { cause: error, backtrace }), context);
  }

  /** The translator of the module frame `f` runs in, when known. */
  private owner(f: EngineFrame): FaultTranslator | null {
    if (f.instance !== null) {
      const known = byInstance.get(f.instance);
      if (known !== undefined) return known;
    }
    return f.script === this.script ? this : byScript.get(f.script)?.deref() ?? null;
  }

  /** The runtime trap an inserted `unreachable` at frame `f` (of this module's code) stands for. */
  private runtimeTrap(f: EngineFrame): MappedTrap | null {
    const code = this.offsets?.runtimeTrapAt(f.funcIndex, f.offset) ?? 0;
    if (code === RuntimeTrap.OutOfFuel) return { code: TrapCode.OutOfFuel, message: TRAP_MESSAGES.OutOfFuel };
    if (code === RuntimeTrap.StackOverflow) return { code: TrapCode.StackOverflow, message: TRAP_MESSAGES.StackOverflow };
    if (code === RuntimeTrap.Interrupt) return { code: TrapCode.Interrupt, message: TRAP_MESSAGES.Interrupt };
    // The interpreter's messages for a grow refused with trapOnGrowFailure (grow-routing.ts).
    if (code === RuntimeTrap.MemoryGrowRefused) return { code: TrapCode.AllocationTooLarge, message: 'memory.grow refused by store limits' };
    if (code === RuntimeTrap.TableGrowRefused) return { code: TrapCode.AllocationTooLarge, message: 'table.grow refused by store limits' };
    return null;
  }

  private frame(f: EngineFrame): BacktraceFrame {
    const index = this.offsets ? this.offsets.funcIndex(f.funcIndex) : f.funcIndex;
    const offset = this.offsets ? this.offsets.offset(f.funcIndex, f.offset) : f.offset;
    return { module: this.moduleName, funcIndex: index, funcName: this.ir.names.funcs.get(index) ?? null, offset };
  }
}

function foreignFrame(f: EngineFrame): BacktraceFrame {
  return { module: null, funcIndex: f.funcIndex, funcName: null, offset: f.offset };
}
