import { ByteWriter } from './byte-writer.js';
import { Cursor } from './cursor.js';
import { IndexSpace } from './index-space.js';
import { Token } from './lexer.js';
import { malformed } from './text-error.js';
import { bytesKey, encodeFuncType, NamedTypes, readTypeLists, TypeDefInfo } from './type-syntax.js';

/** A resolved type use: the type index plus the parameter ids (for a function's locals). */
export interface TypeUse {
  readonly index: number;
  /** Parameter ids in order; null entries are unnamed. Empty when only `(type x)` was given. */
  readonly paramIds: (Token | null)[];
  readonly paramCount: number;
}

/**
 * Everything a module's fields share while being encoded: the index spaces (filled by the
 * declaration pass, so forward references work), the type table and the implicit function
 * types that inline type uses append to the type section.
 */
export class ModuleContext {
  readonly types = new IndexSpace('type', 'type');
  readonly funcs = new IndexSpace('function', 'func');
  readonly tables = new IndexSpace('table', 'table');
  readonly memories = new IndexSpace('memory', 'memory');
  readonly globals = new IndexSpace('global', 'global');
  readonly tags = new IndexSpace('tag', 'tag');
  readonly elems = new IndexSpace('elem segment', 'elem');
  readonly datas = new IndexSpace('data segment', 'data');
  /** Struct field names per type index (null when the type declared none). */
  readonly fieldNames: (IndexSpace | null)[] = [];
  /** Per type index (explicit definitions, then implicit ones). */
  readonly typeInfo: TypeDefInfo[] = [];
  /** Encoded function types appended after the explicit type definitions. */
  readonly implicitTypes: Uint8Array[] = [];
  /** Set when code uses `memory.init`/`data.drop`/... so the data count section is needed. */
  usesDataCount = false;
  private readonly firstStandalone = new Map<string, number>();
  private standaloneIndexed = 0;

  /** Index of a standalone final function type with this key, appending one if needed. */
  implicitType(ft: Uint8Array, paramCount: number): number {
    // Index lazily: types are all known before any type use is resolved.
    for (; this.standaloneIndexed < this.typeInfo.length; this.standaloneIndexed++) {
      const info = this.typeInfo[this.standaloneIndexed];
      if (info.standaloneFinal && info.funcKey !== null && !this.firstStandalone.has(info.funcKey)) {
        this.firstStandalone.set(info.funcKey, this.standaloneIndexed);
      }
    }
    const key = bytesKey(ft);
    const found = this.firstStandalone.get(key);
    if (found !== undefined) return found;
    const index = this.typeInfo.length;
    this.typeInfo.push({ funcKey: key, paramCount, standaloneFinal: true });
    this.implicitTypes.push(ft);
    this.types.count++;
    this.types.nameOf.push(null);
    return index;
  }

  /**
   * Read a type use `(type x)? (param ...)* (result ...)*`. With both forms the inline
   * signature must equal type x (`inline function type`); with only the inline form the
   * type is found or inserted.
   */
  typeUse(c: Cursor, allowParamIds: boolean): TypeUse {
    const t = c.takeList('type');
    let index = -1;
    if (t) {
      const tc = new Cursor(t);
      index = this.types.resolve(tc.next());
      tc.done();
    }
    const params: NamedTypes = { types: [], ids: [] };
    const results: NamedTypes = { types: [], ids: [] };
    readTypeLists(c, 'param', this.types, allowParamIds, params);
    readTypeLists(c, 'result', this.types, false, results);
    // Anything of a type use after its results is out of order.
    if (c.peekList('param') || c.peekList('type')) throw malformed('unexpected token', c.where());
    if (index >= 0) {
      const info = this.typeInfo[index];
      if (params.types.length > 0 || results.types.length > 0) {
        const key = bytesKey(encodeFuncType(params.types, results.types));
        if (info === undefined) throw malformed('unknown type', t ?? c.list);
        if (info.funcKey !== key) throw malformed('inline function type', t ?? c.list);
        return { index, paramIds: params.ids, paramCount: params.types.length };
      }
      return { index, paramIds: [], paramCount: info?.paramCount ?? 0 };
    }
    const ft = encodeFuncType(params.types, results.types);
    return { index: this.implicitType(ft, params.types.length), paramIds: params.ids, paramCount: params.types.length };
  }

  /**
   * Read and write a block type: empty, a single result type, or a type index (explicit, or
   * implicit for parameters / several results).
   */
  blockType(c: Cursor, w: ByteWriter): void {
    if (c.peekList('type')) {
      const use = this.typeUse(c, false);
      w.s32(use.index);
      return;
    }
    const params: NamedTypes = { types: [], ids: [] };
    const results: NamedTypes = { types: [], ids: [] };
    readTypeLists(c, 'param', this.types, false, params);
    readTypeLists(c, 'result', this.types, false, results);
    if (c.peekList('param') || c.peekList('type')) throw malformed('unexpected token', c.where());
    if (params.types.length === 0 && results.types.length === 0) {
      w.byte(0x40);
    } else if (params.types.length === 0 && results.types.length === 1) {
      w.bytes(results.types[0]);
    } else {
      w.s32(this.implicitType(encodeFuncType(params.types, results.types), params.types.length));
    }
  }
}
