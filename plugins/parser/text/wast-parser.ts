import { CompileError } from '../../../kernel/errors/compile-error.js';
import { Cursor, unexpected } from './cursor.js';
import { parseIndex } from './index-space.js';
import { Token, TokKind } from './lexer.js';
import { OutOfRange, parseF32Bits, parseF64Bits, parseInt } from './literals.js';
import { ModuleEncoder } from './module-encoder.js';
import { forEachTopLevel, headOf, SList, SNode } from './sexpr.js';
import { LANE_COUNT, readShape, writeLane } from './simd-syntax.js';
import { malformed } from './text-error.js';
import { concatStrings } from './wat.js';
import type {
  NanKind, WastAction, WastArg, WastCommand, WastExpected, WastModule, WastScript,
} from './wast-types.js';

// ignoreBOM: a leading U+FEFF in a string is content (names.wast exports "\uFEFF"), not a byte-order mark.
const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function stringValue(t: Token): string {
  return lossyUtf8.decode(t.bytes as Uint8Array);
}

const f32View = new DataView(new ArrayBuffer(8));

function f32FromBits(bits: number): number {
  f32View.setUint32(0, bits);
  return f32View.getFloat32(0);
}

function f64FromBits(bits: bigint): number {
  f32View.setBigUint64(0, bits);
  return f32View.getFloat64(0);
}

/** A module name `$M` (without `$`) if the cursor is on one. */
function takeName(c: Cursor): string | null {
  return c.takeId()?.text ?? null;
}

/**
 * Read the module of a `(module ...)` list. Text modules are encoded now; inside
 * `assert_malformed` an encoding failure is kept as `malformed-text` instead of thrown.
 */
function readModule(l: SList, tolerateFailure: boolean): { name: string | null; definition: boolean; module: WastModule } {
  if (headOf(l) !== 'module') throw unexpected(l);
  const c = new Cursor(l);
  const definition = c.takeKeyword('definition');
  const id = c.takeId();
  const name = id?.text ?? null;
  if (c.takeKeyword('binary')) return { name, definition, module: { kind: 'binary', bytes: concatStrings(c), fromText: false } };
  if (c.takeKeyword('quote')) return { name, definition, module: { kind: 'quote', text: concatStrings(c) } };
  try {
    const bytes = new ModuleEncoder(l.items.slice(c.pos), id).encode();
    return { name, definition, module: { kind: 'binary', bytes, fromText: true } };
  } catch (e) {
    if (tolerateFailure && e instanceof CompileError) return { name, definition, module: { kind: 'malformed-text', error: e } };
    throw e;
  }
}

function intConst(t: Token, bits: 32 | 64): bigint {
  try {
    const v = t.kind === TokKind.Number ? parseInt(t.text, bits) : null;
    if (v === null) throw unexpected(t);
    return v;
  } catch (e) {
    if (e instanceof OutOfRange) throw malformed('constant out of range', t);
    throw e;
  }
}

function floatConst(t: Token, bits: 32 | 64): number | bigint {
  try {
    const v = t.kind === TokKind.Number || t.kind === TokKind.Keyword
      ? (bits === 32 ? parseF32Bits(t.text) : parseF64Bits(t.text)) : null;
    if (v === null) throw unexpected(t);
    return v;
  } catch (e) {
    if (e instanceof OutOfRange) throw malformed('constant out of range', t);
    throw e;
  }
}

function nanKind(t: SNode | undefined): NanKind | null {
  if (t instanceof Token && t.kind === TokKind.Keyword) {
    if (t.text === 'nan:canonical') return 'canonical';
    if (t.text === 'nan:arithmetic') return 'arithmetic';
  }
  return null;
}

/** A constant or result pattern. `patterns` allows NaN patterns and the `ref.*` kind patterns. */
function readValue(n: SNode, patterns: boolean): WastExpected {
  if (!(n instanceof SList)) throw unexpected(n);
  const head = headOf(n);
  const c = new Cursor(n);
  let v: WastExpected;
  switch (head) {
    case 'i32.const':
      v = { type: 'i32', value: Number(intConst(c.expectToken(), 32)) };
      break;
    case 'i64.const':
      v = { type: 'i64', value: intConst(c.expectToken(), 64) };
      break;
    case 'f32.const':
    case 'f64.const': {
      const t = c.expectToken();
      const type = head === 'f32.const' ? 'f32' : 'f64';
      const nan = patterns ? nanKind(t) : null;
      if (nan) {
        v = { type, nan };
      } else if (type === 'f32') {
        const bits = floatConst(t, 32) as number;
        v = { type, bits, value: f32FromBits(bits) };
      } else {
        const bits = floatConst(t, 64) as bigint;
        v = { type, bits, value: f64FromBits(bits) };
      }
      break;
    }
    case 'v128.const': {
      const shape = readShape(c);
      const bytes = new Uint8Array(16);
      let nanLanes: (NanKind | null)[] | null = null;
      const lanes = LANE_COUNT[shape];
      for (let i = 0; i < lanes; i++) {
        const t = c.expectToken();
        const nan = patterns && (shape === 'f32x4' || shape === 'f64x2') ? nanKind(t) : null;
        if (nan) {
          nanLanes ??= new Array<NanKind | null>(lanes).fill(null);
          nanLanes[i] = nan;
        } else {
          writeLane(shape, t, bytes, i);
        }
      }
      v = patterns ? { type: 'v128', shape, bytes, nanLanes } : { type: 'v128', shape, bytes, nanLanes: null };
      break;
    }
    case 'ref.null': {
      const t = c.peek();
      if (t === undefined && patterns) {
        v = { type: 'ref.null', heap: null };
      } else {
        const h = c.expectToken();
        v = { type: 'ref.null', heap: h.kind === TokKind.Id ? `$${h.text}` : h.text };
      }
      break;
    }
    case 'ref.extern':
    case 'ref.host': {
      const t = c.peek();
      if (t === undefined && patterns && head === 'ref.extern') {
        v = { type: 'ref.extern', value: null };
      } else {
        v = { type: head, value: parseIndex(c.expectToken()) };
      }
      break;
    }
    case 'ref.func':
    case 'ref.struct':
    case 'ref.array':
    case 'ref.i31':
    case 'ref.eq':
    case 'ref.any':
    case 'ref.exn': {
      if (!patterns) throw unexpected(n);
      const t = c.peek();
      let index: string | null = null;
      if (t instanceof Token) {
        c.pos++;
        index = t.kind === TokKind.Id ? `$${t.text}` : t.text;
      }
      v = { type: head, index };
      break;
    }
    case 'either': {
      if (!patterns) throw unexpected(n);
      const options: WastExpected[] = [];
      while (!c.atEnd()) options.push(readValue(c.next(), true));
      v = { type: 'either', options };
      break;
    }
    default:
      throw malformed(head === null ? 'unexpected token' : `unknown operator ${head}`, n.items[0] ?? n);
  }
  c.done();
  return v;
}

