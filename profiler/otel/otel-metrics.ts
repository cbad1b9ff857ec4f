/**
 * The metric instruments weft reports, created once per sink. Names follow the OpenTelemetry
 * naming guidelines (`weft.` namespace, units in UCUM). Attribute objects are cached by the
 * caller so the steady state allocates nothing per event beyond what the SDK needs.
 */
import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { otelApi } from './otel-sdk.js';

export class OtelMetrics {
  /** Instances created, by module and backend. */
  readonly instantiations: Counter;
  /** Instances alive now. */
  readonly liveInstances: UpDownCounter;
  /** Linear-memory bytes: initial sizes at instantiation plus what `memory.grow` added. */
  readonly memoryBytes: UpDownCounter;
  /** Fuel consumed by export calls. */
  readonly fuelConsumed: Counter;
  /** Traps, by `weft.trap.code`. */
  readonly traps: Counter;
  /** Duration of export calls from the host, in ms. */
  readonly callDuration: Histogram;
  /** Duration of module compilation, in ms. */
  readonly compileDuration: Histogram;
  /** WASI calls, by `weft.wasi.function` and `weft.wasi.errno`. */
  readonly wasiCalls: Counter;

  constructor(meter: Meter) {
    const { ValueType } = otelApi();
    this.instantiations = meter.createCounter('weft.instantiations', { description: 'Instances created', unit: '{instance}', valueType: ValueType.INT });
    this.liveInstances = meter.createUpDownCounter('weft.instances.live', { description: 'Instances alive', unit: '{instance}', valueType: ValueType.INT });
    this.memoryBytes = meter.createUpDownCounter('weft.memory.bytes', { description: 'Linear memory bytes of instances (initial size plus growth)', unit: 'By', valueType: ValueType.INT });
    this.fuelConsumed = meter.createCounter('weft.fuel.consumed', { description: 'Fuel consumed by export calls', unit: '{fuel}', valueType: ValueType.INT });
    this.traps = meter.createCounter('weft.traps', { description: 'Traps by trap code', unit: '{trap}', valueType: ValueType.INT });
    this.callDuration = meter.createHistogram('weft.call.duration', { description: 'Duration of export calls from the host', unit: 'ms' });
    this.compileDuration = meter.createHistogram('weft.compile.duration', { description: 'Module compilation time', unit: 'ms' });
    this.wasiCalls = meter.createCounter('weft.wasi.calls', { description: 'WASI calls by function', unit: '{call}', valueType: ValueType.INT });
  }
}
