/**
 * The `perfmap` profiler plugin (`--profile perfmap`): `perf record` + `perf report` name wasm
 * functions on the native backend. Config: `{ "backend": "native" }` (the CLI passes the engine's
 * backend); on any other backend attaching fails with a message pointing at `--profile guest`.
 */
import { ContainerModule } from 'inversify';
import { EventSink } from '../../kernel/contracts/event-sink.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { PerfMapSink } from './perfmap-sink.js';

export { PerfMapSink, PerfMapUnsupported } from './perfmap-sink.js';
export { perfMapSupport, PERFMAP_BACKENDS, type PerfMapSupport } from './perfmap-support.js';
export { formatPerfMapLine, parsePerfMap, perfMapPath, cleanName, type PerfMapEntry } from './perf-map-format.js';
export { V8_PERF_FLAGS, wasmEntries, v8PerfFlagsActive, type WasmCodeEntry } from './v8-wasm-symbols.js';

export const perfMapPlugin: WeftPlugin<{ backend: string }> = {
  id: 'perfmap',
  version: '0.1.0',
  provides: ['event-sink'],
  description: 'perf JIT map (/tmp/perf-<pid>.map) naming wasm functions, on the native backend',
  configSchema: { type: 'object', additionalProperties: false, properties: { backend: { type: 'string', default: 'native' } } },
  module: (config: { backend: string }) => new ContainerModule(({ bind }) => {
    bind<EventSink>(EventSink).toConstantValue(new PerfMapSink(config?.backend ?? 'native'));
  }),
};

export default perfMapPlugin;
