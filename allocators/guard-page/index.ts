import { ContainerModule } from 'inversify';
import { InstanceAllocator } from '../../kernel/contracts/instance-allocator.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { DEFAULT_RESERVATION, GuardPageAllocator, type GuardPageConfig } from './guard-page-allocator.js';

export { GuardPageAllocator, DEFAULT_RESERVATION, type GuardPageConfig } from './guard-page-allocator.js';
export { FixedBacking } from './fixed-backing.js';
export { HostMemoryBacking } from './host-memory-backing.js';

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    memoryReservation: { type: 'integer', minimum: 65536, default: DEFAULT_RESERVATION, description: 'Bytes reserved up front per memory (beyond it, growth moves the memory into a buffer twice as large)' },
    maxMemoryBytes: { type: 'integer', minimum: 0, description: 'Cap on any memory, in bytes' },
    maxTableElements: { type: 'integer', minimum: 0, description: 'Cap on any table, in elements' },
  },
};

/** The default allocator: memories in fixed reservations that never move, tables on demand. */
export const guardPagePlugin: WeftPlugin<Partial<GuardPageConfig>> = {
  id: 'guard-page',
  version: '0.1.0',
  provides: ['allocator'],
  configSchema,
  description: 'On-demand allocator: each memory reserved up front (growth within the reservation never moves it)',
  module: (config) => new ContainerModule(({ bind }) => {
    bind<InstanceAllocator>(InstanceAllocator).toConstantValue(new GuardPageAllocator(config));
  }),
};

export default guardPagePlugin;
