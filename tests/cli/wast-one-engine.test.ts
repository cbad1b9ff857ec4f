import { existsSync } from 'node:fs';
import t from 'tap';
import { defineSpectest } from '../../cli/wast/spectest.js';
import { runWastFile } from '../../cli/wast/file-runner.js';
import { HostRefs } from '../../cli/wast/host-refs.js';
import type { Reporter } from '../../cli/wast/reporters/reporter.js';
import type { WastSession } from '../../cli/wast/wast-session.js';
import { Engine, Linker, Module, Store, type Instance, type WasmValueBits } from '../../index.js';
import { noBackend, SUITE } from './helpers.js';

/**
 * Regression guard for engine state leaking between scripts: running many spec scripts through
 * ONE engine (shared type registry, backend, allocator, module cache) must give exactly what a
 * fresh engine per script gives. Scripts chosen for what they share across modules: canonical
 * function types (call_indirect, type-rec/equivalence, call_ref), tables and elements, linking
 * and registered instances, identical modules in different scripts (module cache).
 */
const FILES = [
  'br_table.wast', 'call_indirect.wast', 'type-equivalence.wast', 'type-rec.wast', 'call_ref.wast',
  'return_call_indirect.wast', 'linking.wast', 'elem.wast', 'table_init.wast', 'ref_func.wast',
  'br_table.wast', 'call_indirect.wast', // again, now with the engine full of everything above
];

const quiet: Reporter = { beginFile() {}, command() {}, endFile() {}, end() {} };

function session(engine: Engine, clearModules: boolean): WastSession<Module, Instance> {
  const store = new Store(engine);
  const linker = new Linker(engine).allowShadowing(true);
  defineSpectest(linker, store);
  return {
    validate: (bytes) => void engine.parser.parseBinary(bytes, engine.registry),
    compile: (bytes) => ({ ok: true, module: Module.fromBytes(engine, bytes) }),
    instantiate: (m) => linker.instantiate(store, m),
    register: (name, i) => void linker.defineInstance(name, i),
    invoke: (i, name, args) => i.getFunc(name)!.callBits(args as WasmValueBits[]),
    get: (i, name) => i.getGlobal(name)!.getBits(),
    arm: () => store.setEpochDeadline(1),
    dispose: () => {
      store.dispose();
      if (clearModules) engine.moduleCache.clear();
    },
  };
}

function failures(newEngine: () => Engine, clearModules: boolean): string[] {
  const refs = new HostRefs();
  const out: string[] = [];
  for (const f of FILES) {
    const r = runWastFile(SUITE + f, { refs, strictMessages: false, watchdog: null, reporter: quiet, newSession: () => session(newEngine(), clearModules) });
    for (const x of r.results) if (x.status !== 'passed') out.push(`${f}:${x.line} ${x.status} ${x.message}`);
  }
  return out;
}

t.test('spec scripts through one engine give what fresh engines give', { skip: noBackend() || (!existsSync(SUITE) && 'no spec testsuite') }, async (t) => {
  const fresh = failures(() => new Engine({ epochInterruption: true }), false);
  t.same(fresh, [], 'fresh engines: everything passes');
  const shared = new Engine({ epochInterruption: true });
  t.same(failures(() => shared, false), fresh, 'one engine, modules cached across scripts');
  const cleared = new Engine({ epochInterruption: true });
  t.same(failures(() => cleared, true), fresh, 'one engine, module cache cleared per script (the old runner)');
});
