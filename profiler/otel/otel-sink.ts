/**
 * The `otel` EventSink: turns the engine's RuntimeEvents into OpenTelemetry spans and metrics.
 *
 * Spans: `weft.compile` and `weft.instantiate` (reported after the fact by their events, so
 * their start time is back-dated by `durationMs`), one `weft.call` span per export call from
 * the host (nested when a host function re-enters the guest), and optional children for host
 * calls (`host.call` enter/exit, per-call events) and WASI calls (`wasi.call`, back-dated).
 * Spans are parented explicitly through contexts built here, so no global context manager is
 * needed and the embedder's OpenTelemetry set-up is never touched.
 */
import type { Attributes, Span, SpanKind, Tracer } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import type { EventSink } from '../../kernel/contracts/event-sink.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { RuntimeEvent } from '../../kernel/events/runtime-event.js';
import type { ResolvedOtelConfig } from './otel-config.js';
import { OtelMetrics } from './otel-metrics.js';
import { createOtelProviders, type OtelExporterOverrides, type OtelProviders } from './otel-providers.js';
import { otelApi } from './otel-sdk.js';

const TRACER_NAME = 'weft';
const PAGE = 65536;

/** Attribute keys, in one place so tests and dashboards agree. */
export const OtelAttr = {
  moduleName: 'weft.module.name',
  moduleHash: 'weft.module.hash',
  backend: 'weft.backend',
  instanceId: 'weft.instance.id',
  storeId: 'weft.store.id',
  exportName: 'weft.export.name',
  fuelConsumed: 'weft.fuel.consumed',
  trapCode: 'weft.trap.code',
  hostModule: 'weft.host.module',
  hostName: 'weft.host.name',
  wasiFunction: 'weft.wasi.function',
  wasiErrno: 'weft.wasi.errno',
  moduleBytes: 'weft.module.bytes',
} as const;

/** What the sink remembers about an instance (from `instance.created`). */
interface InstanceInfo {
  readonly attrs: Attributes;
  /** Per export name: span/metric attributes, built once. */
  readonly exportAttrs: Map<string, Attributes>;
}

/** One open export-call span and when it started (for the duration histogram). */
interface OpenCall {
  readonly span: Span;
  readonly start: number;
  readonly attrs: Attributes;
  trapCode: string | null;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

export class OtelSink implements EventSink {
  readonly id = 'otel';
  readonly needsCallEvents: boolean;
  private readonly config: ResolvedOtelConfig;
  private readonly overrides: OtelExporterOverrides;

  constructor(config: ResolvedOtelConfig, overrides: OtelExporterOverrides = {}) {
    this.config = config;
    this.overrides = overrides;
    this.needsCallEvents = config.hostCalls;
  }

  /** Builds the providers (nothing exists before an engine attaches) and subscribes. */
  attach(events: EventBus): { detach(): Promise<void> } {
    const providers = createOtelProviders(this.config, this.overrides);
    const session = new OtelSession(this.config, providers);
    const sub: Subscription = events.events$.subscribe((e) => session.onEvent(e));
    return {
      async detach(): Promise<void> {
        sub.unsubscribe();
        session.endOpenSpans();
        await providers.shutdown();
      },
    };
  }
}

/** The state of one attachment: open spans per store, instance attributes. */
class OtelSession {
  private readonly tracer: Tracer | null;
  private readonly metrics: OtelMetrics | null;
  private readonly wasiSpans: boolean;
  private readonly hostSpans: boolean;
  private readonly instances = new Map<number, InstanceInfo>();
  /** storeId -> open export-call spans, innermost last. */
  private readonly calls = new Map<number, OpenCall[]>();
  /** storeId -> open host-call spans, innermost last. */
  private readonly hostCalls = new Map<number, Span[]>();
  private readonly wasiAttrs = new Map<string, Attributes>();
  private readonly trapAttrs = new Map<string, Attributes>();

