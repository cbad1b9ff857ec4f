/**
 * The built-in `parser` plugin: binary decode + validate (`plugins/parser/binary`) and WAT →
 * binary (`plugins/parser/text`) behind the kernel's `Parser` contract.
 */
import { ContainerModule } from 'inversify';
import { Parser } from '../../kernel/contracts/parser.js';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { CompileError } from '../../kernel/errors/compile-error.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { TypeRegistry } from '../../kernel/ir/type-registry.js';
import { decodeModule } from './binary/index.js';
import { watToBinary } from './text/index.js';

/** The `Parser` service: stateless; types are interned in the engine's registry passed in. */
export class WeftParser implements Parser {
  parseBinary(bytes: Uint8Array, registry: TypeRegistry, options: { source?: string } = {}): ModuleIR {
    try {
      return decodeModule(bytes, registry);
    } catch (e) {
      throw e instanceof CompileError && options.source && !e.source ? e.withSource(options.source) : e;
    }
  }

  watToBinary(text: string, options: { source?: string } = {}): Uint8Array {
    return watToBinary(text, { source: options.source });
  }

  validate(bytes: Uint8Array, registry: TypeRegistry): boolean {
    try {
      decodeModule(bytes, registry);
      return true;
    } catch (e) {
      if (e instanceof CompileError) return false;
      throw e;
    }
  }
}

export const parserPlugin: WeftPlugin = {
  id: 'parser',
  version: '0.1.0',
  provides: ['parser'],
  description: 'WebAssembly 3.0 binary decoder + validator and text (WAT) encoder',
  module: () => new ContainerModule(({ bind }) => {
    bind<Parser>(Parser).toConstantValue(new WeftParser());
  }),
};

export default parserPlugin;
