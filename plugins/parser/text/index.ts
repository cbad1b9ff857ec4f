/**
 * The WebAssembly text format: WAT → binary (`watToBinary`) and WAST scripts → typed
 * commands (`parseWast`) for the `weft wast` runner.
 */
export { watToBinary, encodeModule, textFromBytes } from './wat.js';
export type { WatOptions } from './wat.js';
export { parseWast } from './wast-parser.js';
export type * from './wast-types.js';
export { readSExprs, SList, isList, isListOf, headOf } from './sexpr.js';
export type { SNode } from './sexpr.js';
export { Token, TokKind } from './lexer.js';
