/**
 * Writes the tiny wasm modules of the boundary adapters (adapter-modules.ts,
 * v128-exceptions.ts): a few imports, functions, globals, tags and exports, plus the code
 * that moves values between their original types and the raw form (raw-form.ts).
 *
 * Adapter modules are named `weft:boundary`: V8 puts the name in its stack frames
 * (`wasm://wasm/weft:boundary-<hash>:wasm-function[1]:...`), and v8-traps.ts drops frames of
 * that script, so backtraces show only user code.
 */
import type { FuncType, ValType } from '../../../kernel/ir/types.js';
import { ByteSink } from '../../../kernel/ir/encoder/byte-sink.js';
import { writeLocals } from '../../../kernel/ir/encoder/section-encoder.js';
import { writeValType } from '../../../kernel/ir/encoder/type-encoder.js';
import { RawKind } from './raw-form.js';

export const ADAPTER_MODULE_NAME = 'weft:boundary';

export const enum Op {
  Unreachable = 0x00,
  Try = 0x06,
  Catch = 0x07,
  Throw = 0x08,
  Call = 0x10,
  LocalGet = 0x20,
  LocalSet = 0x21,
  GlobalGet = 0x23,
  GlobalSet = 0x24,
  I32ReinterpretF32 = 0xbc,
  I64ReinterpretF64 = 0xbd,
  F32ReinterpretI32 = 0xbe,
  F64ReinterpretI64 = 0xbf,
  End = 0x0b,
  SimdPrefix = 0xfd,
}

export const enum SimdOp {
  V128Const = 12,
  I32x4Splat = 17,
  I32x4ExtractLane = 27,
  I32x4ReplaceLane = 28,
}

const V128: ValType = 'v128';
export const LANES: readonly ValType[] = ['i32', 'i32', 'i32', 'i32'];

/** Pushes one original value rebuilt from raw values in locals `first`, `first + 1`, ... */
export function emitJoin(code: ByteSink, kind: RawKind, first: number): void {
  code.u8(Op.LocalGet).u32(first);
  switch (kind) {
    case RawKind.F32: code.u8(Op.F32ReinterpretI32); break;
    case RawKind.F64: code.u8(Op.F64ReinterpretI64); break;
    case RawKind.V128:
      code.u8(Op.SimdPrefix).u32(SimdOp.I32x4Splat);
      for (let l = 1; l < 4; l++) {
        code.u8(Op.LocalGet).u32(first + l);
        code.u8(Op.SimdPrefix).u32(SimdOp.I32x4ReplaceLane).u8(l);
      }
      break;
    default:
  }
}

/** Pushes the raw values of the original value in local `index`. */
export function emitSplit(code: ByteSink, kind: RawKind, index: number): void {
  if (kind === RawKind.V128) {
    for (let l = 0; l < 4; l++) {
      code.u8(Op.LocalGet).u32(index);
      code.u8(Op.SimdPrefix).u32(SimdOp.I32x4ExtractLane).u8(l);
    }
    return;
  }
  code.u8(Op.LocalGet).u32(index);
  if (kind === RawKind.F32) code.u8(Op.I32ReinterpretF32);
  else if (kind === RawKind.F64) code.u8(Op.I64ReinterpretF64);
}

export function rawWidth(kind: number): number {
  return kind === RawKind.V128 ? 4 : 1;
}

/** A module of a few imports (`m.f`, `m.g`, `m.t`), definitions and exports. */
export class AdapterWriter {
  private readonly types: Array<readonly [readonly ValType[], readonly ValType[]]> = [];
  private readonly imports = new ByteSink();
  private importCount = 0;
  private readonly funcTypes: number[] = [];
  private readonly bodies = new ByteSink();
  private readonly globals = new ByteSink();
  private globalCount = 0;
  private readonly exports = new ByteSink();
  private exportCount = 0;
  private readonly tags = new ByteSink();
  private tagCount = 0;
  private importedFuncs = 0;
  private importedGlobals = 0;
  private importedTags = 0;

  typeOf(f: FuncType): number {
    return this.type(f.params, f.results);
  }

  type(params: readonly ValType[], results: readonly ValType[]): number {
    this.types.push([params, results]);
    return this.types.length - 1;
  }

  importFunc(type: number, name = 'f'): number {
    this.imports.name('m').name(name).u8(0x00).u32(type);
    this.importCount++;
    return this.importedFuncs++;
  }

  importGlobal(mutable: boolean): number {
    this.imports.name('m').name('g').u8(0x03);
    writeValType(this.imports, V128);
    this.imports.u8(mutable ? 1 : 0);
    this.importCount++;
    return this.importedGlobals++;
  }

  /** A tag of function type `type` (its params are the payload), imported as `m.t`. */
  importTag(type: number): number {
    this.imports.name('m').name('t').u8(0x04).u8(0x00).u32(type);
    this.importCount++;
    return this.importedTags++;
  }

  defineTag(type: number): number {
    this.tags.u8(0x00).u32(type);
    this.tagCount++;
    return this.importedTags + this.tagCount - 1;
  }

  defineV128Global(mutable: boolean, init: Uint8Array): number {
    writeValType(this.globals, V128);
    this.globals.u8(mutable ? 1 : 0).u8(Op.SimdPrefix).u32(SimdOp.V128Const).bytes(init).u8(Op.End);
    this.globalCount++;
    return this.importedGlobals + this.globalCount - 1;
  }

  func(type: number, locals: readonly ValType[], code: ByteSink): number {
    this.funcTypes.push(type);
    code.u8(Op.End);
    this.bodies.sized((b) => {
      writeLocals(b, locals);
      b.bytes(code.view());
    });
    return this.importedFuncs + this.funcTypes.length - 1;
  }

  export(name: string, kind: 'func' | 'global' | 'tag', index: number): void {
    this.exports.name(name).u8(kind === 'func' ? 0x00 : kind === 'global' ? 0x03 : 0x04).u32(index);
    this.exportCount++;
  }

  finish(): Uint8Array {
    const out = new ByteSink(128);
    out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const section = (id: number, count: number, body: (s: ByteSink) => void): void => {
      if (count === 0) return;
      out.u8(id).sized((s) => {
        s.u32(count);
        body(s);
      });
    };
    section(1, this.types.length, (s) => {
      for (const [params, results] of this.types) {
        s.u8(0x60).u32(params.length);
        for (const p of params) writeValType(s, p);
        s.u32(results.length);
        for (const r of results) writeValType(s, r);
      }
    });
    section(2, this.importCount, (s) => s.bytes(this.imports.view()));
    section(3, this.funcTypes.length, (s) => { for (const t of this.funcTypes) s.u32(t); });
    section(13, this.tagCount, (s) => s.bytes(this.tags.view()));
    section(6, this.globalCount, (s) => s.bytes(this.globals.view()));
    section(7, this.exportCount, (s) => s.bytes(this.exports.view()));
    section(10, this.funcTypes.length, (s) => s.bytes(this.bodies.view()));
    // Name section: the module name only (subsection 0).
    out.u8(0).sized((s) => {
      s.name('name');
      s.u8(0).sized((sub) => sub.name(ADAPTER_MODULE_NAME));
    });
    return out.finish();
  }
}

