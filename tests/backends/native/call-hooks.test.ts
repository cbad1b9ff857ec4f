import t from 'tap';
import { Engine, Linker, Module, Store } from '../../../index.js';
import { NativeBackend } from '../../../backends/native/index.js';
import { OFF, parse } from './harness.js';

/** Calls, recursion, an early return, a branch to the function label, a tail call and a host import. */
const WAT = `(module
  (import "env" "log" (func $log (param i32)))
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $early (param i32) (result i32)
    (if (local.get 0) (then (return (i32.const 7))))
    (br 0 (i32.const 8)))
  (func $fact (param i32) (result i32)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
  (func $tail (param i32) (result i32) (return_call $leaf (local.get 0)))
  (func $noname (result i32) (i32.const 3))
  (func (export "run") (param i32) (result i32)
    (call $log (local.get 0))
    (i32.add
      (i32.add (call $leaf (local.get 0)) (call $early (local.get 0)))
      (i32.add (i32.add (call $fact (i32.const 3)) (call $tail (local.get 0))) (call $noname)))))`;

function trace(backend: string, arg: number): { result: unknown; events: string[] } {
  const engine = new Engine({ backend });
  engine.requestCallEvents();
  const events: string[] = [];
  engine.events.subscribe((e) => {
    if (e.type === 'call.enter' || e.type === 'call.exit') events.push(`${e.type} ${e.funcIndex} ${e.funcName ?? '-'}`);
    if (e.type === 'host.call') events.push(`host.call ${e.module}!${e.name} ${e.phase}`);
  });
  const module = Module.fromText(engine, WAT);
  const linker = new Linker(engine).defineFunc('env', 'log', '(func (param i32))', () => {});
  const inst = linker.instantiate(new Store(engine), module);
  t.equal(module.compiled().backend, backend);
  return { result: inst.getFunc('run')!.call(arg), events };
}

t.test('native emits the interpreter’s call.enter/call.exit and host.call sequence', async (t) => {
  for (const arg of [0, 1]) {
    const nat = trace('native', arg);
    const int = trace('interpreter', arg);
    t.equal(nat.result, int.result, `run(${arg}): same result`);
    t.same(nat.events, int.events, `run(${arg}): same events`);
    t.ok(nat.events.includes('call.enter 5 noname'), 'named from the name section');
    t.equal(nat.events.filter((e) => e.startsWith('call.enter 3 ')).length, 3, 'fact recursion: 3 entries');
    t.equal(nat.events.filter((e) => e.startsWith('call.exit 4 ')).length, 0, 'tail call: the caller exits through the callee');
    t.equal(nat.events[0], 'call.enter 6 -', 'run (no name) is entered first');
    t.equal(nat.events.at(-1), 'call.exit 6 -', 'and left last');
  }
});

t.test('without call events the host engine gets the input bytes', async (t) => {
  const engine = new Engine({ backend: 'native' });
  const bytes = engine.parser.watToBinary(WAT, {});
  const ir = parse(bytes);
  const backend = new NativeBackend();
  t.equal(backend.compile(ir, OFF).bytes, ir.bytes, 'byte-identical: no hooks');
  const hooked = backend.compile(ir, { ...OFF, callHooks: true });
  t.not(hooked.bytes, ir.bytes);
  t.ok(WebAssembly.Module.imports(hooked.module).some((i) => i.module === 'weft:rt' && i.name === 'enter'), 'hooks imported only when asked');
  t.notOk(WebAssembly.Module.imports(backend.compile(ir, OFF).module).some((i) => i.module === 'weft:rt'));
});
