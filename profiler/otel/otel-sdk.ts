/**
 * The OpenTelemetry packages, loaded on first use. Importing the SDK and the OTLP exporters costs
 * hundreds of milliseconds of module loading, which every `weft` start-up would pay although the
 * `otel` plugin is attached only on request. Engines attach sinks synchronously, so the packages'
 * CommonJS builds are `require`d (a dynamic `import()` would make attach asynchronous). The API
 * is loaded the same way so weft's spans and the SDK share one copy of it.
 */
import { createRequire } from 'node:module';

type Api = typeof import('@opentelemetry/api');
type SdkMetrics = typeof import('@opentelemetry/sdk-metrics');
type SdkTrace = typeof import('@opentelemetry/sdk-trace-base');
type Resources = typeof import('@opentelemetry/resources');
type SemConv = typeof import('@opentelemetry/semantic-conventions');
type OtlpTrace = typeof import('@opentelemetry/exporter-trace-otlp-http');
type OtlpMetrics = typeof import('@opentelemetry/exporter-metrics-otlp-http');

const require = createRequire(import.meta.url);

let api: Api | undefined;

/** `@opentelemetry/api` (small; needed as soon as a sink records anything). */
export function otelApi(): Api {
  return api ??= require('@opentelemetry/api') as Api;
}

/** The SDK pieces the providers are built from. */
export interface OtelSdk {
  readonly metrics: SdkMetrics;
  readonly trace: SdkTrace;
  readonly resources: Resources;
  readonly semconv: SemConv;
}

let sdk: OtelSdk | undefined;

export function otelSdk(): OtelSdk {
  return sdk ??= {
    metrics: require('@opentelemetry/sdk-metrics') as SdkMetrics,
    trace: require('@opentelemetry/sdk-trace-base') as SdkTrace,
    resources: require('@opentelemetry/resources') as Resources,
    semconv: require('@opentelemetry/semantic-conventions') as SemConv,
  };
}

/** The OTLP/HTTP exporters, loaded only when a signal is exported over OTLP. */
export function otlpTraceExporters(): OtlpTrace {
  return require('@opentelemetry/exporter-trace-otlp-http') as OtlpTrace;
}

export function otlpMetricExporters(): OtlpMetrics {
  return require('@opentelemetry/exporter-metrics-otlp-http') as OtlpMetrics;
}
