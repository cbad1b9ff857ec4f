/**
 * A real OTLP/HTTP receiver on 127.0.0.1 for tests: accepts `POST /v1/traces` and
 * `POST /v1/metrics` with the JSON encoding (`http/json`, what the `-otlp-http` exporters send),
 * gunzips when asked, and keeps the decoded payloads.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpAnyValue {
  stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean;
}
export interface OtlpKeyValue { key: string; value: OtlpAnyValue }
export interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string; attributes: OtlpKeyValue[];
  status?: { code?: number; message?: string }; events?: { name: string; attributes: OtlpKeyValue[] }[];
}
export interface OtlpDataPoint { attributes: OtlpKeyValue[]; asInt?: string | number; asDouble?: number; count?: string | number; sum?: number }
export interface OtlpMetric {
  name: string; unit?: string;
  sum?: { dataPoints: OtlpDataPoint[] }; gauge?: { dataPoints: OtlpDataPoint[] }; histogram?: { dataPoints: OtlpDataPoint[] };
}

export class OtlpReceiver {
  readonly traces: { resourceSpans: { resource: { attributes: OtlpKeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] }[] = [];
  readonly metrics: { resourceMetrics: { resource: { attributes: OtlpKeyValue[] }; scopeMetrics: { metrics: OtlpMetric[] }[] }[] }[] = [];
  readonly contentTypes: string[] = [];
  private server: http.Server | null = null;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        this.contentTypes.push(String(req.headers['content-type']));
        try {
          const json = JSON.parse(body.toString('utf8'));
          if (req.url === '/v1/traces') this.traces.push(json);
          else if (req.url === '/v1/metrics') this.metrics.push(json);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  spans(): OtlpSpan[] {
    return this.traces.flatMap((t) => t.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
  }

  /** The last reported value of each metric (cumulative temporality). */
  metricList(): OtlpMetric[] {
    const all = this.metrics.flatMap((m) => m.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)));
    const last = new Map<string, OtlpMetric>();
    for (const m of all) last.set(m.name, m);
    return [...last.values()];
  }

  resourceAttributes(): OtlpKeyValue[] {
    return this.traces[0]?.resourceSpans[0]?.resource.attributes ?? [];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** An attribute's value as a JS value. */
export function attr(list: readonly OtlpKeyValue[] | undefined, key: string): string | number | boolean | undefined {
  const kv = list?.find((a) => a.key === key);
  if (!kv) return undefined;
  const v = kv.value;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  return v.boolValue;
}
