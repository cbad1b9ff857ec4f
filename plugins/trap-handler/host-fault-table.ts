import { TrapCode } from '../../kernel/errors/trap-code.js';

/**
 * V8's `WebAssembly.RuntimeError` messages (and the host's stack exhaustion) mapped to our trap
 * codes. Matched by substring, longest patterns first where they overlap. Sources: V8's
 * `message-template.h` (`kWasmTrap*`).
 */
export const V8_TRAP_MESSAGES: readonly (readonly [string, TrapCode])[] = [
  ['unreachable', TrapCode.UnreachableCodeReached],
  ['memory access out of bounds', TrapCode.MemoryOutOfBounds],
  ['operation does not support unaligned accesses', TrapCode.HeapMisaligned],
  ['divide by zero', TrapCode.IntegerDivisionByZero],
  ['remainder by zero', TrapCode.IntegerDivisionByZero],
  ['integer overflow', TrapCode.IntegerOverflow],
  ['divide result unrepresentable', TrapCode.IntegerOverflow],
  ['float unrepresentable in integer range', TrapCode.BadConversionToInteger],
  ['table index is out of bounds', TrapCode.TableOutOfBounds],
  ['table access out of bounds', TrapCode.TableOutOfBounds],
  ['element segment out of bounds', TrapCode.TableOutOfBounds],
  ['data segment out of bounds', TrapCode.MemoryOutOfBounds],
  ['null function or function signature mismatch', TrapCode.BadSignature],
  ['function signature mismatch', TrapCode.BadSignature],
  ['dereferencing a null pointer', TrapCode.NullReference],
  ['illegal cast', TrapCode.CastFailure],
  ['array element access out of bounds', TrapCode.ArrayOutOfBounds],
  ['requested new array is too large', TrapCode.AllocationTooLarge],
  ['maximum call stack size exceeded', TrapCode.StackOverflow],
];

/** The trap code for a host engine error's message, or null when it is not a known fault. */
export function trapCodeForHostMessage(message: string): TrapCode | null {
  const m = message.toLowerCase();
  for (const [pattern, code] of V8_TRAP_MESSAGES) if (m.includes(pattern)) return code;
  return null;
}
