/**
 * A minimal spec-testsuite runner for the interpreter backend (the official `weft wast` runner
 * lives in the CLI): parseWast → decodeModule → InterpreterBackend, with a small linker, the
 * `spectest` module, and raw-bit argument/result passing so NaN payloads are compared exactly.
 * Returns pass/fail counts per command kind.
 */
import { readFileSync } from 'node:fs';
import { parseWast } from '../../../plugins/parser/text/wast-parser.js';
import type { WastArg, WastCommand, WastExpected, WastModule, WastAction } from '../../../plugins/parser/text/wast-types.js';
import { decodeModule } from '../../../plugins/parser/binary/index.js';
import { watToBinary } from '../../../plugins/parser/text/wat.js';
import { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import type { ModuleIR } from '../../../kernel/ir/module-ir.js';
import { funcTypeOf } from '../../../kernel/ir/module-ir.js';
import type { ValType, FuncType } from '../../../kernel/ir/types.js';
import { InterpreterBackend } from '../../../backends/interpreter/index.js';
import { invokeRaw } from '../../../backends/interpreter/invoke.js';
import { Trap } from '../../../kernel/errors/trap.js';
import { FuncInstance } from '../../../kernel/runtime/func-instance.js';
import { GlobalInstance } from '../../../kernel/runtime/global-instance.js';
import { MemoryInstance } from '../../../kernel/runtime/memory-instance.js';
import { TableInstance } from '../../../kernel/runtime/table-instance.js';
import { TagInstance } from '../../../kernel/runtime/tag-instance.js';
import { WasmException } from '../../../kernel/runtime/wasm-exception.js';
import { WasmArray, WasmStruct, ExternAny } from '../../../kernel/runtime/gc-objects.js';
import type { ExternValue } from '../../../kernel/runtime/extern.js';
import type { BackendInstance } from '../../../kernel/contracts/backend.js';
import { StoreContext } from '../../../kernel/runtime/store-context.js';
import { EventBus } from '../../../kernel/events/event-bus.js';
import { TestAllocator, testTrapHandler } from './test-support.js';

export interface KindCount { pass: number; fail: number }
export type Counts = Record<string, KindCount>;

/** Host reference value for `(ref.extern n)` / `(ref.host n)`. */
class HostRef {
  constructor(readonly n: number) {}
}
const hostRefs = new Map<number, HostRef>();
function hostRef(n: number): HostRef {
  let r = hostRefs.get(n);
  if (!r) hostRefs.set(n, (r = new HostRef(n)));
  return r;
}

export class WastRunner {
  readonly registry = new TypeRegistry();
  readonly backend = new InterpreterBackend();
  readonly store = new StoreContext(1, new Int32Array(new SharedArrayBuffer(4)), new EventBus());
  readonly allocator = new TestAllocator();
  registered = new Map<string, Map<string, ExternValue>>();
  named = new Map<string, BackendInstance>();
  definitions = new Map<string, ModuleIR>();
  last: BackendInstance | null = null;
  counts: Counts = {};
  failures: string[] = [];
  nextId = 1;

  constructor() {
    this.registered.set('spectest', this.spectest());
  }

  private spectest(): Map<string, ExternValue> {
    const m = new Map<string, ExternValue>();
    const reg = this.registry;
    const fn = (params: ValType[]): FuncInstance => {
      const ft: FuncType = { kind: 'func', params, results: [] };
      const ids = new Int32Array(1);
      reg.internRecGroup([{ final: true, supertypes: [], composite: ft }], 0, 1, ids);
      return new FuncInstance(ft, ids[0], 'host', () => undefined, 'spectest!print', () => undefined);
    };
    m.set('print', fn([]));
    m.set('print_i32', fn(['i32']));
    m.set('print_i64', fn(['i64']));
    m.set('print_f32', fn(['f32']));
    m.set('print_f64', fn(['f64']));
    m.set('print_i32_f32', fn(['i32', 'f32']));
    m.set('print_f64_f64', fn(['f64', 'f64']));
    m.set('global_i32', new GlobalInstance({ type: 'i32', mutable: false }, 666));
    m.set('global_i64', new GlobalInstance({ type: 'i64', mutable: false }, 666n));
    m.set('global_f32', new GlobalInstance({ type: 'f32', mutable: false }, 666.6));
    m.set('global_f64', new GlobalInstance({ type: 'f64', mutable: false }, 666.6));
    m.set('table', new TableInstance({ element: { kind: 'ref', nullable: true, heap: 'func' }, limits: { min: 10, max: 20 }, address: 'i32' }, null, 20, null));
    m.set('table64', new TableInstance({ element: { kind: 'ref', nullable: true, heap: 'func' }, limits: { min: 10, max: 20 }, address: 'i64' }, null, 20, null));
    m.set('memory', this.allocator.memory({ limits: { min: 1, max: 2 }, shared: false, address: 'i32' }));
    return m;
  }

  count(kind: string, ok: boolean, what: string): void {
    const c = (this.counts[kind] ??= { pass: 0, fail: 0 });
    if (ok) c.pass++;
    else {
      c.fail++;
      this.failures.push(`${kind}: ${what}`);
    }
  }

  decode(mod: WastModule): ModuleIR {
    if (mod.kind === 'malformed-text') throw mod.error;
    const bytes = mod.kind === 'quote' ? watToBinary(mod.text) : mod.bytes;
    return decodeModule(bytes, this.registry);
  }

  link(ir: ModuleIR): { funcs: FuncInstance[]; tables: TableInstance[]; memories: MemoryInstance[]; globals: GlobalInstance[]; tags: TagInstance[] } {
    const out = { funcs: [] as FuncInstance[], tables: [] as TableInstance[], memories: [] as MemoryInstance[], globals: [] as GlobalInstance[], tags: [] as TagInstance[] };
    for (const imp of ir.imports) {
      const v = this.registered.get(imp.module)?.get(imp.name);
      if (v === undefined) throw new Error(`unknown import ${imp.module}.${imp.name}`);
      const d = imp.desc;
      if (d.kind === 'func') {
        if (!(v instanceof FuncInstance)) throw new Error('incompatible import type');
        const want = ir.typeIds[d.typeIndex];
        if (v.typeId !== want && !this.registry.isSubtype(v.typeId, want)) throw new Error('incompatible import type');
        out.funcs.push(v);
      } else if (d.kind === 'table') {
        if (!(v instanceof TableInstance)) throw new Error('incompatible import type');
        if (v.size < d.type.limits.min || (d.type.limits.max !== null && (v.type.limits.max === null || v.type.limits.max > d.type.limits.max))) throw new Error('incompatible import type');
        if (v.type.address !== d.type.address) throw new Error('incompatible import type');
        out.tables.push(v);
      } else if (d.kind === 'memory') {
        if (!(v instanceof MemoryInstance)) throw new Error('incompatible import type');
        if (v.pages < d.type.limits.min || (d.type.limits.max !== null && (v.type.limits.max === null || v.type.limits.max > d.type.limits.max))) throw new Error('incompatible import type');
        if (v.type.address !== d.type.address) throw new Error('incompatible import type');
        out.memories.push(v);
      } else if (d.kind === 'global') {
        if (!(v instanceof GlobalInstance)) throw new Error('incompatible import type');
        if (v.type.mutable !== d.type.mutable) throw new Error('incompatible import type');
        const a = v.type.type, b = d.type.type;
        if (typeof a !== typeof b || (typeof a === 'string' && a !== b)) throw new Error('incompatible import type');
        out.globals.push(v);
      } else {
        if (!(v instanceof TagInstance)) throw new Error('incompatible import type');
        if (v.typeId !== ir.typeIds[d.typeIndex]) throw new Error('incompatible import type');
        out.tags.push(v);
      }
    }
    return out;
  }

  instantiate(ir: ModuleIR): BackendInstance {
    const compiled = this.backend.compile(ir, { fuel: false, epoch: false, callHooks: false, moduleName: null });
    return compiled.instantiate({
      store: this.store, imports: this.link(ir), allocator: this.allocator, trapHandler: testTrapHandler,
      registry: this.registry, instanceId: this.nextId++,
    });
  }

  instanceOf(name: string | null): BackendInstance {
    const i = name === null ? this.last : this.named.get(name);
    if (!i) throw new Error(`no module ${name}`);
    return i;
  }

  doAction(a: WastAction): unknown[] {
    const inst = this.instanceOf(a.module);
    const ex = inst.exports.get(a.name);
    if (a.type === 'get') return [globalRaw(ex as GlobalInstance)];
    const fi = ex as FuncInstance;
    const ft = fi.type;
    if (fi.owner !== 'interpreter') {
      fi.invoke(...a.args.map(argToJs));
      return [];
    }
    return invokeRaw(fi, (I, R, base) => {
      let s = base;
      a.args.forEach((arg, i) => {
        writeArg(I, R, s, arg);
        s += ft.params[i] === 'v128' ? 2 : 1;
      });
    }, (I, R, base) => {
      const out: unknown[] = [];
      let s = base;
      for (const t of ft.results) {
        out.push(readRaw(I, R, s, t));
        s += t === 'v128' ? 2 : 1;
      }
      return out;
    });
  }

  run(cmd: WastCommand): void {
    switch (cmd.type) {
      case 'module': {
        try {
          const ir = this.decode(cmd.module);
          if (cmd.definition) {
            if (cmd.name) this.definitions.set(cmd.name, ir);
            this.count('module', true, '');
            return;
          }
          const inst = this.instantiate(ir);
          this.last = inst;
          if (cmd.name) this.named.set(cmd.name, inst);
          this.count('module', true, '');
        } catch (e) {
          this.count('module', false, `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      }
      case 'module_instance': {
        try {
          const ir = this.definitions.get(cmd.definition ?? '')!;
          const inst = this.instantiate(ir);
          this.last = inst;
          if (cmd.instance) this.named.set(cmd.instance, inst);
          this.count('module', true, '');
        } catch (e) {
          this.count('module', false, `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      }
      case 'register': {
        const inst = this.instanceOf(cmd.module);
        this.registered.set(cmd.as, inst.exports as Map<string, ExternValue>);
        return;
      }
      case 'action':
        try {
          this.doAction(cmd.action);
          this.count('action', true, '');
        } catch (e) {
          this.count('action', false, `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      case 'assert_return': {
        try {
          const got = this.doAction(cmd.action);
          const ok = got.length === cmd.expected.length && cmd.expected.every((x, i) => matches(got[i], x));
          this.count('assert_return', ok, `line ${cmd.line}: ${ok ? '' : `got ${fmt(got)} expected ${fmt(cmd.expected)}`}`);
        } catch (e) {
          this.count('assert_return', false, `line ${cmd.line}: threw ${(e as Error).message}`);
        }
        return;
      }
      case 'assert_trap': {
        try {
          if (cmd.action) this.doAction(cmd.action);
          else this.instantiate(this.decode(cmd.module));
          this.count('assert_trap', false, `line ${cmd.line}: no trap (${cmd.message})`);
        } catch (e) {
          const ok = e instanceof Trap && (e.message.includes(cmd.message) || cmd.message.includes(e.message));
          this.count('assert_trap', ok, `line ${cmd.line}: ${(e as Error).message} vs ${cmd.message}`);
        }
        return;
      }
      case 'assert_exhaustion': {
        try {
          this.doAction(cmd.action);
          this.count('assert_exhaustion', false, `line ${cmd.line}: no trap`);
        } catch (e) {
          this.count('assert_exhaustion', e instanceof Trap && e.message === 'call stack exhausted', `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      }
      case 'assert_exception': {
        try {
          this.doAction(cmd.action);
          this.count('assert_exception', false, `line ${cmd.line}: no exception`);
        } catch (e) {
          this.count('assert_exception', e instanceof WasmException, `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      }
      case 'assert_invalid': case 'assert_malformed': {
        try {
          this.decode(cmd.module);
          this.count(cmd.type, false, `line ${cmd.line}: accepted`);
        } catch {
          this.count(cmd.type, true, '');
        }
        return;
      }
      case 'assert_unlinkable': case 'assert_uninstantiable': {
        try {
          this.instantiate(this.decode(cmd.module));
          this.count(cmd.type, false, `line ${cmd.line}: instantiated`);
        } catch (e) {
          const ok = cmd.type === 'assert_unlinkable' ? !(e instanceof Trap) : e instanceof Trap;
          this.count(cmd.type, ok, `line ${cmd.line}: ${(e as Error).message}`);
        }
        return;
      }
    }
  }

  runFile(path: string): void {
    let script;
    try {
      script = parseWast(readFileSync(path, 'utf8'), path);
    } catch (e) {
      this.count('parse', false, `${path}: ${(e as Error).message}`);
      return;
    }
    for (const cmd of script.commands) {
      try {
        this.run(cmd);
      } catch (e) {
        this.count('internal', false, `${path}:${cmd.line}: ${(e as Error).message}`);
      }
    }
  }
}

// ---- values --------------------------------------------------------------------------

const cvt = new DataView(new ArrayBuffer(8));

function argToJs(a: WastArg): unknown {
  switch (a.type) {
    case 'i32': case 'f32': case 'f64': return a.value;
    case 'i64': return a.value;
    case 'v128': return a.bytes;
    case 'ref.null': return null;
    default: return hostRef(a.value);
  }
}

function writeArg(I: Int32Array, R: unknown[], s: number, a: WastArg): void {
  switch (a.type) {
    case 'i32': I[s * 2] = a.value; return;
    case 'f32': I[s * 2] = a.bits | 0; return;
    case 'i64': I[s * 2] = Number(BigInt.asIntN(32, a.value)); I[s * 2 + 1] = Number(BigInt.asIntN(32, a.value >> 32n)); return;
    case 'f64': I[s * 2] = Number(BigInt.asIntN(32, a.bits)); I[s * 2 + 1] = Number(BigInt.asIntN(32, a.bits >> 32n)); return;
    case 'v128': new Uint8Array(I.buffer, s * 8, 16).set(a.bytes); return;
    case 'ref.null': R[s] = null; return;
    default: R[s] = hostRef(a.value);
  }
}

type Raw = { t: 'num'; lo: number; hi: number } | { t: 'v128'; bytes: Uint8Array } | { t: 'ref'; v: unknown };

function readRaw(I: Int32Array, R: unknown[], s: number, t: ValType): Raw {
  if (t === 'v128') return { t: 'v128', bytes: new Uint8Array(I.buffer.slice(s * 8, s * 8 + 16)) };
  if (typeof t === 'object') return { t: 'ref', v: R[s] };
  return { t: 'num', lo: I[s * 2], hi: t === 'i64' || t === 'f64' ? I[s * 2 + 1] : 0 };
}

function globalRaw(g: GlobalInstance): Raw {
  const t = g.type.type;
  const v = g.value;
  if (t === 'v128') return { t: 'v128', bytes: v as Uint8Array };
  if (typeof t === 'object') return { t: 'ref', v };
  if (t === 'i32') return { t: 'num', lo: v as number, hi: 0 };
  if (t === 'i64') return { t: 'num', lo: Number(BigInt.asIntN(32, v as bigint)), hi: Number(BigInt.asIntN(32, (v as bigint) >> 32n)) };
  if (t === 'f32') { cvt.setFloat32(0, v as number, true); return { t: 'num', lo: cvt.getInt32(0, true), hi: 0 }; }
  cvt.setFloat64(0, v as number, true);
  return { t: 'num', lo: cvt.getInt32(0, true), hi: cvt.getInt32(4, true) };
}

function isNan32(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
}

function nanOk32(bits: number, kind: string): boolean {
  if (!isNan32(bits)) return false;
  return kind === 'canonical' ? (bits & 0x7fffffff) === 0x7fc00000 : (bits & 0x400000) !== 0;
}

function nanOk64(lo: number, hi: number, kind: string): boolean {
  const isNan = (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0);
  if (!isNan) return false;
  return kind === 'canonical' ? (hi & 0x7fffffff) === 0x7ff80000 && lo === 0 : (hi & 0x80000) !== 0;
}

function matches(got: unknown, x: WastExpected): boolean {
  const g = got as Raw;
  switch (x.type) {
    case 'i32': return g.t === 'num' && g.lo === x.value;
    case 'i64': return g.t === 'num' && g.lo === Number(BigInt.asIntN(32, x.value)) && g.hi === Number(BigInt.asIntN(32, x.value >> 32n));
    case 'f32':
      if ('nan' in x) return g.t === 'num' && nanOk32(g.lo, x.nan);
      return g.t === 'num' && (g.lo >>> 0) === x.bits;
    case 'f64':
      if ('nan' in x) return g.t === 'num' && nanOk64(g.lo, g.hi, x.nan);
      return g.t === 'num' && g.lo === Number(BigInt.asIntN(32, x.bits)) && g.hi === Number(BigInt.asIntN(32, x.bits >> 32n));
    case 'v128': {
      if (g.t !== 'v128') return false;
      if (!x.nanLanes) return g.bytes.every((b, i) => b === x.bytes[i]);
      const dv = new DataView(g.bytes.buffer);
      const n = x.nanLanes.length;
      const w = 16 / n;
      for (let i = 0; i < n; i++) {
        const k = x.nanLanes[i];
        if (k === null) {
          for (let j = 0; j < w; j++) if (g.bytes[i * w + j] !== x.bytes[i * w + j]) return false;
        } else if (w === 4 ? !nanOk32(dv.getInt32(i * 4, true), k) : !nanOk64(dv.getInt32(i * 8, true), dv.getInt32(i * 8 + 4, true), k)) {
          return false;
        }
      }
      return true;
    }
    case 'ref.null': return g.t === 'ref' && g.v === null;
    case 'ref.extern': {
      if (g.t !== 'ref') return false;
      const v = g.v instanceof ExternAny ? g.v.value : g.v;
      if (x.value === null) return g.v !== null;
      return v instanceof HostRef && v.n === x.value;
    }
    case 'ref.host': {
      const v = g.t === 'ref' && g.v instanceof ExternAny ? g.v.value : (g as { v?: unknown }).v;
      return v instanceof HostRef && v.n === x.value;
    }
    case 'ref.func': return g.t === 'ref' && g.v instanceof FuncInstance;
    case 'ref.struct': return g.t === 'ref' && g.v instanceof WasmStruct;
    case 'ref.array': return g.t === 'ref' && g.v instanceof WasmArray;
    case 'ref.i31': return g.t === 'ref' && typeof g.v === 'number';
    case 'ref.eq': return g.t === 'ref' && (typeof g.v === 'number' || g.v instanceof WasmStruct || g.v instanceof WasmArray);
    case 'ref.any': return g.t === 'ref' && g.v !== null;
    case 'ref.exn': return g.t === 'ref' && g.v instanceof WasmException;
    case 'either': return x.options.some((o) => matches(got, o));
  }
  return false;
}

function fmt(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? Array.from(x) : x));
}

export { funcTypeOf };
