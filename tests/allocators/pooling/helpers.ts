import { Engine, Linker, Module, Store, type Instance } from '../../../index.js';
import { PoolingAllocator, poolingPlugin, type PoolingConfig } from '../../../allocators/pooling/index.js';

export const PAGE = 65536;

/** An engine (the interpreter unless told) with the pooling allocator (small slots so scans are quick). */
export function poolEngine(config: Partial<PoolingConfig> = {}, backend: 'interpreter' | 'native' = 'interpreter'): { engine: Engine; pool: PoolingAllocator; linker: Linker } {
  const engine = new Engine({
    backend, allocator: 'pooling', plugins: [poolingPlugin],
    allocatorConfig: { maxMemorySize: 4 * PAGE, reserveAtCreation: 2, ...config },
  });
  return { engine, pool: engine.allocator as PoolingAllocator, linker: new Linker(engine) };
}

export function instantiate(engine: Engine, linker: Linker, wat: string | Module, store = new Store(engine)): Instance {
  const module = typeof wat === 'string' ? Module.fromText(engine, wat) : wat;
  return linker.instantiate(store, module);
}

/** What `fn` threw (fails when it returns). */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** A module whose `fill(byte)` writes `byte` over all of its memory and `grow(n)` grows it. */
export const FILLER = `(module
  (memory (export "mem") 1 4)
  (table (export "tab") 2 funcref)
  (func $fill (export "fill") (param i32)
    (memory.fill (i32.const 0) (local.get 0) (i32.mul (memory.size) (i32.const 65536))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (elem (i32.const 0) $fill $fill))`;

/** Another module (different image, no data) that reads its memory. */
export const READER = `(module
  (memory (export "mem") 1 4)
  (table (export "tab") 2 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;
