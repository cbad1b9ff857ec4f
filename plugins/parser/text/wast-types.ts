/**
 * The WAST script format as typed commands, for the `weft wast` runner. Every command and
 * value is a discriminated union on `type`. Numbers keep their exact bits: i64 as bigint,
 * floats as raw bit patterns (so NaN payloads survive), v128 as 16 little-endian bytes.
 */
import type { CompileError } from '../../../kernel/errors/compile-error.js';
import type { V128Shape } from './simd-syntax.js';

export type { V128Shape };

// ---- modules ----------------------------------------------------------------------------

/**
 * A module as a command carries it:
 * - `binary`: ready-to-compile bytes, from `(module binary ...)` or a text module encoded at
 *   parse time (`fromText`);
 * - `quote`: `(module quote ...)` source bytes, kept unparsed; encode with `watToBinary`
 *   (which fails for the `assert_malformed` cases);
 * - `malformed-text`: a text module that failed to encode; only produced inside
 *   `assert_malformed` (anywhere else the script itself is malformed and `parseWast` throws).
 */
export type WastModule =
  | { readonly kind: 'binary'; readonly bytes: Uint8Array; readonly fromText: boolean }
  | { readonly kind: 'quote'; readonly text: Uint8Array }
  | { readonly kind: 'malformed-text'; readonly error: CompileError };

// ---- values -----------------------------------------------------------------------------

export interface I32Value {
  readonly type: 'i32';
  /** Signed 32-bit value (`0xffffffff` reads as -1). */
  readonly value: number;
}

export interface I64Value {
  readonly type: 'i64';
  /** Signed 64-bit value. */
  readonly value: bigint;
}

export interface F32Value {
  readonly type: 'f32';
  /** IEEE 754 bits as an unsigned 32-bit number. */
  readonly bits: number;
  /** The same value as a JS number (NaN payloads are not preserved here; use `bits`). */
  readonly value: number;
}

export interface F64Value {
  readonly type: 'f64';
  /** IEEE 754 bits as an unsigned 64-bit bigint. */
  readonly bits: bigint;
  readonly value: number;
}

export interface V128Value {
  readonly type: 'v128';
  /** The lane shape the literal was written in (for lane-wise comparison and messages). */
  readonly shape: V128Shape;
  /** 16 bytes, little-endian lanes. */
  readonly bytes: Uint8Array;
}

/** `(ref.null ht)`. */
export interface RefNullValue {
  readonly type: 'ref.null';
  /** Heap type as written: `func`, `extern`, `any`, ..., or a type `$name`/index. */
  readonly heap: string;
}

/** `(ref.extern N)`: the host reference number N, boxed as an externref. */
export interface RefExternValue {
  readonly type: 'ref.extern';
  readonly value: number;
}

/** `(ref.host N)`: host reference N as an anyref (internalised). */
export interface RefHostValue {
  readonly type: 'ref.host';
  readonly value: number;
}

/** An argument of `invoke`: always a concrete value. */
export type WastArg =
  | I32Value | I64Value | F32Value | F64Value | V128Value | RefNullValue | RefExternValue | RefHostValue;

// ---- expected results -------------------------------------------------------------------

export type NanKind = 'canonical' | 'arithmetic';

/** `(f32.const nan:canonical)` / `nan:arithmetic` (and the f64 forms). */
export interface FloatNanPattern {
  readonly type: 'f32' | 'f64';
  readonly nan: NanKind;
}

/** A `v128.const` result; float lanes may be NaN patterns. */
export interface V128Pattern {
  readonly type: 'v128';
  readonly shape: V128Shape;
  /** Exact lanes (NaN-pattern lanes are zero here). */
  readonly bytes: Uint8Array;
  /** Per lane: the NaN pattern, or null for an exact lane. Null when no lane is a pattern. */
  readonly nanLanes: readonly (NanKind | null)[] | null;
}

/** `(ref.null)` without a heap type matches any null; with one, a null of that heap type. */
export interface RefNullPattern {
  readonly type: 'ref.null';
  readonly heap: string | null;
}

