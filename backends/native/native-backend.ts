/**
 * The native backend: runs modules on the host engine's own WebAssembly implementation (V8's
 * optimising compilers), rewriting the validated module first when weft must enforce limits
 * the host engine does not know about (fuel, epoch interruption, the wasm stack limit) or
 * provide its memories from weft's allocator. With every pass off, the host engine gets the
 * original bytes.
 */
import type { Backend, CompileOptions } from '../../kernel/contracts/backend.js';
import { CompileError } from '../../kernel/errors/compile-error.js';
import { CodeReader, Instr } from '../../kernel/ir/code-reader.js';
import type { Feature, ModuleIR } from '../../kernel/ir/module-ir.js';
import { Op } from '../../kernel/ir/opcodes.js';
import type { FuncInstance } from '../../kernel/runtime/func-instance.js';
import type { WasmValueBits } from '../../kernel/runtime/value-bits.js';
import { invokeNativeBits } from './boundary/boundary-funcs.js';
import { hostFeatures } from './host-features.js';
import { instrument, type InstrumentedModule } from './instrument/instrument.js';
import { NativeCompiledModule } from './native-module.js';

/** Options only this backend understands (the CLI maps `--max-wasm-stack` and `--allocator` here). */
export interface NativeCompileOptions extends CompileOptions {
  /** Count wasm stack use and trap `StackOverflow` at `StoreContext.maxWasmStack` (deterministic). */
  readonly stackLimit?: boolean;
  /** Import defined memories from the store's InstanceAllocator (limits, pooling). */
  readonly allocatorControl?: boolean;
}

export interface NativeBackendConfig {
  /** Defaults for the options above when a compile does not say. */
  readonly stackLimit?: boolean;
  readonly allocatorControl?: boolean;
}

/** What a coarse feature name means on the host engine, where it runs part of the feature. */
const FEATURE_DETAIL: Partial<Record<Feature, string>> = {
  exceptions: 'exceptions (try_table/throw_ref/exnref; the host engine runs only the legacy try/catch)',
};

const reader = new Instr();

/** Whether a constant expression of `ir` reads a global the module defines (allowed since the gc proposal). */
function readsDefinedGlobals(ir: ModuleIR): boolean {
  const exprs: Uint8Array[] = [];
  for (const g of ir.globals) exprs.push(g.init.code);
  for (const t of ir.tables) if (t.init !== null) exprs.push(t.init.code);
  for (const e of ir.elems) {
    if (e.offset !== null) exprs.push(e.offset.code);
    for (const x of e.init) exprs.push(x.code);
  }
  for (const d of ir.datas) if (d.offset !== null) exprs.push(d.offset.code);
  for (const code of exprs) {
    const r = new CodeReader(code);
    while (!r.atEnd()) {
      r.read(reader);
      if (reader.op === Op.GlobalGet && reader.a >= ir.numImportedGlobals) return true;
    }
  }
  return false;
}

export class NativeBackend implements Backend {
  readonly id = 'native';
  readonly features: ReadonlySet<Feature>;
  /** V8 cannot suspend a wasm frame at a JS promise in Node 20 (no JSPI). */
  readonly canSuspend = false;
  /** Imported memories must be `WebAssembly.Memory` objects (others move into one on import). */
  readonly hostMemories = true;
  private readonly config: NativeBackendConfig;

  constructor(config: NativeBackendConfig = {}) {
    this.features = hostFeatures();
    this.config = config;
  }

  unsupported(ir: ModuleIR, options: CompileOptions): string | null {
    const missing = [...ir.features].filter((f) => !this.features.has(f));
    // Feature names are coarse ('exceptions' covers tags and throw, which V8 runs, as well as
    // exnref, which it may not): when one looks missing, the host engine decides on the module.
    if (missing.length > 0 && !WebAssembly.validate(ir.bytes)) {
      const names = missing.map((f) => FEATURE_DETAIL[f] ?? f).join(', ');
      return `the module uses ${names}, which the host engine (V8 ${process.versions.v8}) does not support; use --backend interpreter`;
    }
    if (readsDefinedGlobals(ir)) {
      return `the module reads globals it defines in constant expressions (gc proposal), which the host engine (V8 ${process.versions.v8}) does not support; use --backend interpreter`;
    }
    return null;
  }

  /** The bytes the host engine would get for `ir` with `options` (for `weft compile` and tests). */
  rewrite(ir: ModuleIR, options: NativeCompileOptions): InstrumentedModule {
    return instrument(ir, {
      fuel: options.fuel,
      epoch: options.epoch,
      stack: options.stackLimit ?? this.config.stackLimit ?? false,
      callHooks: options.callHooks,
      allocatorMemories: options.allocatorControl ?? this.config.allocatorControl ?? false,
    });
  }

  /** Exact bits in and out: f32/f64/v128 cross JS as integers (boundary/boundary-funcs.ts). */
  invokeBits(func: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
    return invokeNativeBits(func, args);
  }

  compile(ir: ModuleIR, options: NativeCompileOptions): NativeCompiledModule {
    const why = this.unsupported(ir, options);
    if (why !== null) throw new CompileError(why, { kind: 'unsupported' });
    const out = this.rewrite(ir, options);
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(out.bytes);
    } catch (e) {
      // The module was validated, so this is a gap in feature probing or a bug in a pass.
      const reason = e instanceof Error ? e.message : String(e);
      throw new CompileError(`the host engine rejected the module: ${reason}`, { kind: 'unsupported' });
    }
    return new NativeCompiledModule(ir, module, out.bytes, out.layout, out.offsets, options.moduleName ?? ir.names.module);
  }
}
