// WAST scripts → typed commands: modules, actions, assertions and result patterns.
import t from 'tap';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { parseWast, watToBinary } from '../../../../plugins/parser/text/index.js';
import type { WastCommand } from '../../../../plugins/parser/text/index.js';

const script = `
(module $M (func (export "f") (param i32) (result i32) (local.get 0)))
(module binary "\\00asm" "\\01\\00\\00\\00")
(module quote "(func" ")")
(module definition $D (memory 1))
(module instance $I $D)
(register "m" $M)
(invoke "f" (i32.const -1))
(get $M "g")
(assert_return (invoke $M "f" (i32.const 0xffffffff) (i64.const -1) (f32.const -nan:0x1) (f64.const 1.5))
  (i32.const 1) (f32.const nan:canonical) (f64.const nan:arithmetic)
  (v128.const f32x4 nan:canonical 1 2 nan:arithmetic)
  (ref.null func) (ref.null) (ref.extern 7) (ref.extern) (ref.func) (ref.i31) (ref.host 3)
  (either (i32.const 1) (i32.const 2)))
(assert_trap (invoke "f") "unreachable")
(assert_trap (module (func unreachable) (start 0)) "unreachable")
(assert_exhaustion (invoke "f") "call stack exhausted")
(assert_exception (invoke "f"))
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func") "unexpected end")
(assert_malformed (module (func (i32.const 1__0))) "unknown operator")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_uninstantiable (module (func unreachable) (start 0)) "unreachable")
`;

t.test('commands', async (t) => {
  const s = parseWast(script, 'x.wast');
  t.equal(s.source, 'x.wast');
  const types = s.commands.map((c: WastCommand) => c.type);
  t.same(types, [
    'module', 'module', 'module', 'module', 'module_instance', 'register', 'action', 'action',
    'assert_return', 'assert_trap', 'assert_trap', 'assert_exhaustion', 'assert_exception',
    'assert_invalid', 'assert_malformed', 'assert_malformed', 'assert_unlinkable', 'assert_uninstantiable',
  ]);
  const [m, bin, quote, def, inst, reg] = s.commands;
  t.match(m, { type: 'module', line: 2, name: 'M', definition: false, module: { kind: 'binary', fromText: true } });
  t.match(bin, { module: { kind: 'binary', fromText: false } });
  if (bin.type === 'module' && bin.module.kind === 'binary') t.equal(bin.module.bytes.length, 8);
  t.match(quote, { module: { kind: 'quote' } });
  if (quote.type === 'module' && quote.module.kind === 'quote') {
    t.equal(Buffer.from(quote.module.text).toString(), '(func)');
    t.ok(watToBinary(quote.module.text).length > 8, 'quote text encodes on demand');
  }
  t.match(def, { type: 'module', name: 'D', definition: true });
  t.match(inst, { type: 'module_instance', instance: 'I', definition: 'D' });
  t.match(reg, { type: 'register', as: 'm', module: 'M' });
  t.match(s.commands[7], { type: 'action', action: { type: 'get', module: 'M', name: 'g' } });
  const mal = s.commands[15];
  t.match(mal, { type: 'assert_malformed', module: { kind: 'malformed-text' } });
  const trapModule = s.commands[10];
  t.match(trapModule, { type: 'assert_trap', action: null, module: { kind: 'binary' }, message: 'unreachable' });
});

t.test('values and patterns', async (t) => {
  const s = parseWast(script, 'x.wast');
  const ar = s.commands[8];
  if (ar.type !== 'assert_return' || ar.action.type !== 'invoke') throw new Error('not assert_return');
  t.same(ar.action.args[0], { type: 'i32', value: -1 });
  t.same(ar.action.args[1], { type: 'i64', value: -1n });
  t.match(ar.action.args[2], { type: 'f32', bits: 0xff800001 });
  t.match(ar.action.args[3], { type: 'f64', bits: 0x3ff8000000000000n, value: 1.5 });
  const e = ar.expected;
  t.same(e[0], { type: 'i32', value: 1 });
  t.same(e[1], { type: 'f32', nan: 'canonical' });
  t.same(e[2], { type: 'f64', nan: 'arithmetic' });
  const v = e[3];
  if (v.type !== 'v128') throw new Error('not v128');
  t.equal(v.shape, 'f32x4');
  t.same(v.nanLanes, ['canonical', null, null, 'arithmetic']);
  t.same([...v.bytes.subarray(4, 8)], [0, 0, 0x80, 0x3f]);
  t.same(e[4], { type: 'ref.null', heap: 'func' });
  t.same(e[5], { type: 'ref.null', heap: null });
  t.same(e[6], { type: 'ref.extern', value: 7 });
  t.same(e[7], { type: 'ref.extern', value: null });
  t.same(e[8], { type: 'ref.func', index: null });
  t.same(e[9], { type: 'ref.i31', index: null });
  t.same(e[10], { type: 'ref.host', value: 3 });
  t.same(e[11], { type: 'either', options: [{ type: 'i32', value: 1 }, { type: 'i32', value: 2 }] });
});

t.test('inline module scripts', async (t) => {
  const s = parseWast('(func) (memory 0) (func (export "f"))', 'inline.wast');
  t.equal(s.commands.length, 1);
  t.match(s.commands[0], { type: 'module', name: null, module: { kind: 'binary', fromText: true } });
});

t.test('errors name the source and position', async (t) => {
  try {
    parseWast('(module)\n(assert_return (invoke "f" (i32.const nan:canonical)))', 'bad.wast');
    t.fail('accepted a NaN pattern as an argument');
  } catch (e) {
    t.ok(e instanceof CompileError);
    t.equal((e as CompileError).source, 'bad.wast');
    t.equal((e as CompileError).line, 2);
  }
  try {
    parseWast('(module (func (i32.const 1__0)))', 'bad.wast');
    t.fail('accepted a malformed module outside assert_malformed');
  } catch (e) {
    t.equal((e as CompileError).reason, 'unknown operator 1__0');
  }
});

t.test('a leading U+FEFF in a string is kept (not taken for a byte-order mark)', async (t) => {
  const s = parseWast('(invoke "\\ef\\bb\\bfx")\n(invoke "\uFEFF")', 'bom.wast');
  const names = s.commands.map((c: WastCommand) => (c.type === 'action' && c.action.type === 'invoke' ? c.action.name : null));
  t.same(names, ['\uFEFFx', '\uFEFF']);
});
