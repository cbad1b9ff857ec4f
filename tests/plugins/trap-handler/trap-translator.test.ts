import t from 'tap';
import { TrapTranslator, V8_TRAP_MESSAGES, trapCodeForHostMessage } from '../../../plugins/trap-handler/index.js';
import { watToBinary } from '../../../plugins/parser/text/index.js';
import { ExitSignal, LinkError, Trap, TrapCode, TRAP_MESSAGES } from '../../../kernel/errors/index.js';
import type { FaultContext } from '../../../kernel/contracts/trap-handler.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import { WasmException } from '../../../kernel/runtime/wasm-exception.js';
import { TagInstance } from '../../../kernel/runtime/tag-instance.js';

const handler = new TrapTranslator();
const none: FaultContext = { module: null, moduleName: null, backtrace: null };

/** Runs `body` (one function, no params) on the host engine and returns what V8 threw. */
function v8Fault(body: string, extra = ''): unknown {
  const bytes = watToBinary(`(module ${extra} (func (export "f") ${body}))`);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  try {
    (inst.exports.f as () => unknown)();
  } catch (e) {
    return e;
  }
  throw new Error('expected a fault');
}

const cases: [string, string, string, TrapCode][] = [
  ['unreachable', 'unreachable', '', TrapCode.UnreachableCodeReached],
  ['memory', 'i32.const 70000 i32.load drop', '(memory 1)', TrapCode.MemoryOutOfBounds],
  ['div by zero', 'i32.const 1 i32.const 0 i32.div_s drop', '', TrapCode.IntegerDivisionByZero],
  ['rem by zero', 'i32.const 1 i32.const 0 i32.rem_u drop', '', TrapCode.IntegerDivisionByZero],
  ['overflow', 'i32.const 0x80000000 i32.const -1 i32.div_s drop', '', TrapCode.IntegerOverflow],
  ['conversion', 'f64.const nan i32.trunc_f64_s drop', '', TrapCode.BadConversionToInteger],
  ['table oob', 'i32.const 5 call_indirect (type $t)', '(type $t (func)) (table 1 funcref)', TrapCode.TableOutOfBounds],
  ['null entry', 'i32.const 0 call_indirect (type $t)', '(type $t (func)) (table 1 funcref)', TrapCode.BadSignature],
  ['signature', 'i32.const 0 call_indirect (type $t)', '(type $t (func)) (type $u (func (param i32))) (table 1 funcref) (func $g (param i32)) (elem (i32.const 0) $g)', TrapCode.BadSignature],
  ['null ref', 'ref.null $s struct.get $s 0 drop', '(type $s (struct (field i32)))', TrapCode.NullReference],
  ['cast', 'ref.null any ref.as_non_null drop', '', TrapCode.NullReference],
  ['array oob', 'i32.const 1 array.new_default $a i32.const 5 array.get $a drop', '(type $a (array i32))', TrapCode.ArrayOutOfBounds],
];

t.test('V8 RuntimeErrors map to trap codes and spec messages', async (t) => {
  for (const [name, body, extra, code] of cases) {
    let fault: unknown;
    try {
      fault = v8Fault(body, extra);
    } catch (e) {
      t.comment(`${name}: host cannot run it here (${(e as Error).message})`);
      continue;
    }
    t.ok(handler.isFault(fault), `${name}: a fault (${(fault as Error).message})`);
    const trap = handler.translate(fault, none) as Trap;
    t.ok(trap instanceof Trap, name);
    t.equal(trap.trapCode, code, `${name}: ${(fault as Error).message}`);
    t.equal(trap.message, TRAP_MESSAGES[code]);
    t.equal(trap.cause, fault);
  }
});

t.test('the message table covers the documented V8 messages', async (t) => {
  t.equal(trapCodeForHostMessage('illegal cast'), TrapCode.CastFailure);
  t.equal(trapCodeForHostMessage('dereferencing a null pointer'), TrapCode.NullReference);
  t.equal(trapCodeForHostMessage('float unrepresentable in integer range'), TrapCode.BadConversionToInteger);
  t.equal(trapCodeForHostMessage('null function or function signature mismatch'), TrapCode.BadSignature);
  t.equal(trapCodeForHostMessage('something else'), null);
  t.ok(V8_TRAP_MESSAGES.length >= 10);
});

t.test('host stack exhaustion becomes StackOverflow', async (t) => {
  const f = (): number => f() + 1;
  let e: unknown;
  try { f(); } catch (x) { e = x; }
  t.ok(e instanceof RangeError);
  t.ok(handler.isFault(e));
  t.match(handler.translate(e, none), { trapCode: TrapCode.StackOverflow, message: 'call stack exhausted' });
  const wasmRec = v8Fault('call 0');
  t.match(handler.translate(wasmRec, none), { trapCode: TrapCode.StackOverflow });
});

t.test('host errors become HostError with the original as cause', async (t) => {
  const err = new TypeError('bad thing');
  const trap = handler.translate(err, none) as Trap;
  t.equal(trap.trapCode, TrapCode.HostError);
  t.equal(trap.message, 'host function failed: TypeError: bad thing');
  t.equal(trap.cause, err);
  t.notOk(handler.isFault(err));
  t.match(handler.translate(42, none), { trapCode: TrapCode.HostError, cause: 42 });
});

t.test('pass-throughs: exits, wasm exceptions, weft errors', async (t) => {
  const exit = new ExitSignal(1);
  t.equal(handler.translate(exit, none), exit);
  const exn = new WasmException(new TagInstance({ kind: 'func', params: [], results: [] }, 0), []);
  t.equal(handler.translate(exn, none), exn);
  const link = new LinkError('x');
  t.equal(handler.translate(link, none), link);
});

t.test('backtraces get names from the name section', async (t) => {
  const names = { module: 'calc', funcs: new Map([[0, 'main'], [2, 'helper']]), locals: new Map() };
  const ir = { names } as unknown as ModuleIR;
  const ctx: FaultContext = {
    module: ir, moduleName: 'calc.wasm',
    backtrace: [{ module: null, funcIndex: 2, funcName: null, offset: 0x30 }, { module: null, funcIndex: 0, funcName: null, offset: 0x10 }],
  };
  const trap = handler.toTrap(new Trap(TrapCode.UnreachableCodeReached), ctx);
  t.same(trap.backtrace.map((f) => `${f.module}!${f.funcName}`), ['calc.wasm!helper', 'calc.wasm!main']);
  t.match(trap.formatBacktrace(), /0x30 - calc\.wasm!helper/);
  const own = new Trap(TrapCode.MemoryOutOfBounds, undefined, { backtrace: [{ module: null, funcIndex: 1, funcName: null, offset: -1 }] });
  t.same(handler.toTrap(own, { ...ctx, backtrace: null }).backtrace, [{ module: 'calc.wasm', funcIndex: 1, funcName: null, offset: -1 }]);
});
