/**
 * What V8 throws when its wasm code faults, mapped to weft's trap codes and the spec's
 * messages, and its stack trace parsed into wasm frames. Messages are V8 11.3's
 * (`src/common/message-template.h`, `WasmTrap*`), checked by `tests/backends/native`.
 */
import { TRAP_MESSAGES, TrapCode } from '../../kernel/errors/trap-code.js';
import { Op } from '../../kernel/ir/opcodes.js';
import { ADAPTER_MODULE_NAME } from './boundary/adapter-writer.js';
import { isTrappingTrunc } from './instrument/trunc-guard.js';

export interface MappedTrap {
  readonly code: TrapCode;
  readonly message: string;
}

/** V8 message → trap code. Some need the faulting opcode to get the spec's message. */
const BY_MESSAGE: ReadonlyMap<string, TrapCode> = new Map([
  ['unreachable', TrapCode.UnreachableCodeReached],
  ['memory access out of bounds', TrapCode.MemoryOutOfBounds],
  ['data segment out of bounds', TrapCode.MemoryOutOfBounds],
  ['data segment is out of bounds', TrapCode.MemoryOutOfBounds],
  ['divide by zero', TrapCode.IntegerDivisionByZero],
  ['remainder by zero', TrapCode.IntegerDivisionByZero],
  ['divide result unrepresentable', TrapCode.IntegerOverflow],
  // NaN never reaches a truncation: the NaN guards every native module gets trap it first
  // (instrument/trunc-guard.ts), so V8's one message for both cases means out of range here.
  ['float unrepresentable in integer range', TrapCode.IntegerOverflow],
  ['table index is out of bounds', TrapCode.TableOutOfBounds],
  ['element segment out of bounds', TrapCode.TableOutOfBounds],
  ['invalid index into function table', TrapCode.TableOutOfBounds],
  ['null function or function signature mismatch', TrapCode.BadSignature],
  ['operation does not support unaligned accesses', TrapCode.HeapMisaligned],
  ['dereferencing a null pointer', TrapCode.NullReference],
  ['illegal cast', TrapCode.CastFailure],
  ['array element access out of bounds', TrapCode.ArrayOutOfBounds],
  ['requested new array is too large', TrapCode.AllocationTooLarge],
]);

const API_PREFIX = /^WebAssembly\.\w+\(\): /;

function isCallIndirect(op: number): boolean {
  return op === Op.CallIndirect || op === Op.ReturnCallIndirect;
}

/**
 * The trap a host-engine error stands for, or null when it is not a wasm fault. `opcode` is
 * the first byte of the faulting instruction in the original module (-1 when unknown); it
 * tells `call_indirect`'s "undefined element" from `table.get`'s "out of bounds table access".
 */
export function mapHostError(error: unknown, opcode: number): MappedTrap | null {
  if (error instanceof RangeError && error.message === 'Maximum call stack size exceeded') {
    return { code: TrapCode.StackOverflow, message: TRAP_MESSAGES.StackOverflow };
  }
  if (!(error instanceof WebAssembly.RuntimeError)) return null;
  // Faults while instantiating carry the API's prefix (`WebAssembly.Instance(): ...`).
  const code = BY_MESSAGE.get(error.message.replace(API_PREFIX, ''));
  if (code === undefined) return null;
  if (code === TrapCode.TableOutOfBounds && isCallIndirect(opcode)) return { code, message: 'undefined element' };
  // A NaN guard's `unreachable` is attributed to the truncation it protects.
  if (code === TrapCode.UnreachableCodeReached && isTrappingTrunc(opcode)) {
    return { code: TrapCode.BadConversionToInteger, message: TRAP_MESSAGES.BadConversionToInteger };
  }
  if (code === TrapCode.BadSignature) {
    // V8 does not say which: a null entry and a signature mismatch share one message.
    return { code, message: 'indirect call type mismatch (or uninitialized element)' };
  }
  return { code, message: TRAP_MESSAGES[code] };
}

/** One `wasm-function[N]:0xOFFSET` frame of a V8 stack trace. */
export interface EngineFrame {
  /** `wasm://wasm/<name->hash` identifying the compiled module. */
  readonly script: string;
  readonly funcIndex: number;
  readonly offset: number;
  /** The `WebAssembly.Instance` the frame runs in, when the stack was captured structured. */
  readonly instance: object | null;
}

/**
 * V8 puts a wasm frame's location last (`[name (]wasm://wasm/<script>:wasm-function[N]:0xOFF[)]`),
 * and a module or function name from the name section may hold anything (spaces, colons, its
 * own `wasm://`), so the index and offset are read from the end of the line.
 */
const FRAME = /(wasm:\/\/wasm\/.*):wasm-function\[(\d+)\]:0x([0-9a-f]+)\)?$/;

/** Frames of weft's own boundary adapter modules (`wasm://wasm/weft:boundary-<hash>`) are not the guest's. */
const ADAPTER_SCRIPT = `wasm://wasm/${ADAPTER_MODULE_NAME}-`;

function isAdapterFrame(script: string): boolean {
  return script.startsWith(ADAPTER_SCRIPT);
}

/** Wasm frames of `stack`, innermost first. */
export function parseEngineFrames(stack: string | undefined): EngineFrame[] {
  const frames: EngineFrame[] = [];
  if (!stack) return frames;
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trimEnd());
    if (m !== null && !isAdapterFrame(m[1])) {
      frames.push({ script: m[1], funcIndex: Number(m[2]), offset: parseInt(m[3], 16), instance: null });
    }
  }
  return frames;
}

/**
 * Wasm frames of `error`, innermost first, each with its instance when V8 still has the
 * structured stack: V8 formats `stack` on first access, and a wasm call site's `getThis()` is
 * its `WebAssembly.Instance`, which tells exactly whose code a frame is (the script name only
 * tells the compiled module, and only once learnt). A stack already formatted is parsed as text.
 */
export function captureEngineFrames(error: unknown): EngineFrame[] {
  if (!(error instanceof Error)) return [];
  let sites: NodeJS.CallSite[] | null = null;
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (e, cs) => {
    sites = cs;
    return saved !== undefined ? saved(e, cs) : `${Error.prototype.toString.call(e)}${cs.map((c) => `\n    at ${c}`).join('')}`;
  };
  let stack: string | undefined;
  try {
    stack = error.stack;
  } finally {
    Error.prepareStackTrace = saved;
  }
  const captured = sites as NodeJS.CallSite[] | null;
  if (captured === null) return parseEngineFrames(stack);
  const frames: EngineFrame[] = [];
  for (const site of captured) {
    const m = FRAME.exec(String(site));
    if (m === null) continue;
    const self: unknown = site.getThis();
    const instance = self instanceof WebAssembly.Instance ? self : null;
    // The text's script part starts at its first `wasm://`, which a name may hold too.
    const script = site.getFileName() ?? m[1];
    if (isAdapterFrame(script)) continue;
    frames.push({ script, funcIndex: Number(m[2]), offset: parseInt(m[3], 16), instance });
  }
  return frames;
}