  constructor(config: ResolvedOtelConfig, providers: OtelProviders) {
    this.tracer = providers.tracerProvider?.getTracer(TRACER_NAME) ?? null;
    this.metrics = providers.meterProvider ? new OtelMetrics(providers.meterProvider.getMeter(TRACER_NAME)) : null;
    this.wasiSpans = config.wasiCalls && this.tracer !== null;
    this.hostSpans = config.hostCalls && this.tracer !== null;
  }

  onEvent(e: RuntimeEvent): void {
    switch (e.type) {
      case 'module.compiled': {
        const attrs: Attributes = {
          [OtelAttr.moduleName]: e.moduleName ?? '', [OtelAttr.moduleHash]: e.hash,
          [OtelAttr.backend]: e.backend, [OtelAttr.moduleBytes]: e.bytes,
        };
        this.metrics?.compileDuration.record(e.durationMs, { [OtelAttr.backend]: e.backend });
        this.pastSpan(`weft.compile ${e.moduleName ?? '<anonymous>'}`, e.durationMs, attrs, null);
        break;
      }
      case 'instance.created': {
        const hash = e.hash;
        const attrs: Attributes = {
          [OtelAttr.moduleName]: e.moduleName ?? '', [OtelAttr.moduleHash]: hash, [OtelAttr.backend]: e.backend,
        };
        this.instances.set(e.instanceId, { attrs, exportAttrs: new Map() });
        this.metrics?.instantiations.add(1, attrs);
        this.metrics?.liveInstances.add(1, attrs);
        if (e.memoryBytes > 0) this.metrics?.memoryBytes.add(e.memoryBytes, attrs);
        this.pastSpan(`weft.instantiate ${e.moduleName ?? '<anonymous>'}`, e.durationMs,
          { ...attrs, [OtelAttr.instanceId]: e.instanceId, [OtelAttr.storeId]: e.storeId }, this.top(e.storeId));
        break;
      }
      case 'instance.dropped': {
        const info = this.instances.get(e.instanceId);
        if (info) {
          this.instances.delete(e.instanceId);
          this.metrics?.liveInstances.add(-1, info.attrs);
        }
        break;
      }
      case 'memory.grown':
        this.metrics?.memoryBytes.add((e.newPages - e.oldPages) * PAGE, { [OtelAttr.storeId]: e.storeId });
        break;
      case 'trap': {
        let a = this.trapAttrs.get(e.trapCode);
        if (!a) this.trapAttrs.set(e.trapCode, a = { [OtelAttr.trapCode]: e.trapCode });
        this.metrics?.traps.add(1, a);
        const open = this.calls.get(e.storeId);
        const call = open && open.length > 0 ? open[open.length - 1] : null;
        if (call) {
          call.trapCode = e.trapCode;
          call.span.addEvent('trap', { [OtelAttr.trapCode]: e.trapCode, 'exception.message': e.message });
        }
        break;
      }
      case 'export.call':
        if (e.phase === 'enter') this.enterCall(e.storeId, e.instanceId, e.name);
        else this.exitCall(e.storeId, e.fuelConsumed, e.trapCode);
        break;
      case 'host.call':
        if (this.hostSpans) this.hostCall(e.storeId, e.module, e.name, e.phase);
        break;
      case 'wasi.call': {
        let a = this.wasiAttrs.get(e.name);
        if (!a) this.wasiAttrs.set(e.name, a = { [OtelAttr.wasiFunction]: e.name });
        this.metrics?.wasiCalls.add(1, e.errno === 0 ? a : { ...a, [OtelAttr.wasiErrno]: e.errno });
        if (this.wasiSpans) {
          const parent = this.top(e.storeId);
          if (parent !== null) this.pastSpan(`wasi ${e.name}`, e.durationMs, { ...a, [OtelAttr.wasiErrno]: e.errno }, parent, otelApi().SpanKind.CLIENT);
        }
        break;
      }
      default:
        break;
    }
  }

