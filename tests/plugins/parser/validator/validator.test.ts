import t, { type Test } from 'tap';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../../plugins/parser/binary/index.js';
import {
  body, code, EXTERNREF, F32, funcs, funcType, I32, I64, module, name, oneFunc, s32, section, types, u32, vec,
} from '../wasm-bytes.js';

const decode = (b: Uint8Array): ReturnType<typeof decodeModule> => decodeModule(b, new TypeRegistry());

function valid(tt: Test, bytes: Uint8Array, what: string): void {
  try {
    decode(bytes);
    tt.pass(what);
  } catch (e) {
    tt.fail(`${what}: ${(e as Error).message}`);
  }
}

function invalid(tt: Test, bytes: Uint8Array, reason: string, what = reason): CompileError | null {
  try {
    decode(bytes);
    tt.fail(`${what}: accepted, expected "${reason}"`);
    return null;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    tt.ok(e.reason.startsWith(reason), `${what}: "${e.reason}"`);
    return e;
  }
}

t.test('operand stack basics', async (t) => {
  valid(t, oneFunc([I32, I32], [I32], [0x20, 0x00, 0x20, 0x01, 0x6a]), 'i32.add');
  invalid(t, oneFunc([I32, I64], [I32], [0x20, 0x00, 0x20, 0x01, 0x6a]), 'type mismatch', 'i32.add on i64');
  invalid(t, oneFunc([], [I32], []), 'type mismatch', 'missing result');
  invalid(t, oneFunc([], [], [0x41, 0x00]), 'type mismatch', 'extra value at end');
  invalid(t, oneFunc([], [], [0x20, 0x00]), 'unknown local');
  invalid(t, oneFunc([], [], [0x23, 0x00, 0x1a]), 'unknown global');
  invalid(t, oneFunc([], [], [0x10, 0x05]), 'unknown function');
  invalid(t, oneFunc([], [], [0x0c, 0x01]), 'unknown label');
});

t.test('errors carry offset and function index', async (t) => {
  const bytes = module(types(funcType([], [])), funcs(0, 0), code(body([], []), body([], [0x41, 0x00, 0x42, 0x00, 0x6a, 0x1a])));
  const e = invalid(t, bytes, 'type mismatch');
  t.equal(e?.funcIndex, 1);
  t.equal(e?.kind, 'invalid');
  t.equal(bytes[e!.offset], 0x6a, 'offset points at i32.add');
});

t.test('unreachable makes the stack polymorphic', async (t) => {
  valid(t, oneFunc([], [I32], [0x00]), 'unreachable then end');
  valid(t, oneFunc([], [I32], [0x00, 0x6a]), 'i32.add on bottom');
  valid(t, oneFunc([], [], [0x00, 0x1b, 0x1a]), 'select on bottom');
  invalid(t, oneFunc([], [I32], [0x00, 0x42, 0x00, 0x6a]), 'type mismatch', 'i64 below i32.add after unreachable');
  valid(t, oneFunc([], [], [0x02, 0x7f, 0x41, 0x01, 0x0c, 0x00, 0x6a, 0x0b, 0x1a]), 'br leaves bottom');
});

t.test('blocks, if/else, br_table arity', async (t) => {
  valid(t, oneFunc([I32], [I32], [0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b]), 'if/else result');
  invalid(t, oneFunc([I32], [I32], [0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b]), 'type mismatch', 'if without else needs matching types');
  valid(t, oneFunc([I32], [], [0x02, 0x40, 0x20, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b]), 'br_table same arity');
  invalid(t, oneFunc([I32], [I32], [0x02, 0x40, 0x41, 0x00, 0x20, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00]), 'type mismatch', 'br_table arity differs');
  // Multi-value block with params (type index block type).
  const mv = module(types(funcType([], [I32]), funcType([I32], [I32, I32])), funcs(0),
    code(body([], [0x41, 0x01, 0x02, 0x01, 0x41, 0x02, 0x0b, 0x6a])));
  const ir = decode(mv);
  t.ok(ir.features.has('multi-value'));
});

t.test('select', async (t) => {
  invalid(t, oneFunc([], [], [0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1b, 0x1a]), 'type mismatch', 'untyped select on references');
  valid(t, oneFunc([], [], [0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1c, 0x01, 0x70, 0x1a]), 'typed select on references');
  invalid(t, oneFunc([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x00, 0x1a]), 'invalid result arity');
});

