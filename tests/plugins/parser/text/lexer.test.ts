// Lexer and S-expression reader: token classes, ids, strings, comments, annotations, positions.
import t from 'tap';
import { CompileError } from '../../../../kernel/errors/compile-error.js';
import { Lexer, Token, TokKind } from '../../../../plugins/parser/text/lexer.js';
import { readSExprs, SList } from '../../../../plugins/parser/text/sexpr.js';
import { watToBinary } from '../../../../plugins/parser/text/index.js';

function tokens(src: string): Token[] {
  const lx = new Lexer(src);
  const out: Token[] = [];
  for (let tok = lx.next(); tok.kind !== TokKind.Eof; tok = lx.next()) out.push(tok);
  return out;
}

function lexError(src: string): CompileError {
  try {
    tokens(src);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(src)}`);
}

t.test('token classes', async (t) => {
  const ts = tokens('(func $f i32.add 0x1F -1.5e3 nan:0x7f "s" a,b)');
  t.same(ts.map((x) => x.kind), [
    TokKind.LParen, TokKind.Keyword, TokKind.Id, TokKind.Keyword, TokKind.Number, TokKind.Number,
    TokKind.Keyword, TokKind.String, TokKind.Reserved, TokKind.RParen,
  ]);
  t.equal(ts[2].text, 'f', 'ids drop the $');
  t.equal(ts[6].text, 'nan:0x7f');
});

t.test('quoted ids equal plain ids', async (t) => {
  const [a, b] = tokens('$"x y" $x');
  t.equal(a.kind, TokKind.Id);
  t.equal(a.text, 'x y');
  t.equal(b.text, 'x');
  t.equal(lexError('$""').reason, 'empty identifier');
  t.equal(lexError('$ ').reason, 'empty identifier');
  t.equal(lexError('$"\\ef"').reason, 'malformed UTF-8 encoding');
});

t.test('string escapes', async (t) => {
  const [s] = tokens('"\\t\\n\\r\\"\\\'\\\\\\00\\ff\\u{41}\\u{1F600}é"');
  t.same([...(s.bytes as Uint8Array)], [9, 10, 13, 34, 39, 92, 0, 255, 65, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9]);
  t.equal(lexError('"abc').reason, 'unclosed string');
  t.equal(lexError('"a\nb"').reason, 'unclosed string');
  t.equal(lexError('"\\q"').reason, 'unknown escape');
  t.equal(lexError('"\\u{d800}"').reason, 'malformed escape');
});

t.test('comments and annotations are skipped', async (t) => {
  const ts = tokens(';; line\n(; block (; nested ;) still ;) x (@ann (a b) "s" (@inner)) y');
  t.same(ts.map((x) => x.text), ['x', 'y']);
  t.equal(lexError('(; open').reason, 'unclosed comment');
  t.equal(lexError('(@x (y)').reason, 'unclosed annotation');
  t.equal(lexError('(@ x)').reason, 'empty annotation id');
  t.equal(lexError('(@"")').reason, 'empty annotation id');
});

t.test('illegal characters', async (t) => {
  t.equal(lexError('\u0001').reason, 'illegal character');
  t.equal(lexError('x \u00a0').reason, 'illegal character');
});

t.test('line and column tracking', async (t) => {
  const ts = tokens('(module\n  (func $f)\n\t(; c\n ;) end)');
  const f = ts.find((x) => x.text === 'f') as Token;
  t.equal(f.line, 2);
  t.equal(f.col, 9);
  const end = ts.find((x) => x.text === 'end') as Token;
  t.equal(end.line, 4);
  t.equal(end.col, 5);
  const e = lexError('(a\n  "unterminated');
  t.equal(e.line, 2);
  t.equal(e.column, 3);
  t.equal(e.kind, 'malformed');
});

t.test('S-expressions', async (t) => {
  const top = readSExprs('(a (b c) d) (e)');
  t.equal(top.length, 2);
  const first = top[0] as SList;
  t.equal(first.items.length, 3);
  t.ok(first.items[1] instanceof SList);
  for (const [src, reason] of [['(a (b)', 'unexpected end of input'], ['(a))', 'unexpected token']]) {
    try {
      readSExprs(src);
      t.fail(`accepted ${src}`);
    } catch (e) {
      t.equal((e as CompileError).reason, reason);
    }
  }
});

t.test('linear time on large input', async (t) => {
  const big = '(module ' + '(func (i32.add (i32.const 1) (i32.const 2)) drop) '.repeat(20000) + ')';
  const start = performance.now();
  const top = readSExprs(big);
  const ms = performance.now() - start;
  t.equal((top[0] as SList).items.length, 20001);
  t.ok(ms < 5000, `read ${big.length} chars in ${ms.toFixed(0)} ms`);
});

t.test('a newline is LF, CR or CR LF: each ends a line comment and counts one line', async (t) => {
  for (const nl of ['\n', '\r', '\r\n']) {
    const ts = tokens(`(a ;; comment${nl} b)${nl}c`);
    t.same(ts.map((x) => x.text), ['(', 'a', 'b', ')', 'c'], `line comment ended by ${JSON.stringify(nl)}`);
    t.equal((ts.find((x) => x.text === 'b') as Token).line, 2);
    t.equal((ts.find((x) => x.text === 'c') as Token).line, 3);
    t.equal((ts.find((x) => x.text === 'c') as Token).col, 1);
  }
  const lines = tokens('a\rb\r\nc\nd\r\re (; x\ry\r\nz ;) f');
  t.same(lines.map((x) => [x.text, x.line]), [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 6], ['f', 8]]);
});

t.test('comments.wast "Newline recognition": a CR ends the comment, the code after it counts', async (t) => {
  // The testsuite's `(module quote ...)`, with the string escapes already decoded.
  const func = (name: string, nl: string): string =>
    `(func (export "${name}") (result i32)  (i32.const 1)  ;; comment${nl}  (return (i32.const 2))\n)`;
  const src = func('f1', '\n') + func('f2', '\r') + func('f3', '\r\n');
  const { instance } = await WebAssembly.instantiate(watToBinary(src));
  const exports = instance.exports as Record<string, () => number>;
  t.equal(exports.f1(), 2, 'LF');
  t.equal(exports.f2(), 2, 'CR');
  t.equal(exports.f3(), 2, 'CR LF');
});
