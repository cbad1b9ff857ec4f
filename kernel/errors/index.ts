export { WeftError, isWeftError } from './weft-error.js';
export { CompileError } from './compile-error.js';
export { LinkError } from './link-error.js';
export { TrapCode, TRAP_MESSAGES } from './trap-code.js';
export { Trap, isTrap, type BacktraceFrame } from './trap.js';
export { ExitSignal, isExitSignal } from './exit-signal.js';
