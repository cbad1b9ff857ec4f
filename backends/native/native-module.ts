/** A module compiled by the host engine, shareable by every store of the engine. */
import type { BackendInstance, CompiledModule, InstantiateRequest } from '../../kernel/contracts/backend.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import { FaultTranslator } from './fault-translator.js';
import type { InstrumentLayout } from './instrument/instrument.js';
import type { OffsetMap } from './instrument/offset-map.js';
import { instantiateNative } from './native-instance.js';

export class NativeCompiledModule implements CompiledModule {
  readonly backend = 'native';
  readonly ir: ModuleIR;
  /** The host engine's compiled module. */
  readonly module: WebAssembly.Module;
  /** The bytes handed to the host engine (the original ones when no pass ran). */
  readonly bytes: Uint8Array;
  readonly layout: InstrumentLayout;
  readonly offsets: OffsetMap | null;
  readonly faults: FaultTranslator;

  constructor(ir: ModuleIR, module: WebAssembly.Module, bytes: Uint8Array, layout: InstrumentLayout, offsets: OffsetMap | null, moduleName: string | null) {
    this.ir = ir;
    this.module = module;
    this.bytes = bytes;
    this.layout = layout;
    this.offsets = offsets;
    this.faults = new FaultTranslator(ir, moduleName, offsets);
  }

  instantiate(request: InstantiateRequest): BackendInstance {
    return instantiateNative(this, request);
  }
}
