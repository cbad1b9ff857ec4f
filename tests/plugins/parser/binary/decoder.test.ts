import t, { type Test } from 'tap';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../../plugins/parser/binary/index.js';
import {
  body, code, F64, FUNCREF, funcs, funcType, HEADER, I32, module, name, section, types, u32, vec,
} from '../wasm-bytes.js';

const decode = (b: Uint8Array): ReturnType<typeof decodeModule> => decodeModule(b, new TypeRegistry());

function rejects(tt: Test, bytes: Uint8Array, reason: string, kind: 'malformed' | 'invalid' = 'malformed'): void {
  try {
    decode(bytes);
    tt.fail(`accepted, expected "${reason}"`);
  } catch (e) {
    tt.ok(e instanceof CompileError, 'a CompileError');
    tt.equal((e as CompileError).reason, reason);
    tt.equal((e as CompileError).kind, kind);
  }
}

t.test('header', async (t) => {
  rejects(t, Uint8Array.of(0x00, 0x61), 'unexpected end');
  rejects(t, Uint8Array.of(0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0), 'magic header not detected');
  rejects(t, Uint8Array.of(...HEADER.slice(0, 4), 2, 0, 0, 0), 'unknown binary version');
  const ir = decode(module());
  t.equal(ir.funcs.length, 0);
  t.equal(ir.features.size, 0);
});

t.test('section framing and order', async (t) => {
  rejects(t, module([0x0e, 0x00]), 'malformed section id');
  rejects(t, module([0x01, 0x05, 0x00]), 'length out of bounds');
  rejects(t, module(section(1, [0x00, 0x00])), 'section size mismatch');
  rejects(t, module(section(6, [0x00]), section(5, [0x00])), 'unexpected content after last section');
  rejects(t, module(section(1, [0x00]), section(1, [0x00])), 'unexpected content after last section');
  // The tag section sits between memory and global.
  const ok = decode(module(types(funcType([I32], [])), section(5, [0x00]), section(13, vec([[0x00, 0x00]])), section(6, [0x00])));
  t.same(ok.sections.map((s) => s.name), ['type', 'memory', 'tag', 'global']);
  t.ok(ok.features.has('exceptions'));
  rejects(t, module(section(6, [0x00]), section(13, [0x00])), 'unexpected content after last section');
});

t.test('function/code and data count consistency', async (t) => {
  rejects(t, module(types(funcType([], [])), funcs(0, 0), code(body([], []))), 'function and code section have inconsistent lengths');
  rejects(t, module(types(funcType([], [])), funcs(0)), 'function and code section have inconsistent lengths');
  rejects(t, module(section(5, vec([[0x00, 0x01]])), section(12, u32(2)), section(11, vec([[0x01, ...u32(0)]]))),
    'data count and data section have inconsistent lengths');
  const ir = decode(module(section(5, vec([[0x00, 0x01]])), section(12, u32(1)), section(11, vec([[0x01, ...u32(2), 7, 8]]))));
  t.equal(ir.dataCount, 1);
  t.equal(ir.datas[0].mode, 'passive');
  t.same([...ir.datas[0].bytes], [7, 8]);
});

t.test('too many locals and malformed mutability', async (t) => {
  const huge = [...u32(2), ...u32(0xffffffff), I32, ...u32(2), 0x7e, 0x0b];
  rejects(t, module(types(funcType([], [])), funcs(0), code([...u32(huge.length), ...huge])), 'too many locals');
  rejects(t, module(section(6, vec([[I32, 0x02, 0x41, 0x00, 0x0b]]))), 'malformed mutability');
  rejects(t, module(section(5, vec([[0x08, 0x00]]))), 'malformed limits flags');
  rejects(t, module(section(2, vec([[...name('m'), ...name('f'), 0x05, 0x00]]))), 'malformed import kind');
});

t.test('function bodies stay byte ranges with offsets', async (t) => {
  const bytes = module(types(funcType([I32], [I32])), funcs(0), code(body([[2, F64]], [0x20, 0x00])));
  const ir = decode(bytes);
  const f = ir.funcs[0];
  t.equal(f.funcIndex, 0);
  t.same(f.locals, ['f64', 'f64']);
  t.same([...f.code], [0x20, 0x00, 0x0b]);
  t.same([...bytes.subarray(f.codeOffset, f.codeOffset + f.code.length)], [...f.code]);
  t.equal(bytes[f.bodyOffset], 3 + f.code.length, 'body size field at bodyOffset (locals: 3 bytes)');
});

