import { WeftError } from './weft-error.js';
import { TRAP_MESSAGES, type TrapCode } from './trap-code.js';

/** One wasm frame of a trap's backtrace, innermost first. */
export interface BacktraceFrame {
  /** Name of the module (name section or the name it was compiled under), or null. */
  readonly module: string | null;
  readonly funcIndex: number;
  /** Function name from the name section, or null. */
  readonly funcName: string | null;
  /** Byte offset of the faulting/calling instruction in the module, or -1 when unknown. */
  readonly offset: number;
}

/** The guest stopped abnormally. `message` is the spec's message (or a more precise one). */
export class Trap extends WeftError {
  readonly trapCode: TrapCode;
  backtrace: readonly BacktraceFrame[];

  constructor(trapCode: TrapCode, message?: string, opts: { cause?: unknown; backtrace?: readonly BacktraceFrame[] } = {}) {
    super('trap', message ?? TRAP_MESSAGES[trapCode], { cause: opts.cause });
    this.trapCode = trapCode;
    this.backtrace = opts.backtrace ?? [];
  }

  /** The backtrace as Wasmtime prints it: one `N: 0xOFFSET - module!func` line a frame. */
  formatBacktrace(): string {
    return this.backtrace.map((f, i) => {
      const name = f.funcName ?? `<wasm function ${f.funcIndex}>`;
      const mod = f.module ? `${f.module}!` : '';
      const off = f.offset >= 0 ? `0x${f.offset.toString(16)} - ` : '';
      return `${String(i).padStart(4)}: ${off}${mod}${name}`;
    }).join('\n');
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), trapCode: this.trapCode, backtrace: this.backtrace };
  }
}

export function isTrap(e: unknown): e is Trap {
  return e instanceof Trap;
}
