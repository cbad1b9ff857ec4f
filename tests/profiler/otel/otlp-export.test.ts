/**
 * The otel profiler end to end: a real guest run through the embedding API (interpreter),
 * exported with the official OTLP/HTTP exporters (JSON encoding) to a receiver on 127.0.0.1.
 */
import t from 'tap';
import { Engine, Linker, Module, Store, isTrap } from '../../../index.js';
import { otelPlugin, OtelAttr, resolveOtelConfig } from '../../../profiler/otel/index.js';
import { attr, OtlpReceiver, type OtlpMetric } from '../helpers/otlp-receiver.js';
import { wasiPreview1Plugin } from '../../../wasi/preview1/index.js';

const WAT = `(module $demo
  (import "env" "tick" (func $tick (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "work") (param i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $tick (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (drop (memory.grow (i32.const 2)))
    (local.get $acc))
  (func (export "boom") unreachable))`;

function points(m: OtlpMetric | undefined) {
  // Counters are INT-valued: asInt (a string or number in OTLP JSON).
  return m?.sum?.dataPoints ?? m?.histogram?.dataPoints ?? m?.gauge?.dataPoints ?? [];
}

t.test('spans and metrics reach a real OTLP/HTTP receiver', async (t) => {
  const receiver = new OtlpReceiver();
  const url = await receiver.start();
  t.teardown(() => receiver.stop());
  const engine = new Engine({
    consumeFuel: true,
    plugins: [otelPlugin],
    pluginConfig: { otel: { endpoint: url, serviceName: 'weft-test', hostCalls: true, metricIntervalMs: 3600000 } },
  });
  t.equal(engine.eventSinks.length, 1);
  const module = Module.fromText(engine, WAT, { name: 'demo.wat' });
  const linker = new Linker(engine);
  linker.defineFunc('env', 'tick', '(func (param i32) (result i32))', (_c, x: number) => x * 2);
  const store = new Store(engine);
  store.setFuel(1_000_000);
  const inst = linker.instantiate(store, module);
  t.equal(inst.getFunc('work')!.call(5), 20);
  let caught: unknown = null;
  try { inst.getFunc('boom')!.call(); } catch (e) { caught = e; }
  t.ok(isTrap(caught), 'boom traps');
  inst.dispose();
  await engine.dispose();

  const spans = receiver.spans();
  const names = spans.map((s) => s.name);
  t.ok(names.includes('weft.compile demo.wat'), names.join(','));
  t.ok(names.includes('weft.instantiate demo.wat'));
  const work = spans.find((s) => s.name === 'weft.call work')!;
  t.ok(work, 'export call span');
  t.equal(attr(work.attributes, OtelAttr.moduleName), 'demo.wat');
  t.equal(attr(work.attributes, OtelAttr.backend), 'interpreter');
  t.equal(attr(work.attributes, OtelAttr.moduleHash), module.hash);
  t.ok((attr(work.attributes, OtelAttr.fuelConsumed) as number) > 0, 'fuel consumed attribute');
  t.equal(attr(work.attributes, OtelAttr.trapCode), undefined);
  const hosts = spans.filter((s) => s.name.startsWith('weft.host'));
  t.equal(hosts.length, 5, 'one host span per call');
  t.ok(hosts.every((h) => h.parentSpanId === work.spanId && h.traceId === work.traceId), 'host spans are children of the export call');
  const boom = spans.find((s) => s.name === 'weft.call boom')!;
  t.equal(attr(boom.attributes, OtelAttr.trapCode), 'UnreachableCodeReached');
  t.equal(boom.status?.code, 2, 'error status');
  t.ok(boom.events?.some((e) => e.name === 'trap'));
  t.equal(attr(receiver.resourceAttributes(), 'service.name'), 'weft-test');
  t.ok(receiver.contentTypes.every((c) => c.startsWith('application/json')), 'http/json protocol');

  const metrics = new Map(receiver.metricList().map((m) => [m.name, m]));
  t.equal(Number(points(metrics.get('weft.instantiations'))[0]?.asInt), 1);
  t.equal(Number(points(metrics.get('weft.instances.live'))[0]?.asInt), 0, 'live instances back to 0 after dispose');
  const memory = points(metrics.get('weft.memory.bytes')).reduce((n, p) => n + Number(p.asInt), 0);
  t.equal(memory, 3 * 65536, 'initial page at instantiation plus two grown');
  t.ok(Number(points(metrics.get('weft.fuel.consumed'))[0]?.asInt) > 0);
  const traps = points(metrics.get('weft.traps'));
  t.equal(attr(traps[0]?.attributes, OtelAttr.trapCode), 'UnreachableCodeReached');
  const durations = points(metrics.get('weft.call.duration'));
  t.equal(durations.reduce((n, p) => n + Number(p.count), 0), 2, 'two export calls in the histogram');
});