t.test('imports, exports, element forms, declared references', async (t) => {
  const imp = section(2, vec([
    [...name('env'), ...name('f'), 0x00, 0x00],
    [...name('env'), ...name('t'), 0x01, FUNCREF, 0x04, 0x01],
    [...name('env'), ...name('m'), 0x02, 0x03, 0x01, 0x02],
    [...name('env'), ...name('g'), 0x03, I32, 0x01],
  ]));
  const elem = section(9, vec([
    [0x00, 0x42, 0x00, 0x0b, ...vec([u32(1)])],                 // active, table 0 (i64), func indices
    [0x01, 0x00, ...vec([u32(0)])],                            // passive, elemkind
    [0x03, 0x00, ...vec([u32(2)])],                            // declarative
    [0x05, FUNCREF, ...vec([[0xd0, 0x70, 0x0b]])],             // passive, exprs
    [0x06, 0x00, 0x42, 0x00, 0x0b, FUNCREF, ...vec([[0xd2, 0x01, 0x0b]])], // active table 0 (i64) exprs
  ]));
  const bytes = module(
    types(funcType([], [])), imp, funcs(0, 0),
    section(7, vec([[...name('run'), 0x00, 0x01], [...name('g'), 0x03, 0x00]])),
    elem,
    code(body([], [0xd2, 0x02, 0x1a]), body([], [])),
  );
  const ir = decode(bytes);
  t.equal(ir.numImportedFuncs, 1);
  t.equal(ir.tableTypes[0].address, 'i64');
  t.same(ir.memoryTypes[0], { limits: { min: 1, max: 2 }, shared: true, address: 'i32' });
  t.same(ir.elems.map((e) => e.mode), ['active', 'passive', 'declarative', 'passive', 'active']);
  t.same(ir.elems[0].type, { kind: 'ref', nullable: false, heap: 'func' }, 'function-index forms are (ref func)');
  t.equal(ir.elems[0].init[0].offset, -1, 'synthesised ref.func');
  t.same([...ir.declaredFuncRefs].sort(), [0, 1, 2]);
  for (const f of ['mutable-globals', 'memory64', 'threads', 'bulk-memory', 'reference-types']) t.ok(ir.features.has(f as never), f);
  t.ok(Object.isFrozen(ir), 'ModuleIR is frozen');
});

t.test('table with initialiser (0x40 0x00 form)', async (t) => {
  const tbl = section(4, vec([[0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b]]));
  const ir = decode(module(types(funcType([], [])), funcs(0), tbl, code(body([], []))));
  t.ok(ir.tables[0].init);
  t.same(ir.tables[0].type.element, { kind: 'ref', nullable: false, heap: 'func' });
  t.ok(ir.declaredFuncRefs.has(0));
  // A non-nullable table needs an initialiser.
  rejects(t, module(section(4, vec([[0x64, 0x70, 0x00, 0x01]]))), 'type mismatch', 'invalid');
});

t.test('name section: decoded, and ignored when malformed', async (t) => {
  const names = [
    ...section(0, [...name('name'),
      ...section(0, name('mod')),
      ...section(1, vec([[0x00, ...name('main')]])),
      ...section(2, vec([[0x00, ...vec([[0x00, ...name('x')]])]]))]),
  ];
  const ok = decode(module(types(funcType([I32], [])), funcs(0), code(body([], [])), names));
  t.equal(ok.names.module, 'mod');
  t.equal(ok.names.funcs.get(0), 'main');
  t.equal(ok.names.locals.get(0)?.get(0), 'x');
  t.equal(ok.customs[0].name, 'name');
  t.equal(ok.sections.at(-1)?.name, 'custom:name');
  const bad = section(0, [...name('name'), 0x01, 0x10, 0x01]);
  const ir = decode(module(types(funcType([], [])), funcs(0), code(body([], [])), bad));
  t.equal(ir.names.module, null);
  t.equal(ir.names.funcs.size, 0);
});

t.test('custom section names must be UTF-8', async (t) => {
  rejects(t, module(section(0, [0x01, 0xff])), 'malformed UTF-8 encoding');
  // A leading byte-order mark is part of a name, not stripped.
  const ir = decode(module(section(0, name('\ufeffx'))));
  t.equal(ir.customs[0].name, '\ufeffx');
});
