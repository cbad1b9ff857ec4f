/** A snapshot of the pooling allocator's state (`PoolingAllocator.metrics()`). */
export interface PoolMetrics {
  /** Instances holding a slot (what `pool.metrics` events call `slotsInUse`). */
  readonly slotsInUse: number;
  /** Memories in use (slots, host memories and unpooled shared memories). */
  readonly memoriesInUse: number;
  readonly tablesInUse: number;
  /** Free memory slots kept resident with their module affinity (plus free host memories). */
  readonly warmSlots: number;
  /** Memory slots that currently hold a buffer. */
  readonly reservedSlots: number;
  /** Slot resets that wrote bytes (zeroing or image restore). */
  readonly resets: number;
  /** Slot buffers dropped (over `residentBytesKept`, or evicted past `maxUnusedWarmSlots`). */
  readonly decommits: number;
  /** Instantiations whose memory image was restored instead of running data segments. */
  readonly imageRestores: number;
  /** Module images captured. */
  readonly imagesCaptured: number;
  /** Leases released by the FinalizationRegistry (dropped without dispose). */
  readonly finalized: number;
}
