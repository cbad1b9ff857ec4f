export * from './manifest.js';
export { ManifestError, isManifestError, formatIssue, type ManifestIssue } from './manifest-error.js';
export { loadManifest, manifestSchema } from './manifest-loader.js';
export { validateWithSchema } from './schema-validator.js';
