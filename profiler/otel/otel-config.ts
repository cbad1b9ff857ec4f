/**
 * Configuration of the `otel` profiler: the plugin config (manifest `profilers[].config`) merged
 * with the standard `OTEL_*` environment variables. Explicit config wins over the environment,
 * the environment over the defaults, as the OpenTelemetry SDK specification asks.
 */

/** Where spans or metrics go: `otlp` (OTLP over HTTP, JSON encoding), `console`, or `none`. */
export type OtelExporterKind = 'otlp' | 'console' | 'none';

export interface OtelConfig {
  /** Span exporter; default `OTEL_TRACES_EXPORTER`, else `otlp`. */
  readonly traces?: OtelExporterKind;
  /** Metric exporter; default `OTEL_METRICS_EXPORTER`, else `otlp`. */
  readonly metrics?: OtelExporterKind;
  /**
   * Base OTLP/HTTP URL (`/v1/traces` and `/v1/metrics` are appended); default
   * `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporters read it, and the per-signal variables, themselves).
   */
  readonly endpoint?: string;
  /** `service.name`; default `OTEL_SERVICE_NAME`, else `weft`. */
  readonly serviceName?: string;
  /** Child spans for host-function calls (needs per-call events compiled in: costly). */
  readonly hostCalls?: boolean;
  /** Child spans for WASI calls (from `wasi.call` events; cheap). Default true. */
  readonly wasiCalls?: boolean;
  /** Metric export interval in ms; default `OTEL_METRIC_EXPORT_INTERVAL`, else 60000. */
  readonly metricIntervalMs?: number;
}

/** Config after merging with the environment. */
export interface ResolvedOtelConfig {
  readonly traces: OtelExporterKind;
  readonly metrics: OtelExporterKind;
  readonly endpoint: string | null;
  readonly serviceName: string;
  readonly hostCalls: boolean;
  readonly wasiCalls: boolean;
  readonly metricIntervalMs: number;
}

/** JSON Schema of the plugin config (checked by the kernel before `module` is called). */
export const OTEL_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    traces: { enum: ['otlp', 'console', 'none'] },
    metrics: { enum: ['otlp', 'console', 'none'] },
    endpoint: { type: 'string', minLength: 1 },
    serviceName: { type: 'string', minLength: 1 },
    hostCalls: { type: 'boolean' },
    wasiCalls: { type: 'boolean' },
    metricIntervalMs: { type: 'integer', minimum: 1 },
  },
} as const;

const KINDS: readonly OtelExporterKind[] = ['otlp', 'console', 'none'];

/**
 * `OTEL_TRACES_EXPORTER` may list several exporters (`otlp,console`); weft uses the first it
 * knows. Unknown values are reported and treated as the default, as the SDK does.
 */
function exporterFromEnv(value: string | undefined, variable: string): OtelExporterKind | null {
  if (value === undefined || value.trim() === '') return null;
  for (const part of value.split(',')) {
    const k = part.trim().toLowerCase() as OtelExporterKind;
    if (KINDS.includes(k)) return k;
  }
  process.emitWarning(`${variable}=${value}: unsupported exporter, using otlp`, { code: 'WEFT_OTEL_CONFIG' });
  return null;
}

function positiveInt(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Merges `config` with the `OTEL_*` variables of `env`. */
export function resolveOtelConfig(config: OtelConfig = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOtelConfig {
  return {
    traces: config.traces ?? exporterFromEnv(env.OTEL_TRACES_EXPORTER, 'OTEL_TRACES_EXPORTER') ?? 'otlp',
    metrics: config.metrics ?? exporterFromEnv(env.OTEL_METRICS_EXPORTER, 'OTEL_METRICS_EXPORTER') ?? 'otlp',
    endpoint: config.endpoint ?? null,
    serviceName: config.serviceName ?? (env.OTEL_SERVICE_NAME?.trim() || 'weft'),
    hostCalls: config.hostCalls ?? false,
    wasiCalls: config.wasiCalls ?? true,
    metricIntervalMs: config.metricIntervalMs ?? positiveInt(env.OTEL_METRIC_EXPORT_INTERVAL) ?? 60000,
  };
}
