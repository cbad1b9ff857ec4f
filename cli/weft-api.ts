/**
 * The one place the CLI imports the runtime from. Subcommands use only what is here (the
 * embedding API and its errors, as the package root re-exports them), so the CLI exercises
 * exactly what an embedder gets.
 */
// TODO(kernel): import '../index.js' for the built-in plugin registrations once the package root lands.
export * from '../kernel/api/index.js';
export * from '../kernel/errors/index.js';
