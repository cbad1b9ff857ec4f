// The host engine's WebAssembly JS API as weft uses it. @types/node 20 does not declare it and
// the DOM lib would bring browser globals into a Node codebase, so the subset is declared here.
declare namespace WebAssembly {
  type ImportValue = Function | Global | Memory | Table | Tag | number | bigint;
  type Imports = Record<string, Record<string, ImportValue>>;
  type ExportValue = Function | Global | Memory | Table | Tag;
  type Exports = Record<string, ExportValue>;
  type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'externref' | 'anyfunc' | 'funcref';

  interface ModuleImportDescriptor { module: string; name: string; kind: string }
  interface ModuleExportDescriptor { name: string; kind: string }

  class Module {
    constructor(bytes: BufferSource);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
    static customSections(module: Module, name: string): ArrayBuffer[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean; index?: 'i32' | 'i64' }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface TableDescriptor { element: 'anyfunc' | 'externref' | 'funcref'; initial: number; maximum?: number }
  class Table {
    constructor(descriptor: TableDescriptor, value?: unknown);
    readonly length: number;
    get(index: number): unknown;
    set(index: number, value?: unknown): void;
    grow(delta: number, value?: unknown): number;
  }
  interface GlobalDescriptor { value: ValueType; mutable?: boolean }
  class Global {
    constructor(descriptor: GlobalDescriptor, value?: unknown);
    value: unknown;
    valueOf(): unknown;
  }
  class Tag {
    constructor(type: { parameters: ValueType[] });
  }
  class Exception {
    constructor(tag: Tag, payload: unknown[], options?: { traceStack?: boolean });
    is(tag: Tag): boolean;
    getArg(tag: Tag, index: number): unknown;
  }
  class CompileError extends Error {}
  class LinkError extends Error {}
  class RuntimeError extends Error {}

  function validate(bytes: BufferSource): boolean;
  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(bytes: BufferSource, imports?: Imports): Promise<{ module: Module; instance: Instance }>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
