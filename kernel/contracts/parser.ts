import type { ModuleIR } from '../ir/module-ir.js';
import type { TypeRegistry } from '../ir/type-registry.js';

export const Parser = Symbol.for('weft.Parser');

/** Bytes or text in, validated IR out; anything else is a `CompileError`. */
export interface Parser {
  /** Decodes and validates a binary module; types are interned in `registry`. */
  parseBinary(bytes: Uint8Array, registry: TypeRegistry, options?: { source?: string }): ModuleIR;
  /** Encodes WebAssembly text (a single module) to binary. */
  watToBinary(text: string, options?: { source?: string }): Uint8Array;
  /** Validates without keeping the IR. */
  validate(bytes: Uint8Array, registry: TypeRegistry): boolean;
}
