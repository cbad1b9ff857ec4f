import { WeftError } from '../../kernel/errors/weft-error.js';

/** The pool-wide counts an instantiation can run out of. */
export type PoolCapacity = 'totalInstances' | 'totalMemories' | 'totalTables';

/** The per-module limits a module can exceed. */
export type PoolModuleLimit = 'maxMemoriesPerModule' | 'maxTablesPerModule' | 'maxMemorySize' | 'tableElements';

/** Every slot of one kind is in use: `pool exhausted: totalInstances (100) in use`. */
export class PoolExhaustedError extends WeftError {
  /** The knob that ran out. */
  readonly limit: PoolCapacity;
  /** Its configured value. */
  readonly configured: number;

  constructor(limit: PoolCapacity, configured: number) {
    super('pool_exhausted', `pool exhausted: ${limit} (${configured}) in use`);
    this.limit = limit;
    this.configured = configured;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit, configured: this.configured };
  }
}

export function isPoolExhaustedError(e: unknown): e is PoolExhaustedError {
  return e instanceof PoolExhaustedError;
}

/**
 * A module asks for more than one slot can hold, so no amount of waiting helps:
 * `pool limit: memory 0 needs 20 pages, maxMemorySize is 1048576 bytes (16 pages)`.
 * Code `resource_limit`, as the guard-page allocator's own limit errors.
 */
export class PoolLimitError extends WeftError {
  readonly limit: PoolModuleLimit;
  readonly configured: number;

  constructor(limit: PoolModuleLimit, configured: number, detail: string) {
    super('resource_limit', `pool limit: ${detail}`);
    this.limit = limit;
    this.configured = configured;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit, configured: this.configured };
  }
}

export function isPoolLimitError(e: unknown): e is PoolLimitError {
  return e instanceof PoolLimitError;
}
