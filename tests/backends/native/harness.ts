/**
 * Shared set-up for the native backend tests: fixtures, a parsed IR, a store, and a direct
 * `InstantiateRequest` (the backend contract, without the embedding API in between).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendInstance, ResolvedImports } from '../../../kernel/contracts/backend.js';
import { EventBus } from '../../../kernel/events/event-bus.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { FuncType } from '../../../kernel/ir/types.js';
import { FuncInstance, type HostFunction } from '../../../kernel/runtime/func-instance.js';
import { StoreContext } from '../../../kernel/runtime/store-context.js';
import { GuardPageAllocator } from '../../../allocators/guard-page/index.js';
import { TrapTranslator } from '../../../plugins/trap-handler/trap-translator.js';
import { WeftParser } from '../../../plugins/parser/index.js';
import type { NativeCompiledModule } from '../../../backends/native/native-module.js';

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const registry = new TypeRegistry();
const parser = new WeftParser();

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(repoRoot(), 'tests/fixtures/native', `${name}.wasm`)));
}

export function parse(bytes: Uint8Array): ModuleIR {
  return parser.parseBinary(bytes, registry);
}

export function fixture(name: string): ModuleIR {
  return parse(fixtureBytes(name));
}

let storeIds = 1;

export function makeStore(epoch = new Int32Array(new SharedArrayBuffer(4))): StoreContext {
  return new StoreContext(storeIds++, epoch, new EventBus());
}

export const NO_IMPORTS: ResolvedImports = { funcs: [], tables: [], memories: [], globals: [], tags: [] };

export function hostFunc(type: FuncType, fn: HostFunction, name = 'host'): FuncInstance {
  return new FuncInstance(type, -1, 'host', fn, name, (...args: unknown[]) => fn({ getExport: () => undefined, data: undefined }, ...args));
}

export const allocator = new GuardPageAllocator({});
export const trapHandler = new TrapTranslator();

export function instantiate(cm: NativeCompiledModule, store: StoreContext, imports: ResolvedImports = NO_IMPORTS): BackendInstance {
  return cm.instantiate({ store, imports, allocator, trapHandler, registry, instanceId: 1 });
}

/** The `invoke` of export `name`. */
export function fn(inst: BackendInstance, name: string): (...args: any[]) => any {
  const f = inst.exports.get(name);
  if (!(f instanceof FuncInstance)) throw new Error(`no function export ${name}`);
  return f.invoke;
}

export const OFF = { fuel: false, epoch: false, callHooks: false, moduleName: null } as const;
