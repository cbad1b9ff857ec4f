/**
 * Per-instance state the run loop reads (index spaces, cached memory view, segments) and the
 * per-function handle `InterpFunc` (translated code + owning instance) that interpreter
 * `FuncInstance`s carry in `impl`, so calls between interpreter instances skip the JS API.
 */
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import type { TypeRegistry } from '../../kernel/ir/type-registry.js';
import type { FuncInstance, Caller } from '../../kernel/runtime/func-instance.js';
import type { GlobalInstance } from '../../kernel/runtime/global-instance.js';
import type { MemoryInstance } from '../../kernel/runtime/memory-instance.js';
import type { TableInstance } from '../../kernel/runtime/table-instance.js';
import type { TagInstance } from '../../kernel/runtime/tag-instance.js';
import type { StoreContext } from '../../kernel/runtime/store-context.js';
import type { TrapHandler } from '../../kernel/contracts/trap-handler.js';
import type { ExternValue } from '../../kernel/runtime/extern.js';
import type { FuncCode } from './func-code.js';
import type { InterpModule } from './compiled-module.js';
import type { Machine } from './machine.js';

const NO_MEMORY = new DataView(new ArrayBuffer(0));

export class InterpFunc {
  readonly fc: FuncCode;
  readonly inst: InterpInstance;
  /** The FuncInstance wrapping this function (set right after construction). */
  fi: FuncInstance | null = null;

  constructor(fc: FuncCode, inst: InterpInstance) {
    this.fc = fc;
    this.inst = inst;
  }
}

/** The one Caller object of an instance, handed to every host function it calls. */
export class InstanceCaller implements Caller {
  private readonly inst: InterpInstance;

  constructor(inst: InterpInstance) {
    this.inst = inst;
  }

  getExport(name: string): unknown {
    return this.inst.exports.get(name);
  }

  get data(): unknown {
    return this.inst.store.data;
  }
}

export class InterpInstance {
  readonly module: InterpModule;
  readonly ir: ModuleIR;
  readonly store: StoreContext;
  readonly registry: TypeRegistry;
  readonly trapHandler: TrapHandler;
  readonly instanceId: number;
  readonly typeIds: Int32Array;
  funcs: FuncInstance[] = [];
  /** Direct-call targets: the InterpFunc of each function index, or null (host/other backend). */
  callees: (InterpFunc | null)[] = [];
  memories: MemoryInstance[] = [];
  tables: TableInstance[] = [];
  tableIs64: Uint8Array = new Uint8Array(0);
  globals: GlobalInstance[] = [];
  tags: TagInstance[] = [];
  /** Passive data segments (null once dropped). */
  datas: (Uint8Array | null)[] = [];
  /** Element segments as evaluated references (null once dropped). */
  elems: (unknown[] | null)[] = [];
  exports = new Map<string, ExternValue>();
  readonly caller: InstanceCaller;
  /** Memory 0 and its cached view (refreshed when its generation changes). */
  mem0: MemoryInstance | null = null;
  m0dv: DataView = NO_MEMORY;
  m0gen = -1;
  m0buf: ArrayBuffer | null = null;
  /** Byte views of each memory for the SIMD bridge, and the memory generation they were made at. */
  memBytes: (Uint8Array | null)[] = [];
  memBytesGen: number[] = [];
  /** The store's synchronous Machine, cached here on first use (saves a WeakMap lookup per call). */
  machine: Machine | null = null;
  /** Whether call.enter/exit events are compiled in. */
  readonly hooks: boolean;
  release: () => void = () => {};

  constructor(module: InterpModule, store: StoreContext, registry: TypeRegistry, trapHandler: TrapHandler, instanceId: number) {
    this.module = module;
    this.ir = module.ir;
    this.store = store;
    this.registry = registry;
    this.trapHandler = trapHandler;
    this.instanceId = instanceId;
    this.typeIds = module.ir.typeIds;
    this.caller = new InstanceCaller(this);
    this.hooks = module.options.callHooks;
  }

  /**
   * Re-reads memory 0's buffer after a grow (or on first use). The view covers exactly the
   * memory's byteLength, so the DataView's own bounds check agrees with wasm's.
   */
  refreshMem0(): void {
    const m = this.mem0;
    if (m === null) return;
    if (m.generation !== this.m0gen || m.buffer !== this.m0buf) {
      this.m0buf = m.buffer;
      // A released memory (its instance disposed, or its instantiation failed after a function
      // escaped into an imported table) keeps its byteLength over an emptied buffer: accesses trap.
      const buffer = m.buffer;
      this.m0dv = new DataView(buffer, 0, Math.min(m.byteLength, buffer.byteLength));
      this.m0gen = m.generation;
    }
  }
}

export { NO_MEMORY };