t.test('non-nullable locals need initialisation', async (t) => {
  // local 0: (ref extern) — non-defaultable.
  const ref = [0x64, 0x6f];
  const mk = (instrs: number[]): Uint8Array => module(types(funcType([], [])), funcs(0),
    code([...u32(instrs.length + 5), 0x01, 0x01, ...ref, ...instrs, 0x0b]));
  invalid(t, mk([0x20, 0x00, 0x1a]), 'uninitialized local');
  valid(t, mk([0x41, 0x00, 0xd0, 0x6f, 0xd4, 0x21, 0x00, 0x20, 0x00, 0x1a].slice(2)), 'set then get');
  // Initialisation inside a block does not survive the block.
  invalid(t, mk([0x02, 0x40, 0xd0, 0x6f, 0xd4, 0x21, 0x00, 0x0b, 0x20, 0x00, 0x1a]), 'uninitialized local', 'set inside block');
});

t.test('memory: alignment, multi-memory, memory64', async (t) => {
  const mem = (flags: number): number[] => section(5, vec([[flags, 0x01]]));
  const withMem = (m: number[], instrs: number[], params: number[] = [I32], results: number[] = []): Uint8Array =>
    module(types(funcType(params, results)), funcs(0), m, code(body([], instrs)));
  valid(t, withMem(mem(0), [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a]), 'i32.load align 4');
  invalid(t, withMem(mem(0), [0x20, 0x00, 0x28, 0x03, 0x00, 0x1a]), 'alignment must not be larger than natural');
  invalid(t, withMem([], [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a]), 'unknown memory 0');
  valid(t, withMem(mem(4), [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a], [I64]), 'memory64 address is i64');
  invalid(t, withMem(mem(4), [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a], [I32]), 'type mismatch', 'i32 address on memory64');
  // Two memories; memory 1 via flag bit 6.
  const two = section(5, vec([[0x00, 0x01], [0x04, 0x01]]));
  const ir = decode(withMem(two, [0x42, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a], [I32]));
  t.ok(ir.features.has('multi-memory'));
  invalid(t, withMem(mem(0), [0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a]), 'unknown memory 1');
  invalid(t, module(section(5, vec([[0x00, ...u32(65537)]]))), 'memory size must be at most 65536 pages (4GiB)');
  invalid(t, module(section(5, vec([[0x01, 0x02, 0x01]]))), 'size minimum must not be greater than maximum');
});

t.test('globals and constant expressions', async (t) => {
  const g = (entries: number[][]): number[] => section(6, vec(entries));
  valid(t, module(g([[I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b]])), 'extended-const i32.add');
  invalid(t, module(g([[I32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6d, 0x0b]])), 'constant expression required', 'i32.div_s');
  invalid(t, module(g([[I32, 0x00, 0x23, 0x00, 0x0b]])), 'unknown global', 'global reads itself');
  valid(t, module(g([[I32, 0x00, 0x41, 0x00, 0x0b], [I32, 0x00, 0x23, 0x00, 0x0b]])), 'global reads an earlier immutable global');
  invalid(t, module(g([[I32, 0x01, 0x41, 0x00, 0x0b], [I32, 0x00, 0x23, 0x00, 0x0b]])), 'constant expression required', 'mutable global');
  invalid(t, module(g([[I32, 0x00, 0x42, 0x00, 0x0b]])), 'type mismatch');
  const setImm = module(types(funcType([], [])), funcs(0), g([[I32, 0x00, 0x41, 0x00, 0x0b]]), code(body([], [0x41, 0x00, 0x24, 0x00])));
  invalid(t, setImm, 'immutable global');
});

t.test('exports, start, ref.func declaration', async (t) => {
  const exp = (entries: number[][]): number[] => section(7, vec(entries));
  invalid(t, module(types(funcType([], [])), funcs(0), exp([[...name('a'), 0, 0], [...name('a'), 0, 0]]), code(body([], []))), 'duplicate export name');
  invalid(t, module(types(funcType([I32], [])), funcs(0), section(8, u32(0)), code(body([], []))), 'start function');
  invalid(t, module(types(funcType([], [])), funcs(0), code(body([], [0xd2, 0x00, 0x1a]))), 'undeclared function reference');
  valid(t, module(types(funcType([], [])), funcs(0), exp([[...name('f'), 0, 0]]), code(body([], [0xd2, 0x00, 0x1a]))), 'exported function may be referenced');
});

