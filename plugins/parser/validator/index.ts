/** The validator's entry points (the decoder calls `validateModule` as part of `decodeModule`). */
export { validateModule } from './module-validator.js';
export { FuncValidator } from './func-validator.js';
export { ModuleContext } from './module-context.js';
export { compositeMatches } from './type-checks.js';
export * as valTypes from './val-types.js';
