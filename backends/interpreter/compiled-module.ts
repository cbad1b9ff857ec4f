/**
 * The interpreter's CompiledModule: per-function code (translated lazily on first call and
 * shared by every instance in every store) plus instantiation in spec order: imports,
 * allocation, globals, tables, element/data segment evaluation, exports, active element then
 * data segments (a trap leaves earlier writes in place), segment drops, start function.
 */
import type { CompileOptions, CompiledModule, InstantiateRequest, BackendInstance } from '../../kernel/contracts/backend.js';
import type { ModuleIR } from '../../kernel/ir/module-ir.js';
import { funcTypeOf } from '../../kernel/ir/module-ir.js';
import type { FuncType } from '../../kernel/ir/types.js';
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { GlobalInstance } from '../../kernel/runtime/global-instance.js';
import { TagInstance } from '../../kernel/runtime/tag-instance.js';
import type { ExternValue } from '../../kernel/runtime/extern.js';
import type { InstanceAllocation } from '../../kernel/contracts/instance-allocator.js';
import { FuncCode } from './func-code.js';
import { InterpFunc, InterpInstance } from './instance.js';
import { translateFunction } from './translator.js';
import { evalConst, evalOffset } from './const-expr.js';
import { interpFuncInstance, invokeSync, invokeAsync } from './invoke.js';

/** Translates `fn`'s body if this is its first call. */
export function ensureTranslated(fn: InterpFunc): void {
  const mod = fn.inst.module;
  translateFunction(mod.ir, fn.fc, mod.options);
}

export class InterpModule implements CompiledModule {
  readonly backend = 'interpreter';
  readonly ir: ModuleIR;
  readonly options: CompileOptions;
  /** Code of each defined function (index = function index - imported functions). */
  readonly codes: FuncCode[];

  constructor(ir: ModuleIR, options: CompileOptions) {
    this.ir = ir;
    this.options = options;
    this.codes = ir.funcs.map((b) => new FuncCode(b.funcIndex, funcTypeOf(ir, b.funcIndex), b.locals, ir.names.funcs.get(b.funcIndex) ?? null));
  }

  /** Translates every function now (tests and `weft compile` use it; instances translate lazily). */
  translateAll(): void {
    for (const fc of this.codes) if (!fc.ready) translateFunction(this.ir, fc, this.options);
  }

  instantiate(request: InstantiateRequest): BackendInstance {
    const [inst, start] = this.build(request);
    if (start !== null) {
      try {
        invokeSync(start, []);
      } catch (e) {
        inst.release();
        throw e;
      }
    }
    return backendInstance(inst);
  }

  async instantiateAsync(request: InstantiateRequest): Promise<BackendInstance> {
    const [inst, start] = this.build(request);
    if (start !== null) {
      try {
        await invokeAsync(start, []);
      } catch (e) {
        inst.release();
        throw e;
      }
    }
    return backendInstance(inst);
  }

  /** Everything up to (not including) the start function. */
  private build(request: InstantiateRequest): [InterpInstance, InterpFunc | null] {
    const ir = this.ir;
    const imp = request.imports;
    const inst = new InterpInstance(this, request.store, request.registry, request.trapHandler, request.instanceId);
    const alloc: InstanceAllocation = request.allocator.allocate(ir, request.store, { hostMemories: false });
    inst.release = () => alloc.release();
    try {
      inst.memories = [...imp.memories, ...alloc.memories];
      inst.tables = [...imp.tables, ...alloc.tables];
      inst.tableIs64 = Uint8Array.from(ir.tableTypes, (t) => (t.address === 'i64' ? 1 : 0));
      inst.mem0 = inst.memories.length ? inst.memories[0] : null;
      inst.memBytes = inst.memories.map(() => null);
      inst.memBytesGen = inst.memories.map(() => -1);
      inst.refreshMem0();
      inst.tags = [...imp.tags];
      for (let i = ir.numImportedTags; i < ir.tagTypeIndices.length; i++) {
        const ti = ir.tagTypeIndices[i];
        inst.tags.push(new TagInstance(ir.types[ti].composite as FuncType, ir.typeIds[ti]));
      }
      inst.funcs = [...imp.funcs];
      for (let i = 0; i < this.codes.length; i++) {
        const fc = this.codes[i];
        const fn = new InterpFunc(fc, inst);
        const ti = ir.funcTypeIndices[fc.funcIndex];
        const name = fc.name ?? `${this.options.moduleName ?? ir.names.module ?? 'wasm'}!<wasm function ${fc.funcIndex}>`;
        const fi = interpFuncInstance(fc.type, ir.typeIds[ti], fn, name);
        fn.fi = fi;
        inst.funcs.push(fi);
      }
      inst.callees = inst.funcs.map((f) => (f.owner === 'interpreter' ? f.impl as InterpFunc : null));
      inst.globals = [...imp.globals];
      for (const g of ir.globals) inst.globals.push(new GlobalInstance(g.type, evalConst(inst, g.init)));
      for (let i = 0; i < ir.tables.length; i++) {
        const def = ir.tables[i];
        if (def.init !== null) {
          const v = evalConst(inst, def.init);
          const t = inst.tables[ir.numImportedTables + i];
          t.elements.fill(v);
        }
      }
      inst.elems = ir.elems.map((e) => e.init.map((x) => evalConst(inst, x)));
      inst.datas = ir.datas.map((d) => d.bytes);
      for (const ex of ir.exports) inst.exports.set(ex.name, exportValue(inst, ex.kind, ex.index));
      // Active and declarative element segments, in order, then data segments.
      for (let i = 0; i < ir.elems.length; i++) {
        const seg = ir.elems[i];
        if (seg.mode === 'active') {
          const off = evalOffset(inst, seg.offset!);
          const t = inst.tables[seg.table];
          const items = inst.elems[i]!;
          if (off + items.length > t.elements.length) throw new Trap(TrapCode.TableOutOfBounds);
          for (let j = 0; j < items.length; j++) t.elements[off + j] = items[j];
        }
        if (seg.mode !== 'passive') inst.elems[i] = null;
      }
      for (let i = 0; i < ir.datas.length; i++) {
        const seg = ir.datas[i];
        if (seg.mode !== 'active') continue;
        if (!alloc.memoryImageRestored) {
          const off = evalOffset(inst, seg.offset!);
          const mem = inst.memories[seg.memory];
          if (off + seg.bytes.length > mem.byteLength) throw new Trap(TrapCode.MemoryOutOfBounds);
          new Uint8Array(mem.buffer, 0, mem.byteLength).set(seg.bytes, off);
        }
        inst.datas[i] = null;
      }
      request.allocator.initialised?.(ir, alloc);
    } catch (e) {
      alloc.release();
      throw e;
    }
    const start = ir.start === null ? null : inst.callees[ir.start];
    if (ir.start !== null && start === null) {
      // Imported start function: call through its FuncInstance.
      inst.funcs[ir.start].invoke();
    }
    return [inst, start];
  }
}

function exportValue(inst: InterpInstance, kind: string, index: number): ExternValue {
  switch (kind) {
    case 'func': return inst.funcs[index];
    case 'table': return inst.tables[index];
    case 'memory': return inst.memories[index];
    case 'global': return inst.globals[index];
    default: return inst.tags[index];
  }
}

function backendInstance(inst: InterpInstance): BackendInstance {
  let disposed = false;
  return {
    exports: inst.exports,
    funcs: inst.funcs,
    memories: inst.memories,
    tables: inst.tables,
    globals: inst.globals,
    dispose(): void {
      if (disposed) return;
      disposed = true;
      inst.release();
    },
  };
}
