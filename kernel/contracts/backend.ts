import type { Feature, ModuleIR } from '../ir/module-ir.js';
import type { TypeRegistry } from '../ir/type-registry.js';
import type { ExternValue } from '../runtime/extern.js';
import type { FuncInstance } from '../runtime/func-instance.js';
import type { GlobalInstance } from '../runtime/global-instance.js';
import type { MemoryInstance } from '../runtime/memory-instance.js';
import type { StoreContext } from '../runtime/store-context.js';
import type { TableInstance } from '../runtime/table-instance.js';
import type { TagInstance } from '../runtime/tag-instance.js';
import type { WasmValueBits } from '../runtime/value-bits.js';
import type { InstanceAllocator } from './instance-allocator.js';
import type { TrapHandler } from './trap-handler.js';

export const Backend = Symbol.for('weft.Backend');

/** What to compile in. Every option off means the backend emits nothing extra. */
export interface CompileOptions {
  /** Count fuel (same cost table on every backend) and trap with `OutOfFuel`. */
  readonly fuel: boolean;
  /** Check the epoch deadline at function entry and loop back-edges; trap with `Interrupt`. */
  readonly epoch: boolean;
  /** Emit `call.enter`/`call.exit` events (only when a subscriber asked). */
  readonly callHooks: boolean;
  /**
   * Compile in guest-sampling check points (function entry, loop headers) reading
   * `StoreContext.sampler`; only while a sampling profiler is attached. Absent means off.
   */
  readonly sampling?: boolean;
  /** Name for backtraces and profiles (name section module name, or the file name). */
  readonly moduleName: string | null;
  /**
   * Take defined memories from the engine's InstanceAllocator even on a backend that could let
   * the host engine create them (native); set when the allocator recycles memories (pooling).
   * Absent means the backend's own default.
   */
  readonly allocatorControl?: boolean;
}

/** Imports resolved by the Linker, per kind, in the module's import order. */
export interface ResolvedImports {
  readonly funcs: readonly FuncInstance[];
  readonly tables: readonly TableInstance[];
  readonly memories: readonly MemoryInstance[];
  readonly globals: readonly GlobalInstance[];
  readonly tags: readonly TagInstance[];
}

export interface InstantiateRequest {
  readonly store: StoreContext;
  readonly imports: ResolvedImports;
  readonly allocator: InstanceAllocator;
  readonly trapHandler: TrapHandler;
  readonly registry: TypeRegistry;
  /** Numeric id of the new instance (for events). */
  readonly instanceId: number;
}

/** A live instance as a backend sees it. The kernel wraps it in the public `Instance`. */
export interface BackendInstance {
  readonly exports: ReadonlyMap<string, ExternValue>;
  /** Whole index spaces (imports first), for the API and debuggers. */
  readonly funcs: readonly FuncInstance[];
  readonly memories: readonly MemoryInstance[];
  readonly tables: readonly TableInstance[];
  readonly globals: readonly GlobalInstance[];
  /** Frees the instance's allocations (memories and tables it defined). Idempotent. */
  dispose(): void;
}

/** Backend-owned code for one module, shareable by every store of the engine. */
export interface CompiledModule {
  readonly backend: string;
  readonly ir: ModuleIR;
  /**
   * Allocates, initialises (globals, tables, elems, data, in spec order) and runs the start
   * function. Traps during initialisation are thrown as `Trap`s.
   */
  instantiate(request: InstantiateRequest): BackendInstance;
  /** As `instantiate`, but the start function may call async host functions. */
  instantiateAsync?(request: InstantiateRequest): Promise<BackendInstance>;
}

export interface Backend {
  /** `interpreter`, `native`, ... (what `--backend` names). */
  readonly id: string;
  /** Features this backend executes; modules using others are refused at compile time. */
  readonly features: ReadonlySet<Feature>;
  /** Whether `callAsync` can suspend a guest at an async host function. */
  readonly canSuspend: boolean;
  /**
   * Memories this backend imports must be `WebAssembly.Memory` objects (the native backend):
   * an engine with such a backend creates standalone memories (`Memory.create`) that way, so
   * they need no move and shared ones can be imported at all. Absent means false.
   */
  readonly hostMemories?: boolean;
  /** Why this backend cannot compile `ir` with `options`, or null when it can. */
  unsupported(ir: ModuleIR, options: CompileOptions): string | null;
  compile(ir: ModuleIR, options: CompileOptions): CompiledModule;
  /**
   * Optional raw entry: calls one of this backend's functions (`func.owner === id`) with
   * arguments in bits form and returns every result in bits form (see `value-bits.ts`), so
   * signalling-NaN payloads survive. Without it, `Func.callBits` goes through `invoke`.
   */
  invokeBits?(func: FuncInstance, args: readonly WasmValueBits[]): WasmValueBits[];
}
