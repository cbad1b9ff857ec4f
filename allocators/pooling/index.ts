import { ContainerModule } from 'inversify';
import { InstanceAllocator } from '../../kernel/contracts/instance-allocator.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { PoolingAllocator } from './pooling-allocator.js';
import { poolingConfigSchema, type PoolingConfig } from './pooling-config.js';

export { PoolingAllocator } from './pooling-allocator.js';
export { POOLING_DEFAULTS, poolingConfigSchema, resolvePoolingConfig, type PoolingConfig } from './pooling-config.js';
export {
  PoolExhaustedError, PoolLimitError, isPoolExhaustedError, isPoolLimitError, type PoolCapacity, type PoolModuleLimit,
} from './pool-errors.js';
export type { PoolMetrics } from './pool-metrics.js';
export { ModuleImage, constantOffset } from './module-image.js';

/**
 * The pooling allocator (`--allocator pooling`): slots reserved with the engine, reused across
 * instances, reset by zeroing only what the guest dirtied or by restoring the module's memory
 * image with one copy. One allocator (and pool) per engine.
 */
export const poolingPlugin: WeftPlugin<Partial<PoolingConfig>> = {
  id: 'pooling',
  version: '0.1.0',
  provides: ['allocator'],
  configSchema: poolingConfigSchema,
  description: 'Pooling allocator: memory slots reserved with the engine, recycled with image restore',
  module: (config) => new ContainerModule(({ bind }) => {
    bind<InstanceAllocator>(InstanceAllocator).toConstantValue(new PoolingAllocator(config));
  }),
};

export default poolingPlugin;
