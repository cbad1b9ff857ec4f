import { ContainerModule } from 'inversify';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { TrapHandler } from '../../kernel/contracts/trap-handler.js';
import { TrapTranslator } from './trap-translator.js';

export { TrapTranslator } from './trap-translator.js';
export { V8_TRAP_MESSAGES, trapCodeForHostMessage } from './host-fault-table.js';

/** The built-in `trap-handler` plugin: any fault from any backend → `Trap` with code and backtrace. */
export const trapHandlerPlugin: WeftPlugin = {
  id: 'trap-handler',
  version: '0.1.0',
  provides: ['trap-handler'],
  description: 'Turns backend traps, host engine RuntimeErrors, stack exhaustion and host errors into Traps',
  module: () => new ContainerModule(({ bind }) => {
    bind<TrapHandler>(TrapHandler).toConstantValue(new TrapTranslator());
  }),
};

export default trapHandlerPlugin;
