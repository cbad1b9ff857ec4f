/**
 * The `native` backend plugin: the host engine's WebAssembly (V8) with weft's limits, traps
 * and allocators, by rewriting modules before V8 compiles them.
 */
import { ContainerModule } from 'inversify';
import { Backend } from '../../kernel/contracts/backend.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { NativeBackend, type NativeBackendConfig } from './native-backend.js';

export { NativeBackend, type NativeBackendConfig, type NativeCompileOptions } from './native-backend.js';
export { NativeCompiledModule } from './native-module.js';
export { hostFeatures } from './host-features.js';
export { instrument, frameBytesOf, type InstrumentOptions, type InstrumentedModule, type InstrumentLayout } from './instrument/instrument.js';
export { fuelCost } from './instrument/fuel-costs.js';
export { mapHostError, parseEngineFrames } from './v8-traps.js';
export { EPOCH_POLL_INTERVAL, storeRuntime } from './store-runtime.js';
export { tableFromHost, tableToHost } from './host-tables.js';
export { funcFromHost, funcToHost } from './host-funcs.js';
export { exceptionFromHost, exceptionToHost, UNKNOWN_HOST_TAG } from './host-exceptions.js';

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stackLimit: { type: 'boolean', default: false, description: 'Count wasm stack use and trap StackOverflow at maxWasmStack (deterministic)' },
    allocatorControl: { type: 'boolean', default: false, description: "Provide defined memories from the store's InstanceAllocator" },
  },
};

export const nativePlugin: WeftPlugin<NativeBackendConfig> = {
  id: 'native',
  version: '0.1.0',
  provides: ['backend'],
  configSchema,
  description: "The host engine's WebAssembly (V8), instrumented for fuel, epochs and stack limits",
  module: (config) => new ContainerModule(({ bind }) => {
    bind<Backend>(Backend).toConstantValue(new NativeBackend(config));
  }),
};

export default nativePlugin;
