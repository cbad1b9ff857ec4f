import { WeftError } from '../../kernel/errors/weft-error.js';
import { PAGE_SIZE } from '../../kernel/runtime/memory-instance.js';

/**
 * The pooling allocator's knobs: Wasmtime's `PoolingAllocationConfig` under weft's names.
 * Every limit is checked when an instance is allocated; the slot counts are fixed for the
 * allocator's (the engine's) lifetime.
 */
export interface PoolingConfig {
  /** Instances alive at once, across all stores (Wasmtime `total_core_instances`). */
  readonly totalInstances: number;
  /** Linear memories alive at once (Wasmtime `total_memories`). */
  readonly totalMemories: number;
  /** Tables alive at once (Wasmtime `total_tables`). */
  readonly totalTables: number;
  /** Memories one module may define (Wasmtime `max_memories_per_module`). */
  readonly maxMemoriesPerModule: number;
  /** Tables one module may define (Wasmtime `max_tables_per_module`). */
  readonly maxTablesPerModule: number;
  /** Bytes of one memory slot: the largest any memory may grow to (a multiple of 64 KiB). */
  readonly maxMemorySize: number;
  /** Elements one table may hold (Wasmtime `table_elements`). */
  readonly tableElements: number;
  /**
   * Released memory slots kept warm (resident, with their module affinity); beyond this the
   * least recently released warm slot drops its buffer (Wasmtime `max_unused_warm_slots`).
   */
  readonly maxUnusedWarmSlots: number;
  /**
   * The most bytes a released memory slot keeps resident to be zeroed (or overwritten by an
   * image) in place. A tenant that dirtied more gets its slot's buffer replaced by a fresh
   * reservation instead, so its pages go back to the OS when V8 frees the old buffer (at a GC,
   * not at once). An ArrayBuffer cannot return single pages (no `madvise`): this is the whole
   * analog of Wasmtime's `linear_memory_keep_resident`.
   */
  readonly residentBytesKept: number;
  /**
   * Memory slots whose buffers are reserved when the allocator is created; the others reserve
   * on first use and then stay. A reservation costs no RSS but a full GC (V8 counts a large
   * ArrayBuffer as external memory: 5-60 ms per 4 GiB slot, growing with the heap), so the
   * default reserves one and lets a service's first concurrent requests reserve the rest;
   * 16 up front made every pooling engine take about a second to create.
   */
  readonly reserveAtCreation: number;
}

const MiB = 1024 * 1024;

export const POOLING_DEFAULTS: PoolingConfig = Object.freeze({
  totalInstances: 1000,
  totalMemories: 1000,
  totalTables: 1000,
  maxMemoriesPerModule: 1,
  maxTablesPerModule: 1,
  maxMemorySize: 4096 * MiB,
  tableElements: 20000,
  maxUnusedWarmSlots: 100,
  residentBytesKept: 16 * MiB,
  reserveAtCreation: 1,
});

const int = (description: string, extra: object = {}): object => ({ type: 'integer', minimum: 0, description, ...extra });

/** JSON Schema (2020-12) of the plugin config, as the manifest validates it. */
export const poolingConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    totalInstances: int('Instances alive at once', { default: POOLING_DEFAULTS.totalInstances }),
    totalMemories: int('Linear memories alive at once', { default: POOLING_DEFAULTS.totalMemories }),
    totalTables: int('Tables alive at once', { default: POOLING_DEFAULTS.totalTables }),
    maxMemoriesPerModule: int('Memories one module may define', { default: POOLING_DEFAULTS.maxMemoriesPerModule }),
    maxTablesPerModule: int('Tables one module may define', { default: POOLING_DEFAULTS.maxTablesPerModule }),
    maxMemorySize: int('Bytes of one memory slot (a multiple of 65536)', { multipleOf: PAGE_SIZE, default: POOLING_DEFAULTS.maxMemorySize }),
    tableElements: int('Elements one table may hold', { default: POOLING_DEFAULTS.tableElements }),
    maxUnusedWarmSlots: int('Released memory slots kept resident with their module affinity', { default: POOLING_DEFAULTS.maxUnusedWarmSlots }),
    residentBytesKept: int('Most bytes a released memory slot keeps resident (zeroed in place); beyond, its buffer is replaced', { default: POOLING_DEFAULTS.residentBytesKept }),
    reserveAtCreation: int('Memory slot buffers reserved when the engine is created', { default: POOLING_DEFAULTS.reserveAtCreation }),
  },
} as const;

/** Fills in defaults and checks each knob (the manifest path has checked the schema already). */
export function resolvePoolingConfig(partial: Partial<PoolingConfig> = {}): PoolingConfig {
  const out: Record<string, number> = {};
  for (const key of Object.keys(POOLING_DEFAULTS) as (keyof PoolingConfig)[]) {
    const v = partial[key] ?? POOLING_DEFAULTS[key];
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new WeftError('invalid_config', `pooling allocator: ${key} must be a non-negative integer, got ${String(v)}`);
    }
    out[key] = v;
  }
  for (const key of Object.keys(partial)) {
    if (!(key in POOLING_DEFAULTS)) throw new WeftError('invalid_config', `pooling allocator: unknown option ${key}`);
  }
  if (out.maxMemorySize % PAGE_SIZE !== 0) {
    throw new WeftError('invalid_config', `pooling allocator: maxMemorySize must be a multiple of ${PAGE_SIZE}, got ${out.maxMemorySize}`);
  }
  return Object.freeze(out as unknown as PoolingConfig);
}
