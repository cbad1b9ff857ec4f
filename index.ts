/**
 * weft: the package root. Registers the built-in plugins with the kernel and re-exports the
 * embedding API. Adding a built-in plugin is one line in `BUILTIN_PLUGINS`.
 */
import 'reflect-metadata';
import { ContainerModule } from 'inversify';
import { guardPagePlugin } from './allocators/guard-page/index.js';
import { poolingPlugin } from './allocators/pooling/index.js';
import { nativePlugin } from './backends/native/index.js';
import { guestProfilerPlugin } from './profiler/guest/index.js';
import { otelPlugin } from './profiler/otel/index.js';
import { perfMapPlugin } from './profiler/perfmap/index.js';
import { tracePlugin } from './profiler/trace/index.js';
import { InterpreterBackend } from './backends/interpreter/index.js';
import { invokeRaw } from './backends/interpreter/invoke.js';
import { interpreterPlugin } from './backends/interpreter/plugin.js';
import { Backend } from './kernel/contracts/backend.js';
import type { WeftPlugin } from './kernel/contracts/plugin.js';
import { registerBuiltinPlugins } from './kernel/plugins/builtin-registry.js';
import type { FuncInstance } from './kernel/runtime/func-instance.js';
import type { WasmValueBits } from './kernel/runtime/value-bits.js';
import { parserPlugin } from './plugins/parser/index.js';
import { trapHandlerPlugin } from './plugins/trap-handler/index.js';
import { wasiPreview1Plugin } from './wasi/preview1/plugin.js';

/**
 * The interpreter with the kernel's raw entry (`Backend.invokeBits`, behind `Func.callBits`),
 * over its exported `invokeRaw`. A bridge: it belongs in `backends/interpreter` (an
 * `invokeBits` method on `InterpreterBackend`), and goes once it is there.
 */
class InterpreterWithBits extends InterpreterBackend {
  invokeBits(func: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[] {
    const { params, results } = func.type;
    return invokeRaw(func, (I, R, base) => {
      let s = base;
      for (let i = 0; i < params.length; i++) {
        const t = params[i];
        const v = args[i];
        if (t === 'i32' || t === 'f32') I[s << 1] = v as number;
        else if (t === 'i64' || t === 'f64') {
          I[s << 1] = Number(BigInt.asIntN(32, v as bigint));
          I[(s << 1) + 1] = Number(BigInt.asIntN(32, (v as bigint) >> 32n));
        } else if (t === 'v128') {
          new Uint8Array(I.buffer, I.byteOffset + s * 8, 16).set(v as Uint8Array);
          s++;
        } else R[s] = v;
        s++;
      }
    }, (I, R, base) => {
      const out = new Array<WasmValueBits>(results.length);
      let s = base;
      for (let i = 0; i < results.length; i++) {
        const t = results[i];
        if (t === 'i32') out[i] = I[s << 1];
        else if (t === 'f32') out[i] = I[s << 1] >>> 0;
        else if (t === 'i64' || t === 'f64') {
          const b = (BigInt(I[(s << 1) + 1]) << 32n) | BigInt(I[s << 1] >>> 0);
          out[i] = t === 'i64' ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b);
        } else if (t === 'v128') {
          out[i] = new Uint8Array(I.buffer.slice(I.byteOffset + s * 8, I.byteOffset + s * 8 + 16));
          s++;
        } else out[i] = R[s] as WasmValueBits;
        s++;
      }
      return out;
    });
  }
}

const interpreterWithBitsPlugin: WeftPlugin = {
  ...interpreterPlugin,
  module: () => new ContainerModule(({ bind }) => {
    bind<Backend>(Backend).toConstantValue(new InterpreterWithBits());
  }),
};

/** Built-ins, selectable by id from the engine config and the manifest. */
export const BUILTIN_PLUGINS: readonly WeftPlugin[] = [
  parserPlugin,
  trapHandlerPlugin,
  guardPagePlugin,
  poolingPlugin,
  interpreterWithBitsPlugin,
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
