/**
 * The `guest` profiler plugin: samples the wasm call stack every INTERVAL and writes a Firefox
 * Profiler profile (`.json`), collapsed stacks (`.folded`) or a flame graph (`.svg`). Config:
 * `{ "file": "profile.svg", "intervalMs": 1 }`; the CLI parses `--profile guest[=FILE][,INTERVAL]`
 * with `parseGuestProfileFlag`.
 */
import { ContainerModule } from 'inversify';
import { EventSink } from '../../kernel/contracts/event-sink.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { GuestProfiler, type GuestProfilerOptions } from './guest-profiler.js';
import { DEFAULT_PROFILE_FILE } from './profile-flag.js';

export { GuestProfiler, HOOKED_BACKENDS, renderProfile, type GuestProfilerOptions } from './guest-profiler.js';
export { V8WasmSampler, addWasmSamples } from './v8-wasm-sampler.js';
export { GuestSampler, MAX_SAMPLE_DEPTH, type SampledFunction } from './guest-sampler.js';
export { SampleClock } from './sample-clock.js';
export { StackProfile, displayName, type ProfileSample } from './stack-profile.js';
export { firefoxProfile, FIREFOX_PROCESSED_VERSION } from './firefox-profile-writer.js';
export { writeFolded } from './folded-writer.js';
export { flameGraphSvg } from './flamegraph-svg.js';
export { parseGuestProfileFlag, formatOf, DEFAULT_INTERVAL_MS, DEFAULT_PROFILE_FILE, type GuestProfileOptions, type ProfileFormat } from './profile-flag.js';

export const guestProfilerPlugin: WeftPlugin<GuestProfilerOptions> = {
  id: 'guest',
  version: '0.1.0',
  provides: ['event-sink'],
  description: 'Sampling profiler of the wasm call stack (Firefox Profiler JSON, collapsed stacks, flame-graph SVG)',
  configSchema: {
    type: 'object', additionalProperties: false,
    properties: {
      file: { type: 'string', minLength: 1, default: DEFAULT_PROFILE_FILE },
      intervalMs: { type: 'number', minimum: 0.05, default: 1 },
    },
  },
  module: (config: GuestProfilerOptions) => new ContainerModule(({ bind }) => {
    bind<EventSink>(EventSink).toConstantValue(new GuestProfiler(config ?? {}));
  }),
};

export default guestProfilerPlugin;