t.test('OTEL_* environment variables are honoured; explicit config wins', async (t) => {
  const env = { OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: '500' };
  const c = resolveOtelConfig({}, env);
  t.same(c, { traces: 'console', metrics: 'none', endpoint: null, serviceName: 'from-env', hostCalls: false, wasiCalls: true, metricIntervalMs: 500 });
  t.equal(resolveOtelConfig({ serviceName: 'explicit', traces: 'otlp' }, env).serviceName, 'explicit');
  t.equal(resolveOtelConfig({}, {}).traces, 'otlp');
});

t.test('OTEL_EXPORTER_OTLP_ENDPOINT routes the default exporters', async (t) => {
  const receiver = new OtlpReceiver();
  const url = await receiver.start();
  t.teardown(() => receiver.stop());
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
  t.teardown(() => { if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT; else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved; });
  const engine = new Engine({ plugins: [otelPlugin], pluginConfig: { otel: { metrics: 'none' } } });
  const module = Module.fromText(engine, '(module (func (export "f")))', { name: 'tiny' });
  const inst = new Linker(engine).instantiate(new Store(engine), module);
  inst.getFunc('f')!.call();
  await engine.dispose();
  t.ok(receiver.spans().some((s) => s.name === 'weft.call f'));
  t.equal(receiver.metrics.length, 0, 'metrics exporter none');
});

t.test('WASI calls: counted by function and errno, child spans of the export call', async (t) => {
  const receiver = new OtlpReceiver();
  const url = await receiver.start();
  t.teardown(() => receiver.stop());
  const engine = new Engine({
    plugins: [otelPlugin, wasiPreview1Plugin],
    pluginConfig: { otel: { endpoint: url, serviceName: 'weft-wasi', metricIntervalMs: 3600000 } },
  });
  const module = Module.fromText(engine, `(module $w
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "ok\\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 3))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $fd_close (i32.const 99)))))`, { name: 'w.wat' });
  const linker = new Linker(engine);
  engine.wasiProviders.get('preview1')!.addToLinker(linker, { args: [], env: {}, preopens: [], stdout: 'null', stderr: 'null' });
  linker.instantiate(new Store(engine), module).getFunc('_start')!.call();
  await engine.dispose();

  const spans = receiver.spans();
  const start = spans.find((s) => s.name === 'weft.call _start')!;
  t.ok(start, 'export call span');
  const wasi = spans.filter((s) => s.name.startsWith('wasi '));
  t.same(wasi.map((s) => s.name).sort(), ['wasi fd_close', 'wasi fd_write', 'wasi fd_write', 'wasi fd_write']);
  t.ok(wasi.every((s) => s.parentSpanId === start.spanId), 'WASI spans are children of the export call');
  t.equal(attr(wasi.find((s) => s.name === 'wasi fd_close')!.attributes, OtelAttr.wasiErrno), 8, 'EBADF on the span');
  const calls = points(new Map(receiver.metricList().map((m) => [m.name, m])).get('weft.wasi.calls'));
  const byFn = new Map(calls.map((p) => [`${String(attr(p.attributes, OtelAttr.wasiFunction))}/${String(attr(p.attributes, OtelAttr.wasiErrno) ?? 0)}`, Number(p.asInt)]));
  t.same(Object.fromEntries(byFn), { 'fd_write/0': 3, 'fd_close/8': 1 }, 'weft.wasi.calls by function and errno');
});
