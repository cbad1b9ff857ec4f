/**
 * The interpreter backend: translates each function once (lazily, on its first call) into a
 * register-style internal code in an Int32Array and runs it on its own stack. Works anywhere
 * JavaScript runs, can suspend at async host functions, counts fuel and checks epochs
 * exactly when compiled with those options.
 *
 * Construct with `new InterpreterBackend()`; it is stateless (everything lives in the
 * compiled modules and instances).
 */
import type { Backend, CompileOptions, CompiledModule } from '../../kernel/contracts/backend.js';
import type { Feature, ModuleIR } from '../../kernel/ir/module-ir.js';
import type { FuncInstance } from '../../kernel/runtime/func-instance.js';
import type { WasmValueBits } from '../../kernel/runtime/value-bits.js';
import { InterpModule } from './compiled-module.js';
import { invokeBits } from './invoke-bits.js';

const FEATURES: ReadonlySet<Feature> = new Set<Feature>([
  'mutable-globals', 'sign-extension', 'saturating-float-to-int', 'multi-value', 'bulk-memory',
  'reference-types', 'simd', 'relaxed-simd', 'tail-call', 'exceptions', 'legacy-exceptions',
  'memory64', 'multi-memory', 'extended-const', 'function-references', 'gc',
]);

export class InterpreterBackend implements Backend {
  readonly id = 'interpreter';
  readonly features: ReadonlySet<Feature> = FEATURES;
  readonly canSuspend = true;

  unsupported(ir: ModuleIR, _options: CompileOptions): string | null {
    for (const f of ir.features) if (!FEATURES.has(f)) return `the interpreter does not support ${f}`;
    return null;
  }

  compile(ir: ModuleIR, options: CompileOptions): CompiledModule {
    return new InterpModule(ir, options);
  }

  /** `Backend.invokeBits`: exact bit patterns in and out (see invoke-bits.ts). */
  invokeBits(func: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
    return invokeBits(func, args);
  }
}

export { InterpModule } from './compiled-module.js';
export { interpFuncInstance, invokeSync, invokeAsync } from './invoke.js';
export { FRAME_OVERHEAD } from './func-code.js';
export { fuelCost } from './fuel-costs.js';
