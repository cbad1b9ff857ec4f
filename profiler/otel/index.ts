/**
 * The `otel` profiler plugin: OpenTelemetry spans and metrics for compile, instantiate, export
 * calls, host and WASI calls (see `otel-sink.ts`). Select it with `--profile otel` or the
 * manifest's `profilers: ["otel"]`; configure through its config or the standard `OTEL_*`
 * environment variables.
 */
import { ContainerModule } from 'inversify';
import { EventSink } from '../../kernel/contracts/event-sink.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { OTEL_CONFIG_SCHEMA, resolveOtelConfig, type OtelConfig } from './otel-config.js';
import type { OtelExporterOverrides } from './otel-providers.js';
import { OtelSink } from './otel-sink.js';

export { OTEL_CONFIG_SCHEMA, resolveOtelConfig, type OtelConfig, type OtelExporterKind, type ResolvedOtelConfig } from './otel-config.js';
export { OtelAttr, OtelSink } from './otel-sink.js';
export type { OtelExporterOverrides } from './otel-providers.js';

/** An `otel` plugin with exporters supplied by code (embedders that own their pipeline, tests). */
export function otelPluginWith(overrides: OtelExporterOverrides): WeftPlugin<OtelConfig> {
  return {
    id: 'otel',
    version: '0.1.0',
    provides: ['event-sink'],
    configSchema: OTEL_CONFIG_SCHEMA,
    description: 'OpenTelemetry spans (compile, instantiate, export/host/WASI calls) and metrics, exported to the console or OTLP/HTTP',
    module: (config: OtelConfig) => new ContainerModule(({ bind }) => {
      bind<EventSink>(EventSink).toConstantValue(new OtelSink(resolveOtelConfig(config ?? {}), overrides));
    }),
  };
}

/** The built-in `otel` plugin. */
export const otelPlugin: WeftPlugin<OtelConfig> = otelPluginWith({});

export default otelPlugin;
