import t from 'tap';
import { Engine, Module } from '../../index.js';
import { FIXTURES, ROOT, weftIn } from './helpers.js';

const backendLine = (stderr: string): string => /^weft: backend .*$/m.exec(stderr)?.[0] ?? '';

t.test('weft run picks native by default when the host engine runs the module', async (t) => {
  const r = await weftIn(['run', '--verbose', `${ROOT}examples/fib.wat`, '--invoke', 'fib', '20']);
  t.equal(r.code, 0);
  t.equal(r.stdout, '6765\n');
  t.match(backendLine(r.stderr), /^weft: backend native \(auto: the host engine supports every feature the module uses/);
  t.equal(r.stderr.split('\n').filter((l) => l.startsWith('weft: backend')).length, 1, 'one line');
});

t.test('a feature the host engine lacks: auto falls back to the interpreter and says why', async (t) => {
  const r = await weftIn(['run', '--verbose', `${FIXTURES}native/mem64.wasm`, '--invoke', 'size']);
  t.equal(r.code, 0);
  t.equal(r.stdout, '1\n');
  t.match(backendLine(r.stderr), /^weft: backend interpreter \(auto: the module uses memory64, which the host engine .* does not support\)$/);
});

t.test('requested limits are honoured on the chosen backend', async (t) => {
  const fuel = await weftIn(['run', '--verbose', `${FIXTURES}cli/types.wat`, '--invoke', 'spin', '--fuel', '10000']);
  t.equal(fuel.code, 134);
  t.match(backendLine(fuel.stderr), /^weft: backend native \(auto: .* and fuel\)$/);
  t.match(fuel.stderr, /\nError: all fuel consumed/);
  const timeout = await weftIn(['run', '--verbose', `${FIXTURES}cli/types.wat`, '--invoke', 'spin', '--timeout', '200ms']);
  t.equal(timeout.code, 134);
  t.match(backendLine(timeout.stderr), /^weft: backend native \(auto: .*epoch interruption\)$/);
  t.match(timeout.stderr, /\nError: interrupt/);
  const deep = await weftIn(['run', '--verbose', `${FIXTURES}cli/recurse.wat`, '--invoke', 'down', '100000', '--max-wasm-stack', '65536']);
  t.equal(deep.code, 134);
  t.match(backendLine(deep.stderr), /^weft: backend native /);
  t.match(deep.stderr, /\nError: call stack exhausted/);
  const shallow = await weftIn(['run', `${FIXTURES}cli/recurse.wat`, '--invoke', 'down', '100', '--max-wasm-stack', '65536']);
  t.equal(shallow.stdout, '100\n', 'within the limit it runs');
});

t.test('an explicit --backend is used as given', async (t) => {
  const r = await weftIn(['run', '--verbose', '--backend', 'interpreter', `${ROOT}examples/fib.wat`, '--invoke', 'fib', '10']);
  t.equal(r.stdout, '55\n');
  t.equal(backendLine(r.stderr), 'weft: backend interpreter (--backend interpreter)');
  const quiet = await weftIn(['run', `${ROOT}examples/fib.wat`, '--invoke', 'fib', '10']);
  t.equal(quiet.stderr, '', 'without --verbose nothing is said');
});

t.test("Engine config backend: 'auto' chooses per module", async (t) => {
  const engine = new Engine({ backend: 'auto' });
  t.equal(engine.config.backend, 'auto');
  const plain = Module.fromText(engine, '(module (func (export "f") (result i32) (i32.const 7)))');
  t.equal(plain.backendChoice().backend, 'native');
  t.equal(plain.compiled().backend, 'native');
  const m64 = Module.fromText(engine, '(module (memory i64 1) (func (export "f") (result i64) (memory.size)))');
  t.equal(m64.backendChoice().backend, 'interpreter');
  t.match(m64.backendChoice().reason, /memory64/);
  t.equal(m64.compiled().backend, 'interpreter');
});
