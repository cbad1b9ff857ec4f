/**
 * The pooling allocator's config for `weft wast --allocator pooling`. As in Wasmtime's own spec
 * test harness (tests/wast.rs), the harness sizes the pool for the suite rather than changing
 * the allocator's defaults, which stay Wasmtime's (one memory and one table per module): the
 * multi-memory scripts define up to 9 memories in one module and some scripts up to 5 tables.
 * The pool-wide counts keep their defaults (1000 each; the suite peaks at 402 live instances
 * in one script, const.wast).
 */
export const SUITE_POOLING_CONFIG: Readonly<Record<string, number>> = Object.freeze({
  maxMemoriesPerModule: 9,
  maxTablesPerModule: 5,
});
