import { WeftError } from '../errors/weft-error.js';
import { StoreContext } from '../runtime/store-context.js';
import type { Engine } from './engine.js';
import { StoreLimiter, type StoreLimits } from './store-limits.js';

export interface StoreOptions<T> {
  /** Embedder data, visible to host functions as `caller.data`. */
  readonly data?: T;
  /** Name of the store in the manifest's `stores` (its capability grants and limits); `default` when omitted. */
  readonly name?: string;
  /** Host capabilities (import module names) granted in addition to the manifest's grants. */
  readonly capabilities?: readonly string[];
  /** Limits; fields left out come from the manifest (`stores.<name>.limits`, then `limits`). */
  readonly limits?: StoreLimits;
}

/** Something the store owns and disposes with itself (instances). */
export interface StoreOwned {
  dispose(): void;
}

/**
 * Per-tenant isolation: every instance, memory and table belongs to one store, with its fuel,
 * epoch deadline, limits and user data. Dispose it to free everything it owns.
 */
export class Store<T = unknown> {
  readonly engine: Engine;
  /** The state backends read while running (resolved once per store). */
  readonly context: StoreContext;
  readonly name: string;
  /** Host capabilities this store may link. */
  readonly capabilities: ReadonlySet<string>;
  readonly limits: StoreLimits;
  /** @internal */
  readonly limiter: StoreLimiter;
  private readonly owned = new Set<StoreOwned>();
  private disposed = false;
  /** @internal Counts of live defined tables/memories (for maxTables/maxMemories). */
  tableCount = 0;
  /** @internal */
  memoryCount = 0;

  constructor(engine: Engine, options: StoreOptions<T> = {}) {
    this.engine = engine;
    this.name = options.name ?? 'default';
    this.context = new StoreContext(engine.allocateStoreId(), engine.epoch, engine.bus);
    const m = engine.limitsFor(this.name);
    this.limits = {
      maxMemoryBytes: m.maxMemoryBytes, maxTableElements: m.maxTableElements, maxInstances: m.maxInstances,
      maxTables: m.maxTables, maxMemories: m.maxMemories, trapOnGrowFailure: m.trapOnGrowFailure,
      ...stripUndefined(options.limits ?? {}),
    };
    const user = options.limits;
    if (user?.memoryGrowing) this.limits = { ...this.limits, memoryGrowing: user.memoryGrowing.bind(user) };
    if (user?.tableGrowing) this.limits = { ...this.limits, tableGrowing: user.tableGrowing.bind(user) };
    this.limiter = new StoreLimiter(this.limits);
    this.capabilities = new Set([...engine.grantsFor(this.name), ...(options.capabilities ?? [])]);
    const ctx = this.context;
    ctx.data = options.data;
    ctx.fuelEnabled = engine.config.consumeFuel;
    ctx.fuel = engine.config.consumeFuel ? (m.fuel ?? 0) : 0;
    ctx.epochEnabled = engine.config.epochInterruption;
    // No deadline set: never interrupt (Wasmtime's default deadline is the current epoch; ours
    // is "infinitely far" so enabling epochs does not break stores that never set one).
    ctx.epochDeadline = 0x7fffffff;
    ctx.maxWasmStack = engine.config.maxWasmStack;
    ctx.guard = this.limiter;
    ctx.trapOnGrowFailure = this.limits.trapOnGrowFailure ?? false;
  }

  get id(): number {
    return this.context.id;
  }

  get data(): T {
    return this.context.data as T;
  }

  set data(value: T) {
    this.context.data = value;
  }

  /** Sets the remaining fuel; the engine must have been built with `consumeFuel`. */
  setFuel(fuel: number | bigint): void {
    this.requireFuel('setFuel');
    const n = typeof fuel === 'bigint' ? Number(fuel) : fuel;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`setFuel: fuel must be a non-negative integer, got ${String(fuel)}`);
    this.context.fuel = n;
  }

  /** Remaining fuel. */
  getFuel(): number {
    this.requireFuel('getFuel');
    return this.context.fuel;
  }

  /** Interrupt guests once the engine's epoch has advanced `ticks` past its current value. */
  setEpochDeadline(ticks: number): void {
    if (!this.engine.config.epochInterruption) {
      throw new WeftError('epoch_disabled', 'setEpochDeadline: the engine was built without `epochInterruption: true`');
    }
    if (!Number.isInteger(ticks) || ticks < 0) throw new RangeError(`setEpochDeadline: ticks must be a non-negative integer, got ${ticks}`);
    this.context.epochDeadline = Math.min(Atomics.load(this.engine.epoch, 0) + ticks, 0x7fffffff);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal Instances register here so the store disposes them with itself. */
  adopt(item: StoreOwned): void {
    this.assertLive();
    this.owned.add(item);
  }

  /** @internal */
  release(item: StoreOwned): void {
    this.owned.delete(item);
  }

  /** @internal */
  get liveInstances(): number {
    return this.owned.size;
  }

  /** @internal */
  assertLive(): void {
    if (this.disposed) throw new WeftError('store_disposed', `store ${this.name} (#${this.id}) has been disposed`);
  }

  /** Disposes every instance of the store and frees their memories and tables. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of [...this.owned]) item.dispose();
    this.owned.clear();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private requireFuel(what: string): void {
    if (!this.engine.config.consumeFuel) {
      throw new WeftError('fuel_disabled', `${what}: fuel is not enabled; build the engine with \`consumeFuel: true\``);
    }
  }
}

function stripUndefined<O extends object>(o: O): Partial<O> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;
}
