/**
 * `backend: 'auto'`: per module, the native backend (the host engine's machine code) when it
 * can run the module with the engine's options, else the interpreter, which runs everything.
 * The native backend's own `unsupported` says why not (a feature the host engine lacks, an
 * option it cannot honour), so the choice and its reason come from one place.
 */
import type { Backend, CompileOptions } from '../contracts/backend.js';
import type { ModuleIR } from '../ir/module-ir.js';

export const AUTO_BACKEND = 'auto';
/** What `auto` prefers, and what it falls back to. */
export const AUTO_PREFERRED = 'native';
export const AUTO_FALLBACK = 'interpreter';

export interface BackendChoice {
  readonly backend: Backend;
  /** One line: why this backend (for `weft run --verbose`). */
  readonly reason: string;
}

/** The backend `auto` picks for `ir` compiled with `options`. */
export function chooseAuto(preferred: Backend | null, fallback: Backend, ir: ModuleIR, options: CompileOptions): BackendChoice {
  if (preferred === null) {
    return { backend: fallback, reason: `the ${AUTO_PREFERRED} backend is not available in this engine` };
  }
  const why = preferred.unsupported(ir, options);
  if (why === null) {
    const opts = [options.fuel && 'fuel', options.epoch && 'epoch interruption', options.callHooks && 'call events']
      .filter((s): s is string => typeof s === 'string');
    const features = ir.features.size > 0 ? [...ir.features].sort().join(', ') : 'core wasm only';
    return {
      backend: preferred,
      reason: `the host engine supports every feature the module uses (${features})${opts.length > 0 ? ` and ${opts.join(', ')}` : ''}`,
    };
  }
  return { backend: fallback, reason: why.replace(/; use --backend \w+$/, '') };
}