t.test('tail calls check result subtyping', async (t) => {
  const m = (callerResults: number[], calleeResults: number[]): Uint8Array => module(
    types(funcType([], callerResults), funcType([], calleeResults)), funcs(0, 1),
    code(body([], [0x12, 0x01]), body([], calleeResults.length ? [0x41, 0x00] : [])));
  valid(t, m([I32], [I32]), 'same results');
  invalid(t, m([], [I32]), 'type mismatch', 'return_call result mismatch');
});

t.test('exceptions: try_table, throw, legacy try/catch/rethrow/delegate', async (t) => {
  const tags = section(13, vec([[0x00, 0x01]]));
  const m = (instrs: number[]): Uint8Array => module(types(funcType([], []), funcType([I32], [])), funcs(0), tags, code(body([], instrs)));
  // block (result i32) try_table (catch 0 0) ... end unreachable end drop
  valid(t, m([0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x0b, 0x1a]), 'catch label takes the tag params');
  invalid(t, m([0x02, 0x40, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x0b]), 'type mismatch', 'catch label arity');
  valid(t, m([0x41, 0x00, 0x08, 0x00]), 'throw');
  valid(t, m([0x06, 0x40, 0x07, 0x00, 0x1a, 0x09, 0x00, 0x19, 0x0b]), 'legacy try/catch/rethrow/catch_all');
  invalid(t, m([0x06, 0x40, 0x09, 0x00, 0x0b]), 'invalid rethrow label');
  valid(t, m([0x02, 0x40, 0x06, 0x40, 0x18, 0x00, 0x0b]), 'delegate');
  const ir = decode(m([0x06, 0x40, 0x19, 0x0b]));
  t.ok(ir.features.has('legacy-exceptions'));
  invalid(t, module(types(funcType([], [I32])), section(13, vec([[0x00, 0x00]]))), 'non-empty tag result type');
});

t.test('reference types and tables', async (t) => {
  const tbl = (elem: number): number[] => section(4, vec([[elem, 0x00, 0x01]]));
  const m = (t0: number, instrs: number[], params: number[] = []): Uint8Array =>
    module(types(funcType(params, [])), funcs(0), tbl(t0), code(body([], instrs)));
  valid(t, m(EXTERNREF, [0x41, 0x00, 0x25, 0x00, 0x1a]), 'table.get externref');
  invalid(t, m(EXTERNREF, [0x41, 0x00, 0x11, 0x00, 0x00]), 'type mismatch', 'call_indirect through an externref table');
  invalid(t, m(EXTERNREF, [0x41, 0x00, 0x25, 0x01, 0x1a]), 'unknown table');
  valid(t, m(0x70, [0xd0, 0x70, 0x41, 0x01, 0xfc, 0x0f, 0x00, 0x1a]), 'table.grow');
});

t.test('GC: structs, arrays, packed fields, casts, i31', async (t) => {
  // type 0: struct (field (mut i8)) ; type 1: array (mut i32) ; type 2: func [] -> []
  const ty = section(1, vec([[0x5f, 0x01, 0x78, 0x01], [0x5e, I32, 0x01], funcType([], [])]));
  const m = (instrs: number[]): Uint8Array => module(ty, funcs(2), code(body([], instrs)));
  valid(t, m([0x41, 0x07, 0xfb, 0x00, 0x00, 0xfb, 0x03, 0x00, 0x00, 0x1a]), 'struct.new + struct.get_s on i8');
  invalid(t, m([0x41, 0x07, 0xfb, 0x00, 0x00, 0xfb, 0x02, 0x00, 0x00, 0x1a]), 'type mismatch', 'struct.get on packed field');
  valid(t, m([0x41, 0x00, 0x41, 0x03, 0xfb, 0x06, 0x01, 0xfb, 0x0f, 0x1a]), 'array.new + array.len');
  valid(t, m([0x41, 0x05, 0xfb, 0x1c, 0xfb, 0x16, 0x6c, 0xfb, 0x1e, 0x1a]), 'ref.i31 + ref.cast i31 + i31.get_u');
  invalid(t, m([0xd0, 0x6f, 0xfb, 0x16, 0x6c, 0x1a]), 'type mismatch', 'cast across hierarchies');
  const ir = decode(m([0xd0, 0x6e, 0xfb, 0x1b, 0x1a]));
  t.ok(ir.features.has('gc'));
  // array.new_data needs a numeric element type.
  const refArr = section(1, vec([[0x5e, 0x63, 0x6e, 0x01], funcType([], [])]));
  invalid(t, module(refArr, funcs(1), section(5, vec([[0x00, 0x01]])), section(12, u32(1)),
    code(body([], [0x41, 0x00, 0x41, 0x00, 0xfb, 0x09, 0x00, 0x00, 0x1a])), section(11, vec([[0x01, 0x00]]))), 'array type is not numeric or vector');
});

