/**
 * Why a guest stopped abnormally. Names follow Wasmtime's `Trap` enum; `TRAP_MESSAGES` pairs
 * each with the WebAssembly spec's message (what `assert_trap` in the testsuite expects).
 */
export enum TrapCode {
  StackOverflow = 'StackOverflow',
  MemoryOutOfBounds = 'MemoryOutOfBounds',
  HeapMisaligned = 'HeapMisaligned',
  TableOutOfBounds = 'TableOutOfBounds',
  IndirectCallToNull = 'IndirectCallToNull',
  BadSignature = 'BadSignature',
  IntegerOverflow = 'IntegerOverflow',
  IntegerDivisionByZero = 'IntegerDivisionByZero',
  BadConversionToInteger = 'BadConversionToInteger',
  UnreachableCodeReached = 'UnreachableCodeReached',
  Interrupt = 'Interrupt',
  OutOfFuel = 'OutOfFuel',
  NullReference = 'NullReference',
  ArrayOutOfBounds = 'ArrayOutOfBounds',
  AllocationTooLarge = 'AllocationTooLarge',
  CastFailure = 'CastFailure',
  /** A host function failed (threw, or its Promise rejected); `cause` holds the host error. */
  HostError = 'HostError',
  /** A WebAssembly exception was thrown and not caught before leaving wasm. */
  UncaughtException = 'UncaughtException',
}

export const TRAP_MESSAGES: Readonly<Record<TrapCode, string>> = {
  StackOverflow: 'call stack exhausted',
  MemoryOutOfBounds: 'out of bounds memory access',
  HeapMisaligned: 'unaligned atomic',
  TableOutOfBounds: 'out of bounds table access',
  IndirectCallToNull: 'uninitialized element',
  BadSignature: 'indirect call type mismatch',
  IntegerOverflow: 'integer overflow',
  IntegerDivisionByZero: 'integer divide by zero',
  BadConversionToInteger: 'invalid conversion to integer',
  UnreachableCodeReached: 'unreachable',
  Interrupt: 'interrupt',
  OutOfFuel: 'all fuel consumed by WebAssembly',
  NullReference: 'null reference',
  ArrayOutOfBounds: 'out of bounds array access',
  AllocationTooLarge: 'allocation size too large',
  CastFailure: 'cast failure',
  HostError: 'host function failed',
  UncaughtException: 'uncaught exception',
};
