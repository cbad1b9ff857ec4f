/**
 * Bridges between weft's runtime objects (`MemoryInstance`, `GlobalInstance`, `TableInstance`,
 * `TagInstance`) and the host engine's (`WebAssembly.Memory`, `.Global`, `.Table`, `.Tag`).
 *
 * Memories and globals are *shared*, not copied: when native code grows a memory or sets a
 * global inside V8, weft's object must see it. The runtime classes keep `byteLength`,
 * `generation` and `value` as plain fields (fast for the JS backends), so an object that is
 * backed by the host engine gets those fields redefined once as accessors over the host
 * object. That changes its hidden class once, at link time, never on a hot path.
 *
 * A memory of another backend (a plain ArrayBuffer from the allocator) imported by native code
 * moves once into a `WebAssembly.Memory` (`MemoryInstance.moveTo`); the other backends follow
 * through `generation`, as after a grow that moved it. Shared memories cannot move (other
 * threads hold their buffer): those must be allocated as host memories to reach native code.
 * Tables: `host-tables.ts`.
 */
import { LinkError } from '../../kernel/errors/link-error.js';
import type { FuncType, GlobalType, MemoryType, ValType } from '../../kernel/ir/types.js';
import { GlobalInstance } from '../../kernel/runtime/global-instance.js';
import { MemoryInstance, PAGE_SIZE, type GrowGuard, type MemoryBacking } from '../../kernel/runtime/memory-instance.js';
import { TagInstance } from '../../kernel/runtime/tag-instance.js';
import { newV128Tag, tagNeedsAdapter } from './boundary/v128-exceptions.js';
import { fromHostAs, refToHost } from './host-funcs.js';

const hostGlobals = new WeakMap<GlobalInstance, WebAssembly.Global>();
const hostTags = new WeakMap<TagInstance, WebAssembly.Tag>();
const tagInstances = new WeakMap<WebAssembly.Tag, TagInstance>();
const liveMemories = new WeakSet<MemoryInstance>();

/** The host engine's name for a value type, or null when JS cannot create it. */
export function hostValueType(t: ValType): WebAssembly.ValueType | null {
  if (typeof t === 'string') return t === 'v128' ? null : t;
  if (t.nullable && t.heap === 'func') return 'anyfunc';
  if (t.nullable && t.heap === 'extern') return 'externref';
  return null;
}

/** A memory backing over a `WebAssembly.Memory` the host engine owns. */
class HostMemoryBacking implements MemoryBacking {
  readonly wasmMemory: WebAssembly.Memory;

  constructor(memory: WebAssembly.Memory) {
    this.wasmMemory = memory;
  }

  get buffer(): ArrayBuffer {
    return this.wasmMemory.buffer;
  }

  grow(oldBytes: number, newBytes: number): boolean {
    try {
      this.wasmMemory.grow((newBytes - oldBytes) / PAGE_SIZE);
      return true;
    } catch {
      return false;
    }
  }

  release(): void {
    // The host engine frees the memory when nothing references it.
  }
}

/**
 * Makes `byteLength` and `generation` of a host-backed memory follow the host memory, which
 * `memory.grow` inside V8 grows without telling weft.
 */
export function makeLive(mem: MemoryInstance): void {
  const host = mem.wasmMemory;
  if (host === null || liveMemories.has(mem)) return;
  liveMemories.add(mem);
  let seen = host.buffer;
  let generation = mem.generation;
  Object.defineProperty(mem, 'byteLength', {
    // Through the backing, not `host`: a pooled memory's backing reads empty once its tenant is
    // released, while the host memory itself goes on to the next tenant.
    get: () => mem.buffer.byteLength,
    set: () => { /* MemoryInstance.grow stores the size the host memory already has */ },
    configurable: true,
  });
  Object.defineProperty(mem, 'generation', {
    get: () => {
      const b = host.buffer;
      if (b !== seen) {
        seen = b;
        generation++;
      }
      return generation;
    },
    set: () => { /* counted from buffer replacement above */ },
    configurable: true,
  });
}

