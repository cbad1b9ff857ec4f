/**
 * Trace and replay (`--trace FILE`, `weft replay FILE app.wasm`): an NDJSON log of lifecycle
 * events and of every host result that crossed the sandbox, and a replayer that feeds them back.
 * As a plugin (`trace`, config `{ "file": "run.trace" }`) it logs lifecycle events from engine
 * creation; host calls are recorded once the embedder routes its imports through
 * `recorder.wrapImports(linker)` (find the recorder with `engine.eventSinks.find(isTraceRecorder)`).
 */
import { ContainerModule } from 'inversify';
import { EventSink } from '../../kernel/contracts/event-sink.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { TraceRecorder } from './trace-recorder.js';

export { TraceRecorder, isTraceRecorder, type TraceBegin } from './trace-recorder.js';
export { RecordingImportSink } from './recording-import-sink.js';
export { TraceReplayer, ReplayedHostError, type FuncImport } from './trace-replayer.js';
export { replayTrace, type ReplayOptions, type ReplayResult } from './replay.js';
export { recordWasiRun, type RecordRunOptions, type RecordRunResult } from './record-run.js';
export { parseTrace, readTrace, type ParsedTrace } from './trace-reader.js';
export { ReplayError, isReplayError } from './replay-error.js';
export * from './trace-format.js';
export { grantsOf, findGrants, GrantsCheck, GRANTS_EVENT, type TraceGrants } from './trace-grants.js';

export interface TracePluginConfig {
  /** Trace file to write (NDJSON). */
  readonly file: string;
}

export const tracePlugin: WeftPlugin<TracePluginConfig> = {
  id: 'trace',
  version: '0.1.0',
  provides: ['event-sink'],
  description: 'Records lifecycle events and every host/WASI result into an NDJSON trace for `weft replay`',
  configSchema: {
    type: 'object', additionalProperties: false, required: ['file'],
    properties: { file: { type: 'string', minLength: 1 } },
  },
  module: (config: TracePluginConfig) => new ContainerModule(({ bind }) => {
    bind<EventSink>(EventSink).toConstantValue(new TraceRecorder(config.file));
  }),
};

export default tracePlugin;
