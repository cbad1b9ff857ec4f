import { ContainerModule } from 'inversify';
import { Backend } from '../../kernel/contracts/backend.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { InterpreterBackend } from './index.js';

/** The built-in `interpreter` backend plugin (the default backend). */
export const interpreterPlugin: WeftPlugin = {
  id: 'interpreter',
  version: '0.1.0',
  provides: ['backend'],
  description: 'Portable interpreter: fuel, epochs, async host functions (callAsync), every 3.0 feature',
  module: () => new ContainerModule(({ bind }) => {
    bind<Backend>(Backend).toConstantValue(new InterpreterBackend());
  }),
};

export default interpreterPlugin;
