import type { FuncType, GlobalType, Limits, MemoryType, SubType, TableType } from '../../kernel/ir/types.js';
import { funcTypeToString, valTypeToString } from '../../kernel/ir/types.js';

/** Extern and composite types in text-format notation, as `weft inspect` prints them. */

function limitsText(l: Limits): string {
  return l.max === null ? `${l.min}` : `${l.min} ${l.max}`;
}

function addressPrefix(address: 'i32' | 'i64'): string {
  return address === 'i64' ? 'i64 ' : '';
}

export function tableTypeText(t: TableType): string {
  return `(table ${addressPrefix(t.address)}${limitsText(t.limits)} ${valTypeToString(t.element)})`;
}

export function memoryTypeText(t: MemoryType): string {
  return `(memory ${addressPrefix(t.address)}${limitsText(t.limits)}${t.shared ? ' shared' : ''})`;
}

export function globalTypeText(t: GlobalType): string {
  const v = valTypeToString(t.type);
  return `(global ${t.mutable ? `(mut ${v})` : v})`;
}

/** A tag's type is a function type with no results; print its params as `(tag (param ...))`. */
export function tagTypeText(t: FuncType): string {
  return `(tag${funcTypeToString(t).slice('(func'.length)}`;
}

export function subTypeText(t: SubType): string {
  const c = t.composite;
  let body: string;
  if (c.kind === 'func') {
    body = funcTypeToString(c);
  } else if (c.kind === 'struct') {
    const fields = c.fields.map((f) => {
      const s = valTypeToString(f.storage);
      return ` (field ${f.mutable ? `(mut ${s})` : s})`;
    }).join('');
    body = `(struct${fields})`;
  } else {
    const s = valTypeToString(c.element.storage);
    body = `(array ${c.element.mutable ? `(mut ${s})` : s})`;
  }
  if (t.final && t.supertypes.length === 0) return body;
  return `(sub${t.final ? ' final' : ''}${t.supertypes.map((s) => ` ${s}`).join('')} ${body})`;
}