/**
 * weft's view of a memory the host engine defined (exported by a native instance). Grows
 * through it (the embedder's, or another instance's routed `memory.grow`) ask the store's `guard`.
 */
export function memoryFromHost(memory: WebAssembly.Memory, type: MemoryType, guard: GrowGuard | null = null): MemoryInstance {
  const maxPages = type.limits.max ?? (type.address === 'i64' ? 2 ** 48 : 65536);
  const mem = new MemoryInstance(type, new HostMemoryBacking(memory), maxPages, guard);
  makeLive(mem);
  return mem;
}

/** The host memory to import for `mem`, or a LinkError when it lives elsewhere. */
export function memoryToHost(mem: MemoryInstance, what: string): WebAssembly.Memory {
  let host = mem.wasmMemory;
  if (host === null) {
    if (mem.type.shared) {
      throw new LinkError(`${what}: a shared memory of another backend cannot move into the host engine (other threads hold its buffer); allocate it with hostMemories, or use --backend interpreter`);
    }
    host = new WebAssembly.Memory({ initial: mem.pages, maximum: Math.min(mem.maxPages, 65536) });
    mem.moveTo(new HostMemoryBacking(host));
  }
  makeLive(mem);
  return host;
}

/** weft's view of a global the host engine owns; `value` reads and writes the host global. */
export function globalFromHost(global: WebAssembly.Global, type: GlobalType): GlobalInstance {
  const g = new GlobalInstance(type, undefined);
  const fromHost = fromHostAs(type.type);
  Object.defineProperty(g, 'value', {
    get: () => fromHost(global.value),
    set: (v: unknown) => { global.value = refToHost(v); },
    configurable: true,
  });
  hostGlobals.set(g, global);
  return g;
}

/**
 * The host global to import for `g`. A mutable global of another backend is moved into a new
 * host global and `g.value` redirected to it, so both backends share one cell.
 */
export function globalToHost(g: GlobalInstance, what: string): WebAssembly.Global {
  const known = hostGlobals.get(g);
  if (known !== undefined) return known;
  const vt = hostValueType(g.type.type);
  if (vt === null) throw new LinkError(`${what}: globals of type ${JSON.stringify(g.type.type)} cannot cross into the host engine`);
  const host = new WebAssembly.Global({ value: vt, mutable: g.type.mutable }, refToHost(g.value));
  if (g.type.mutable) {
    const fromHost = fromHostAs(g.type.type);
    Object.defineProperty(g, 'value', {
      get: () => fromHost(host.value),
      set: (v: unknown) => { host.value = refToHost(v); },
      configurable: true,
    });
  }
  hostGlobals.set(g, host);
  return host;
}

/** The host tag for `tag`, created on first use so every native module importing it agrees. */
export function tagToHost(tag: TagInstance, what: string): WebAssembly.Tag {
  let host = hostTags.get(tag);
  if (host !== undefined) return host;
  const params = tag.type.params.map(hostValueType);
  const refused = params.some((p, i) => p === null && tag.type.params[i] !== 'v128');
  if (refused) throw new LinkError(`${what}: tag parameter types cannot cross into the host engine`);
  // JS cannot construct a tag with v128 in its payload: the boundary's tag adapter defines it.
  host = tagNeedsAdapter(tag.type) ? newV128Tag(tag.type) : new WebAssembly.Tag({ parameters: params as WebAssembly.ValueType[] });
  hostTags.set(tag, host);
  tagInstances.set(host, tag);
  return host;
}

/** The weft tag of a host tag weft has seen, if any. */
export function tagInstanceOf(host: WebAssembly.Tag): TagInstance | undefined {
  return tagInstances.get(host);
}

export function tagFromHost(host: WebAssembly.Tag, type: FuncType, typeId: number): TagInstance {
  let tag = tagInstances.get(host);
  if (tag !== undefined) return tag;
  tag = new TagInstance(type, typeId);
  hostTags.set(tag, host);
  tagInstances.set(host, tag);
  return tag;
}
