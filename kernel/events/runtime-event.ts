/**
 * Everything the runtime reports, as one discriminated union on `type`. Lifecycle events are
 * always available; per-call events (`call.enter`/`call.exit`, `host.call`) are produced only
 * when a subscriber asked for them before compile/instantiate (backends compile hooks in then).
 */
import type { BacktraceFrame } from '../errors/trap.js';

export interface ModuleCompiledEvent {
  readonly type: 'module.compiled';
  readonly moduleName: string | null;
  /** sha256 of the module bytes, hex. */
  readonly hash: string;
  readonly backend: string;
  readonly bytes: number;
  readonly durationMs: number;
}

export interface InstanceCreatedEvent {
  readonly type: 'instance.created';
  readonly instanceId: number;
  readonly storeId: number;
  readonly moduleName: string | null;
  /** sha256 of the module bytes, hex. */
  readonly hash: string;
  readonly backend: string;
  /** Bytes of the linear memories the instance defined, at creation. */
  readonly memoryBytes: number;
  readonly durationMs: number;
}

export interface InstanceDroppedEvent {
  readonly type: 'instance.dropped';
  readonly instanceId: number;
  readonly storeId: number;
}

export interface MemoryGrownEvent {
  readonly type: 'memory.grown';
  readonly storeId: number;
  readonly oldPages: number;
  readonly newPages: number;
}

export interface TrapEvent {
  readonly type: 'trap';
  readonly storeId: number;
  readonly trapCode: string;
  readonly message: string;
  readonly backtrace: readonly BacktraceFrame[];
}

export interface FuelExhaustedEvent {
  readonly type: 'fuel.exhausted';
  readonly storeId: number;
}

export interface ExportCallEvent {
  readonly type: 'export.call';
  readonly storeId: number;
  readonly instanceId: number;
  readonly name: string;
  readonly phase: 'enter' | 'exit';
  /** On exit: fuel consumed by the call (0 when fuel is off). */
  readonly fuelConsumed: number;
  /** On exit: the trap code, or null for a normal return. */
  readonly trapCode: string | null;
}

export interface HostCallEvent {
  readonly type: 'host.call';
  readonly storeId: number;
  readonly module: string;
  readonly name: string;
  readonly phase: 'enter' | 'exit';
}

/**
 * One WASI call, emitted by the kernel's host-function wrapper after the call (only while the
 * bus is observed): the import's module (`wasi_snapshot_preview1`, `wasi_unstable`) and name.
 */
export interface WasiCallEvent {
  readonly type: 'wasi.call';
  readonly storeId: number;
  readonly module: string;
  readonly name: string;
  /** WASI errno returned (0 success; `proc_exit` counts as 0); -1 when the call threw. */
  readonly errno: number;
  readonly durationMs: number;
}

export interface FuncCallEvent {
  readonly type: 'call.enter' | 'call.exit';
  readonly storeId: number;
  readonly funcIndex: number;
  readonly funcName: string | null;
}

export interface PoolEvent {
  readonly type: 'pool.metrics';
  readonly slotsInUse: number;
  readonly warmSlots: number;
  readonly resets: number;
}

export type RuntimeEvent =
  | ModuleCompiledEvent | InstanceCreatedEvent | InstanceDroppedEvent | MemoryGrownEvent
  | TrapEvent | FuelExhaustedEvent | ExportCallEvent | HostCallEvent | WasiCallEvent
  | FuncCallEvent | PoolEvent;

export type RuntimeEventType = RuntimeEvent['type'];
