/**
 * Start-up cost: the OpenTelemetry SDK and ajv are loaded only when used. Checked in a fresh
 * process, through the CommonJS module cache both are loaded into.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const INDEX = fileURLToPath(new URL('../../../index.js', import.meta.url));

/** Runs `body` after importing the package root; returns the loaded package names it reports. */
function loadedAfter(body: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const weft = await import(${JSON.stringify(INDEX)});
    ${body}
    const names = new Set();
    for (const f of Object.keys(createRequire(import.meta.url).cache)) {
      const m = /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f);
      if (m) names.add(m[1]);
    }
    console.log(JSON.stringify([...names]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

t.test('an engine without otel or a manifest loads neither the SDK nor ajv', async (t) => {
  const loaded = loadedAfter(`
    const engine = new weft.Engine();
    const m = weft.Module.fromText(engine, '(module (func (export "f") (result i32) i32.const 7))');
    if (new weft.Linker(engine).instantiate(new weft.Store(engine), m).getFunc('f').call() !== 7) process.exit(3);`);
  t.notOk(loaded.some((n) => n.startsWith('@opentelemetry/')), loaded.join(', '));
  t.notOk(loaded.includes('ajv'), loaded.join(', '));
});

t.test('attaching the otel plugin loads the SDK; a manifest loads ajv', async (t) => {
  const loaded = loadedAfter(`
    const engine = new weft.Engine({ plugins: [weft.BUILTIN_PLUGINS.find((p) => p.id === 'otel')],
      pluginConfig: { otel: { traces: 'console', metrics: 'none' } } });
    weft.loadManifest({ limits: { fuel: 10 } });
    await engine.dispose();`);
  t.ok(loaded.includes('@opentelemetry/sdk-trace-base'), loaded.join(', '));
  t.ok(loaded.includes('ajv'), loaded.join(', '));
});
