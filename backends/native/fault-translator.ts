/**
 * Turns what escapes the host engine into weft's view: V8 `RuntimeError`s and stack-overflow
 * `RangeError`s become `Trap`s with the spec's message; traps thrown by the runtime imports
 * (fuel, stack, epoch) get their backtrace; everything then goes through the store's
 * `TrapHandler`. Backtraces come from V8's stack trace, with indices and offsets mapped back
 * to the original module and names from its name section.
 */
import type { TrapHandler, FaultContext } from '../../kernel/contracts/trap-handler.js';
import { Trap, type BacktraceFrame } from '../../kernel/errors/trap.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { OffsetMap } from './instrument/offset-map.js';
import { captureEngineFrames, mapHostError, type EngineFrame } from './v8-traps.js';

/**
 * Whose code a V8 frame is: by its `WebAssembly.Instance` (exact, see `captureEngineFrames`),
 * else by the V8 script name a translator learnt from an earlier fault. A fault inside another
 * native module (called directly by V8) is attributed to that module's code.
 */
const byInstance = new WeakMap<object, FaultTranslator>();
const byScript = new Map<string, WeakRef<FaultTranslator>>();

/** Records that frames of host instance `host` run the module `translator` translates for. */
export function noteHostInstance(host: WebAssembly.Instance, translator: FaultTranslator): void {
  byInstance.set(host, translator);
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
    const mapped = mapHostError(error, opcode);
    if (mapped === null) return handler.translate(error, context);
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

  private frame(f: EngineFrame): BacktraceFrame {
    const index = this.offsets ? this.offsets.funcIndex(f.funcIndex) : f.funcIndex;
    const offset = this.offsets ? this.offsets.offset(f.funcIndex, f.offset) : f.offset;
    return { module: this.moduleName, funcIndex: index, funcName: this.ir.names.funcs.get(index) ?? null, offset };
  }
}

function foreignFrame(f: EngineFrame): BacktraceFrame {
  return { module: null, funcIndex: f.funcIndex, funcName: null, offset: f.offset };
}
