import { CompileError } from '../../kernel/errors/compile-error.js';
import { Engine, Linker, Module, Store, type Instance, type WasmValueBits } from '../weft-api.js';
import type { HostRefs } from './host-refs.js';
import { defineSpectest } from './spectest.js';
import type { Compiled, WastSession } from './wast-session.js';

/** Import modules whose instances instantiating `bytes` could change (see `Compiled`). */
function affectedImports(engine: Engine, bytes: Uint8Array): string[] {
  const ir = engine.parser.parseBinary(bytes, engine.registry);
  const names = ir.imports.filter((i) => ir.start !== null || i.desc.kind !== 'func').map((i) => i.module);
  return [...new Set(names)];
}

/**
 * A `WastSession` over the public embedding API: one store and one linker per script (with
 * `spectest` defined and shadowing allowed, since scripts re-`register` names), modules through
 * `Module.fromBytes`, so the runner tests what embedders get.
 */
export function createApiSession(engine: Engine, _refs: HostRefs): WastSession<Module, Instance> {
  const store = new Store(engine);
  const linker = new Linker(engine).allowShadowing(true);
  defineSpectest(linker, store);
  return {
    validate(bytes) {
      engine.parser.parseBinary(bytes, engine.registry);
    },
    compile(bytes): Compiled<Module> {
      try {
        return { ok: true, module: Module.fromBytes(engine, bytes) };
      } catch (e) {
        if (e instanceof CompileError && e.kind === 'unsupported') {
          return { ok: false, unsupported: `backend ${engine.config.backend}: ${e.reason}`, affects: affectedImports(engine, bytes) };
        }
        throw e;
      }
    },
    instantiate(module) {
      return linker.instantiate(store, module);
    },
    register(name, instance) {
      linker.defineInstance(name, instance);
    },
    invoke(instance, name, args) {
      const f = instance.getFunc(name);
      if (!f) throw new Error(`no exported function "${name}"`);
      return f.callBits(args as WasmValueBits[]);
    },
    get(instance, name) {
      const g = instance.getGlobal(name);
      if (!g) throw new Error(`no exported global "${name}"`);
      return g.getBits();
    },
    arm() {
      store.setEpochDeadline(1);
    },
    dispose() {
      store.dispose();
      void engine.dispose();
    },
  };
}
