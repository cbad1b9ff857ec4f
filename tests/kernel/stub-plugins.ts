/** Minimal plugins for kernel tests that must not depend on a real backend. */
import { ContainerModule } from 'inversify';
import { Backend, type CompiledModule, type CompileOptions } from '../../kernel/contracts/backend.js';
import type { ExtensionPoint, WeftPlugin } from '../../kernel/contracts/plugin.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';

export const stubBackend: Backend = {
  id: 'stub',
  features: new Set(),
  canSuspend: false,
  unsupported: () => null,
  compile(ir: ModuleIR, _options: CompileOptions): CompiledModule {
    return { backend: 'stub', ir, instantiate: () => { throw new Error('stub backend cannot run code'); } };
  },
};

export const stubBackendPlugin: WeftPlugin = {
  id: 'stub', version: '1.0.0', provides: ['backend'],
  module: () => new ContainerModule(({ bind }) => { bind(Backend).toConstantValue(stubBackend); }),
};

/** A plugin that binds nothing, for graph and slot tests. */
export function emptyPlugin(id: string, provides: ExtensionPoint[] = [], requires?: string[]): WeftPlugin {
  return { id, version: '0.0.1', provides, requires, module: () => new ContainerModule(() => {}) };
}