function readAction(n: SNode): WastAction {
  if (!(n instanceof SList)) throw unexpected(n);
  const c = new Cursor(n);
  const head = headOf(n);
  if (head === 'invoke') {
    const module = takeName(c);
    const name = stringValue(c.expectString());
    const args: WastArg[] = [];
    while (!c.atEnd()) args.push(readValue(c.next(), false) as WastArg);
    return { type: 'invoke', module, name, args };
  }
  if (head === 'get') {
    const module = takeName(c);
    const name = stringValue(c.expectString());
    c.done();
    return { type: 'get', module, name };
  }
  throw unexpected(n.items[0] ?? n);
}

function readMessage(c: Cursor): string {
  const s = stringValue(c.expectString());
  c.done();
  return s;
}

function readCommand(l: SList): WastCommand {
  const line = l.line;
  const head = headOf(l);
  const c = new Cursor(l);
  switch (head) {
    case 'module': {
      if (c.takeKeyword('instance')) {
        const instance = takeName(c);
        const definition = takeName(c);
        c.done();
        return { type: 'module_instance', line, instance, definition };
      }
      const m = readModule(l, false);
      return { type: 'module', line, name: m.name, definition: m.definition, module: m.module };
    }
    case 'register': {
      const as = stringValue(c.expectString());
      const module = takeName(c);
      c.done();
      return { type: 'register', line, as, module };
    }
    case 'invoke':
    case 'get':
      return { type: 'action', line, action: readAction(l) };
    case 'assert_return': {
      const action = readAction(c.next());
      const expected: WastExpected[] = [];
      while (!c.atEnd()) expected.push(readValue(c.next(), true));
      return { type: 'assert_return', line, action, expected };
    }
    case 'assert_trap': {
      const target = c.expectList();
      if (headOf(target) === 'module') {
        const m = readModule(target, false);
        return { type: 'assert_trap', line, action: null, module: m.module, message: readMessage(c) };
      }
      return { type: 'assert_trap', line, action: readAction(target), module: null, message: readMessage(c) };
    }
    case 'assert_exhaustion': {
      const action = readAction(c.next());
      return { type: 'assert_exhaustion', line, action, message: readMessage(c) };
    }
    case 'assert_exception': {
      const action = readAction(c.next());
      c.done();
      return { type: 'assert_exception', line, action };
    }
    case 'assert_invalid':
    case 'assert_malformed':
    case 'assert_unlinkable':
    case 'assert_uninstantiable': {
      const m = readModule(c.expectList(), head === 'assert_malformed');
      return { type: head, line, module: m.module, message: readMessage(c) };
    }
    default:
      throw malformed(head === null ? 'unexpected token' : `unknown command ${head}`, l.items[0] ?? l);
  }
}

const MODULE_FIELDS: ReadonlySet<string> = new Set([
  'type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data',
]);

/**
 * Parse a WAST script into typed commands. Text modules are encoded to binary here, so a
 * syntax error in one (outside `assert_malformed`) fails the whole script with its position.
 */
export function parseWast(text: string, source: string): WastScript {
  try {
    const commands: WastCommand[] = [];
    // A script may be just the fields of one module (the spec's inline module abbreviation);
    // that is decided by the first item, after which fields are collected instead of run.
    let inline: SNode[] | null = null;
    forEachTopLevel(text, (n) => {
      if (inline !== null) {
        inline.push(n);
        return;
      }
      if (!(n instanceof SList)) throw unexpected(n);
      if (commands.length === 0 && MODULE_FIELDS.has(headOf(n) ?? '')) {
        inline = [n];
        return;
      }
      commands.push(readCommand(n));
    });
    if (inline !== null) {
      const fields: SNode[] = inline;
      const bytes = new ModuleEncoder(fields, null).encode();
      const line = (fields[0] as SList).line;
      commands.push({ type: 'module', line, name: null, definition: false, module: { kind: 'binary', bytes, fromText: true } });
    }
    return { source, commands };
  } catch (e) {
    if (e instanceof CompileError) throw e.withSource(source);
    throw e;
  }
}
