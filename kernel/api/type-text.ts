/**
 * Wasm types in text form, both ways: `(func (param i32) (result i32))` for host function
 * signatures and LinkError messages, `(memory 1 2)`, `(table 1 funcref)`, `(global (mut i32))`.
 */
import type { FuncType, GlobalType, Limits, MemoryType, RefType, TableType, ValType } from '../ir/types.js';
import { funcTypeToString, refType, valTypeToString } from '../ir/types.js';

const SHORTHAND: Record<string, RefType> = {
  funcref: refType(true, 'func'), externref: refType(true, 'extern'), anyref: refType(true, 'any'),
  eqref: refType(true, 'eq'), i31ref: refType(true, 'i31'), structref: refType(true, 'struct'),
  arrayref: refType(true, 'array'), nullref: refType(true, 'none'), nullfuncref: refType(true, 'nofunc'),
  nullexternref: refType(true, 'noextern'), exnref: refType(true, 'exn'), nullexnref: refType(true, 'noexn'),
};
const HEAPS = new Set(['func', 'nofunc', 'extern', 'noextern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'exn', 'noexn']);

type SExpr = string | SExpr[];

function tokenize(text: string): SExpr {
  const tokens = text.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').trim().split(/\s+/).filter(Boolean);
  let i = 0;
  const read = (): SExpr => {
    const t = tokens[i++];
    if (t === undefined) throw new SyntaxError('unexpected end of type');
    if (t === ')') throw new SyntaxError('unexpected )');
    if (t !== '(') return t;
    const list: SExpr[] = [];
    while (tokens[i] !== ')') {
      if (i >= tokens.length) throw new SyntaxError('missing )');
      list.push(read());
    }
    i++;
    return list;
  };
  const e = read();
  if (i !== tokens.length) throw new SyntaxError(`unexpected ${tokens[i]}`);
  return e;
}

function parseValType(e: SExpr): ValType {
  if (typeof e === 'string') {
    if (e === 'i32' || e === 'i64' || e === 'f32' || e === 'f64' || e === 'v128') return e;
    const r = SHORTHAND[e];
    if (r) return r;
    throw new SyntaxError(`unknown value type ${e}`);
  }
  if (e[0] === 'ref') {
    const nullable = e[1] === 'null';
    const heap = e[nullable ? 2 : 1];
    if (typeof heap !== 'string' || !HEAPS.has(heap) || e.length !== (nullable ? 3 : 2)) {
      throw new SyntaxError('expected (ref null? <abstract heap type>)');
    }
    return refType(nullable, heap as RefType['heap']);
  }
  throw new SyntaxError('expected a value type');
}

/** Parses `(func (param i32 i64) (param $x f32) (result i32))`; throws a SyntaxError saying what is wrong. */
export function parseFuncType(text: string): FuncType {
  let e: SExpr;
  try {
    e = tokenize(text);
    if (!Array.isArray(e) || e[0] !== 'func') throw new SyntaxError('expected (func ...)');
    const params: ValType[] = [];
    const results: ValType[] = [];
    let seenResult = false;
    for (const part of e.slice(1)) {
      if (!Array.isArray(part) || (part[0] !== 'param' && part[0] !== 'result')) throw new SyntaxError('expected (param ...) or (result ...)');
      if (part[0] === 'param') {
        if (seenResult) throw new SyntaxError('param after result');
        const rest = part.slice(1);
        if (typeof rest[0] === 'string' && rest[0].startsWith('$')) {
          if (rest.length !== 2) throw new SyntaxError('a named param takes exactly one type');
          params.push(parseValType(rest[1]));
        } else {
          for (const t of rest) params.push(parseValType(t));
        }
      } else {
        seenResult = true;
        for (const t of part.slice(1)) results.push(parseValType(t));
      }
    }
    return Object.freeze({ kind: 'func', params: Object.freeze(params), results: Object.freeze(results) });
  } catch (err) {
    throw new SyntaxError(`invalid function type "${text}": ${(err as Error).message}`);
  }
}

export function limitsToString(l: Limits): string {
  return l.max === null ? `${l.min}` : `${l.min} ${l.max}`;
}

export function memoryTypeToString(t: MemoryType): string {
  return `(memory ${t.address === 'i64' ? 'i64 ' : ''}${limitsToString(t.limits)}${t.shared ? ' shared' : ''})`;
}

export function tableTypeToString(t: TableType): string {
  return `(table ${t.address === 'i64' ? 'i64 ' : ''}${limitsToString(t.limits)} ${valTypeToString(t.element)})`;
}

export function globalTypeToString(t: GlobalType): string {
  return t.mutable ? `(global (mut ${valTypeToString(t.type)}))` : `(global ${valTypeToString(t.type)})`;
}

export function tagTypeToString(t: FuncType): string {
  return funcTypeToString(t).replace(/^\(func/, '(tag');
}

export { funcTypeToString, valTypeToString };