/** `(ref.extern N)` matches host reference N; `(ref.extern)` any non-null externref. */
export interface RefExternPattern {
  readonly type: 'ref.extern';
  readonly value: number | null;
}

/**
 * Any non-null reference of a kind: `(ref.func)`, `(ref.struct)`, `(ref.array)`, `(ref.i31)`,
 * `(ref.eq)`, `(ref.any)`, `(ref.exn)`; `(ref.func $f)`/`(ref.func N)` keep the operand as `index`.
 */
export interface RefKindPattern {
  readonly type: 'ref.func' | 'ref.struct' | 'ref.array' | 'ref.i31' | 'ref.eq' | 'ref.any' | 'ref.exn';
  readonly index: string | null;
}

/** `(either r1 r2 ...)`: any one of the alternatives. */
export interface EitherPattern {
  readonly type: 'either';
  readonly options: readonly WastExpected[];
}

/** One expected result of `assert_return`. */
export type WastExpected =
  | I32Value | I64Value | F32Value | F64Value | FloatNanPattern | V128Pattern
  | RefNullPattern | RefExternPattern | RefHostValue | RefKindPattern | EitherPattern;

// ---- actions and commands ---------------------------------------------------------------

export interface InvokeAction {
  readonly type: 'invoke';
  /** Module name (`$M` without the `$`), or null for the most recent module. */
  readonly module: string | null;
  readonly name: string;
  readonly args: readonly WastArg[];
}

export interface GetAction {
  readonly type: 'get';
  readonly module: string | null;
  readonly name: string;
}

export type WastAction = InvokeAction | GetAction;

interface At {
  /** 1-based line of the command's opening parenthesis. */
  readonly line: number;
}

/** `(module $M? ...)`: compile and instantiate; `definition` modules are only compiled. */
export interface ModuleCommand extends At {
  readonly type: 'module';
  /** `$name` without the `$`, or null. */
  readonly name: string | null;
  readonly definition: boolean;
  readonly module: WastModule;
}

/** `(module instance $I? $M?)`: instantiate a module definition. */
export interface ModuleInstanceCommand extends At {
  readonly type: 'module_instance';
  readonly instance: string | null;
  readonly definition: string | null;
}

/** `(register "name" $M?)`: make a module's exports importable under `name`. */
export interface RegisterCommand extends At {
  readonly type: 'register';
  readonly as: string;
  readonly module: string | null;
}

/** A bare action at top level: run it, ignore results (a trap fails the script). */
export interface ActionCommand extends At {
  readonly type: 'action';
  readonly action: WastAction;
}

export interface AssertReturnCommand extends At {
  readonly type: 'assert_return';
  readonly action: WastAction;
  readonly expected: readonly WastExpected[];
}

/** `(assert_trap action "msg")`, or `(assert_trap (module ...) "msg")` for a start-function trap. */
export type AssertTrapCommand = At & {
  readonly type: 'assert_trap';
  readonly message: string;
} & ({ readonly action: WastAction; readonly module: null } | { readonly action: null; readonly module: WastModule });

export interface AssertExhaustionCommand extends At {
  readonly type: 'assert_exhaustion';
  readonly action: WastAction;
  readonly message: string;
}

/** `(assert_exception action)`: the action throws a wasm exception. */
export interface AssertExceptionCommand extends At {
  readonly type: 'assert_exception';
  readonly action: WastAction;
}

/** Assertions about a module: it fails to decode/parse, validate, link or instantiate. */
export interface AssertModuleCommand extends At {
  readonly type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';
  readonly module: WastModule;
  readonly message: string;
}

export type WastCommand =
  | ModuleCommand | ModuleInstanceCommand | RegisterCommand | ActionCommand
  | AssertReturnCommand | AssertTrapCommand | AssertExhaustionCommand | AssertExceptionCommand
  | AssertModuleCommand;

export interface WastScript {
  /** Source name given to `parseWast`. */
  readonly source: string;
  readonly commands: readonly WastCommand[];
}
