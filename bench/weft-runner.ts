import { Engine, Linker, Module, Store } from '../index.js';

/**
 * Instantiates a workload on weft with one backend and hands back its `run` as a plain
 * JavaScript function, so the harness times weft and the host engine through the same shape.
 * Compilation and instantiation happen here, outside the timed region.
 */
export function weftRunner(backend: string, bytes: Uint8Array): () => unknown {
  const engine = new Engine({ backend });
  const module = Module.fromBytes(engine, bytes, { name: 'workload' });
  const store = new Store(engine);
  const instance = new Linker(engine).instantiate(store, module);
  const run = instance.getFunc('run');
  if (!run) throw new Error('workload does not export a function "run"');
  return () => run.call();
}