t.test('type section: sub types, final, forward references', async (t) => {
  // (type $a (sub (struct))) (type $b (sub $a (struct (field i32))))
  valid(t, module(section(1, vec([[0x50, 0x00, 0x5f, 0x00], [0x50, 0x01, 0x00, 0x5f, 0x01, I32, 0x00]]))), 'struct width subtyping');
  invalid(t, module(section(1, vec([[0x4f, 0x00, 0x5f, 0x00], [0x50, 0x01, 0x00, 0x5f, 0x00]]))), 'sub type', 'final supertype');
  invalid(t, module(section(1, vec([[0x50, 0x00, 0x5f, 0x01, I32, 0x01], [0x50, 0x01, 0x00, 0x5f, 0x01, F32, 0x01]]))), 'sub type', 'mutable field changes type');
  invalid(t, module(section(1, vec([[0x5f, 0x01, 0x63, 0x01, 0x00], [0x5f, 0x00]]))), 'unknown type', 'forward reference outside a rec group');
  valid(t, module(section(1, vec([[0x4e, 0x02, 0x5f, 0x01, 0x63, 0x01, 0x00, 0x5f, 0x01, 0x63, 0x00, 0x00]]))), 'forward reference inside a rec group');
});

t.test('SIMD lanes and shuffles', async (t) => {
  const v = (instrs: number[]): Uint8Array => oneFunc([], [], [0xfd, 0x0c, ...new Array(16).fill(0), ...instrs]);
  valid(t, v([0xfd, 0x15, 0x0f, 0x1a]), 'extract_lane_s 15');
  invalid(t, v([0xfd, 0x15, 0x10, 0x1a]), 'invalid lane index');
  invalid(t, v([0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x0d, ...new Array(15).fill(0), 32, 0x1a]), 'invalid lane index', 'shuffle lane 32');
  const ir = decode(v([0xfd, 0x81, 0x02, 0x1a]));
  t.ok(ir.features.has('relaxed-simd'));
});

t.test('malformed instructions', async (t) => {
  invalid(t, oneFunc([], [], [0xff]), 'illegal opcode');
  invalid(t, module(types(funcType([], [])), funcs(0), section(5, vec([[0x00, 0x01]])), code(body([], [0xfc, 0x08, 0x00, 0x00]))), 'unknown data segment 0');
  const withData = module(types(funcType([], [])), funcs(0), section(5, vec([[0x00, 0x01]])),
    code(body([], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00])), section(11, vec([[0x01, 0x00]])));
  invalid(t, withData, 'data count section required');
  // Sub-opcodes above 0xffff must not alias other prefixes.
  invalid(t, oneFunc([], [], [0xfc, ...u32(0x10000 | 0x0c), 0x1a]), 'illegal opcode');
  void s32;
});

t.test('huge immediate counts stay cheap', async (t) => {
  // unreachable; array.new_fixed $0 0xffffffff; drop
  const ty = section(1, vec([[0x5e, I32, 0x00], funcType([], [])]));
  const bytes = module(ty, funcs(1), code(body([], [0x00, 0xfb, 0x08, 0x00, ...u32(0xffffffff), 0x1a])));
  const t0 = Date.now();
  valid(t, bytes, 'array.new_fixed with 2^32-1 operands after unreachable');
  t.ok(Date.now() - t0 < 1000, 'fast');
  invalid(t, module(ty, funcs(1), code(body([], [0x41, 0x00, 0xfb, 0x08, 0x00, ...u32(0xffffffff), 0x1a]))), 'type mismatch', 'not enough operands');
});
