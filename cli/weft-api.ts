/**
 * The one place the CLI imports the runtime from: the package root, which registers the
 * built-in plugins and re-exports the embedding API. Subcommands use only what is here (plus
 * kernel types), so the CLI exercises exactly what an embedder gets.
 */
export * from '../index.js';
