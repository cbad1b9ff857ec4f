/**
 * Builds the OpenTelemetry SDK objects the sink reports through: a tracer provider with a batch
 * span processor and a meter provider with a periodic reader, over the console or OTLP/HTTP
 * exporters. The providers are private to the sink (never registered globally): an embedder's
 * own OpenTelemetry set-up is left untouched. Embedders and tests may pass their own exporters.
 */
import type { Resource } from '@opentelemetry/resources';
import type { MeterProvider, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { BasicTracerProvider, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ResolvedOtelConfig } from './otel-config.js';
import { otelSdk, otlpMetricExporters, otlpTraceExporters, type OtelSdk } from './otel-sdk.js';

/** Exporters supplied by code instead of by kind (tests, embedders with their own pipeline). */
export interface OtelExporterOverrides {
  readonly spanExporter?: SpanExporter;
  readonly metricExporter?: PushMetricExporter;
}

export interface OtelProviders {
  readonly tracerProvider: BasicTracerProvider | null;
  readonly meterProvider: MeterProvider | null;
  /** Exports everything pending, then stops the exporters. Never throws. */
  shutdown(): Promise<void>;
}

const WEFT_VERSION = '0.1.0';

function signalUrl(endpoint: string | null, signal: 'traces' | 'metrics'): string | undefined {
  if (endpoint === null) return undefined; // the exporter reads OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT
  return `${endpoint.replace(/\/+$/, '')}/v1/${signal}`;
}

function makeResource(sdk: OtelSdk, config: ResolvedOtelConfig): Resource {
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = sdk.resources;
  const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = sdk.semconv;
  // Later merges win: SDK defaults < OTEL_RESOURCE_ATTRIBUTES < weft's resolved service name.
  return defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, [ATTR_SERVICE_VERSION]: WEFT_VERSION }));
}

function spanExporter(sdk: OtelSdk, config: ResolvedOtelConfig, o: OtelExporterOverrides): SpanExporter | null {
  if (o.spanExporter) return o.spanExporter;
  switch (config.traces) {
    case 'none': return null;
    case 'console': return new sdk.trace.ConsoleSpanExporter();
    case 'otlp': return new (otlpTraceExporters().OTLPTraceExporter)({ url: signalUrl(config.endpoint, 'traces') });
  }
}

function metricExporter(sdk: OtelSdk, config: ResolvedOtelConfig, o: OtelExporterOverrides): PushMetricExporter | null {
  if (o.metricExporter) return o.metricExporter;
  switch (config.metrics) {
    case 'none': return null;
    case 'console': return new sdk.metrics.ConsoleMetricExporter();
    case 'otlp': return new (otlpMetricExporters().OTLPMetricExporter)({ url: signalUrl(config.endpoint, 'metrics') });
  }
}

/** Creates the providers for `config`; a signal whose exporter is `none` gets no provider at all. */
export function createOtelProviders(config: ResolvedOtelConfig, overrides: OtelExporterOverrides = {}): OtelProviders {
  const sdk = otelSdk();
  const resource = makeResource(sdk, config);
  const se = spanExporter(sdk, config, overrides);
  const me = metricExporter(sdk, config, overrides);
  const processors: SpanProcessor[] = se === null ? [] : [new sdk.trace.BatchSpanProcessor(se)];
  const tracerProvider = se === null ? null : new sdk.trace.BasicTracerProvider({ resource, spanProcessors: processors });
  const meterProvider = me === null ? null : new sdk.metrics.MeterProvider({
    resource,
    readers: [new sdk.metrics.PeriodicExportingMetricReader({
      exporter: me,
      exportIntervalMillis: config.metricIntervalMs,
      exportTimeoutMillis: Math.min(30000, config.metricIntervalMs),
    })],
  });
  return {
    tracerProvider,
    meterProvider,
    async shutdown(): Promise<void> {
      const report = (what: string) => (err: unknown): void => {
        // Observability never throws into the host: report and carry on.
        process.emitWarning(`otel ${what} shutdown failed: ${err instanceof Error ? err.message : String(err)}`, { code: 'WEFT_OTEL_EXPORT' });
      };
      await Promise.all([
        tracerProvider?.forceFlush().then(() => tracerProvider.shutdown()).catch(report('tracer')),
        meterProvider?.forceFlush().then(() => meterProvider.shutdown()).catch(report('meter')),
      ]);
    },
  };
}
