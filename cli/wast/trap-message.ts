import { TrapCode } from '../../kernel/errors/trap-code.js';
import type { Trap } from '../../kernel/errors/trap.js';

/**
 * Whether a trap satisfies `assert_trap`'s expected text. The reference interpreter requires
 * the expected text to be a prefix of its own message; weft's messages come from one table per
 * trap code (Wasmtime-style), so some spec messages carry detail ours do not
 * (`uninitialized element 2`) or name the reference kind (`null function reference`). Those
 * count when the trap code is the one the spec means.
 */
export function trapMatches(trap: Trap, expected: string): boolean {
  const actual = trap.message;
  if (actual.startsWith(expected) || actual.includes(expected)) return true;
  // Our message is the spec's without its detail suffix (`uninitialized element` + ` 2`).
  if (actual.length > 0 && expected.startsWith(actual)) return true;
  switch (trap.trapCode) {
    case TrapCode.NullReference:
      return /^null( \w+)? reference/.test(expected);
    case TrapCode.StackOverflow:
      return /call stack exhausted|stack overflow|exhausted/.test(expected);
    case TrapCode.BadSignature:
      return /indirect call( type| signature)? mismatch/.test(expected);
    default:
      return false;
  }
}

/** Messages of compile, link and instantiation errors, for `--strict-messages`. */
export function messageMatches(actual: string, expected: string): boolean {
  return actual.startsWith(expected) || actual.includes(expected);
}
