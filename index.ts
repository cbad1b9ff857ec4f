/**
 * weft: the package root. Registers the built-in plugins with the kernel and re-exports the
 * embedding API. Adding a built-in plugin is one line in `BUILTIN_PLUGINS`.
 */
import 'reflect-metadata';
import { guardPagePlugin } from './allocators/guard-page/index.js';
import { poolingPlugin } from './allocators/pooling/index.js';
import { interpreterPlugin } from './backends/interpreter/plugin.js';
import { nativePlugin } from './backends/native/index.js';
import type { WeftPlugin } from './kernel/contracts/plugin.js';
import { registerBuiltinPlugins } from './kernel/plugins/builtin-registry.js';
import { parserPlugin } from './plugins/parser/index.js';
import { trapHandlerPlugin } from './plugins/trap-handler/index.js';
import { guestProfilerPlugin } from './profiler/guest/index.js';
import { otelPlugin } from './profiler/otel/index.js';
import { perfMapPlugin } from './profiler/perfmap/index.js';
import { tracePlugin } from './profiler/trace/index.js';
import { wasiPreview1Plugin } from './wasi/preview1/plugin.js';


/** Built-ins, selectable by id from the engine config and the manifest. */
export const BUILTIN_PLUGINS: readonly WeftPlugin[] = [
  parserPlugin,
  trapHandlerPlugin,
  guardPagePlugin,
  poolingPlugin,
  interpreterPlugin,
  nativePlugin,
  wasiPreview1Plugin,
  otelPlugin,
  guestProfilerPlugin,
  perfMapPlugin,
  tracePlugin,
];
registerBuiltinPlugins(...BUILTIN_PLUGINS);

export * from './kernel/api/index.js';
export {
  WeftError, isWeftError, CompileError, LinkError, Trap, isTrap, TrapCode, TRAP_MESSAGES,
  ExitSignal, isExitSignal, type BacktraceFrame,
} from './kernel/errors/index.js';
export { PluginError, isPluginError, type PluginErrorCode, registerBuiltinPlugins, builtinPluginIds } from './kernel/plugins/index.js';
export { ManifestError, isManifestError, loadManifest, parseDuration, type ManifestIssue, type WeftManifest, type LoadedManifest } from './kernel/manifest/index.js';
export { EventBus, type RuntimeEvent, type RuntimeEventType } from './kernel/events/index.js';
export type { WeftPlugin, ExtensionPoint } from './kernel/contracts/plugin.js';
// Contract tokens (Symbols) and interfaces, for plugin authors; plus the DI module class to return.
export { ContainerModule } from 'inversify';
export { HostCapability, type HostFunctionDef, type ImportSink } from './kernel/contracts/host-capability.js';
export { WasiProvider, type WasiConfig } from './kernel/contracts/wasi-provider.js';
export { EventSink } from './kernel/contracts/event-sink.js';
export { Backend, type CompileOptions, type CompiledModule } from './kernel/contracts/backend.js';
export { InstanceAllocator } from './kernel/contracts/instance-allocator.js';
export { TrapHandler, type FaultContext } from './kernel/contracts/trap-handler.js';
export { Parser } from './kernel/contracts/parser.js';
export type { Caller, HostFunction } from './kernel/runtime/func-instance.js';
export type { WasmValueBits } from './kernel/runtime/value-bits.js';
export type { FuncType, ValType, MemoryType, TableType, GlobalType } from './kernel/ir/types.js';
