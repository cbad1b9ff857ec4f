export { PluginError, isPluginError, type PluginErrorCode } from './plugin-error.js';
export { registerBuiltinPlugins, builtinPlugin, builtinPluginIds } from './builtin-registry.js';
export { loadExternalPlugin, pluginFromNamespace, type PluginSource } from './plugin-loader.js';
export { orderPlugins } from './plugin-graph.js';
export { buildKernelServices, type KernelServices, type PluginSelection, type PluginCatalog } from './plugin-host.js';