  /** Ends spans left open (a detach in the middle of a call); they are marked unfinished. */
  endOpenSpans(): void {
    for (const stack of this.hostCalls.values()) for (const s of stack.splice(0)) s.end();
    for (const stack of this.calls.values()) {
      for (const c of stack.splice(0).reverse()) {
        c.span.setStatus({ code: otelApi().SpanStatusCode.ERROR, message: 'engine disposed during the call' });
        c.span.end();
      }
    }
  }

  private enterCall(storeId: number, instanceId: number, name: string): void {
    let stack = this.calls.get(storeId);
    if (!stack) this.calls.set(storeId, stack = []);
    const attrs = this.exportAttrs(instanceId, name);
    const start = now();
    const parent = stack.length > 0 ? stack[stack.length - 1].span : null;
    const span = this.tracer === null ? noopSpan() : this.startSpan(`weft.call ${name}`, start, attrs, parent, otelApi().SpanKind.INTERNAL);
    stack.push({ span, start, attrs, trapCode: null });
  }

  private exitCall(storeId: number, fuelConsumed: number, trapCode: string | null): void {
    const call = this.calls.get(storeId)?.pop();
    if (!call) return; // entered before this sink attached
    const end = now();
    const code = trapCode ?? call.trapCode;
    if (this.tracer !== null) {
      const s = call.span;
      s.setAttribute(OtelAttr.fuelConsumed, fuelConsumed);
      if (code !== null) {
        s.setAttribute(OtelAttr.trapCode, code);
        s.setStatus({ code: otelApi().SpanStatusCode.ERROR, message: `trap: ${code}` });
      }
      s.end(end);
    }
    const m = this.metrics;
    if (m !== null) {
      m.callDuration.record(end - call.start, code === null ? call.attrs : { ...call.attrs, [OtelAttr.trapCode]: code });
      if (fuelConsumed > 0) m.fuelConsumed.add(fuelConsumed, call.attrs);
    }
  }

  private hostCall(storeId: number, module: string, name: string, phase: 'enter' | 'exit'): void {
    let stack = this.hostCalls.get(storeId);
    if (!stack) this.hostCalls.set(storeId, stack = []);
    if (phase === 'exit') {
      stack.pop()?.end();
      return;
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : this.top(storeId);
    const full = module === '' ? name : `${module}.${name}`;
    stack.push(this.startSpan(`weft.host ${full}`, now(), { [OtelAttr.hostModule]: module, [OtelAttr.hostName]: name }, parent, otelApi().SpanKind.CLIENT));
  }

  private exportAttrs(instanceId: number, name: string): Attributes {
    const info = this.instances.get(instanceId);
    if (!info) return { [OtelAttr.exportName]: name, [OtelAttr.instanceId]: instanceId };
    let a = info.exportAttrs.get(name);
    if (!a) info.exportAttrs.set(name, a = { ...info.attrs, [OtelAttr.exportName]: name, [OtelAttr.instanceId]: instanceId });
    return a;
  }

  /** The innermost open export-call span of a store, or null. */
  private top(storeId: number): Span | null {
    const stack = this.calls.get(storeId);
    return stack && stack.length > 0 ? stack[stack.length - 1].span : null;
  }

  private startSpan(name: string, start: number, attributes: Attributes, parent: Span | null, kind: SpanKind): Span {
    const { context, trace } = otelApi();
    const ctx = parent === null ? context.active() : trace.setSpan(context.active(), parent);
    return this.tracer!.startSpan(name, { kind, startTime: start, attributes }, ctx);
  }

  /** A span for something that already happened and took `durationMs`. */
  private pastSpan(name: string, durationMs: number, attributes: Attributes, parent: Span | null, kind: SpanKind = otelApi().SpanKind.INTERNAL): void {
    if (this.tracer === null) return;
    const end = now();
    this.startSpan(name, end - durationMs, attributes, parent, kind).end(end);
  }
}

let NOOP_SPAN: Span | undefined;

/** Stands in for spans when tracing is off but metrics are on. */
function noopSpan(): Span {
  const { trace, INVALID_SPAN_CONTEXT } = otelApi();
  return NOOP_SPAN ??= trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
}
