/**
 * What the WAST runner needs from the runtime, for one script: compile, instantiate, register,
 * invoke, get. `api-session.ts` implements it with the public embedding API; keeping the
 * runner behind this seam keeps its command semantics readable and testable on their own.
 */

/**
 * A compiled module, or why the selected backend cannot run it (a skip, not a failure). A
 * skipped module would have changed the instances it imports memories, tables or globals from
 * (or any import, when it has a start function): `affects` names those import modules.
 */
export type Compiled<M> =
  | { readonly ok: true; readonly module: M }
  | { readonly ok: false; readonly unsupported: string; readonly affects: readonly string[] };

export interface WastSession<M = unknown, I = unknown> {
  /** Decode and validate only (no backend): throws `CompileError` when malformed or invalid. */
  validate(bytes: Uint8Array): void;
  /** Decode, validate and compile for the backend: throws `CompileError`. */
  compile(bytes: Uint8Array): Compiled<M>;
  /** Link against spectest and registered instances, then instantiate: throws `LinkError` or `Trap`. */
  instantiate(module: M): I;
  /** Make `instance`'s exports importable as module `name`. */
  register(name: string, instance: I): void;
  /**
   * Call an exported function; results as an array (empty for none). Arguments and results in
   * the API's bits form (`Func.callBits`: f32/f64 as bit patterns). Throws `Trap`.
   */
  invoke(instance: I, name: string, args: readonly unknown[]): unknown[];
  /** Read an exported global's value, in bits form. */
  get(instance: I, name: string): unknown;
  /** Called before each command: re-arm the interruption deadline. */
  arm(): void;
  dispose(): void;
}
