/**
 * Entry points from JavaScript into the run loop: the synchronous `invoke` of exported
 * functions (on the store's shared Machine, nesting above whatever is already running) and
 * `invokeAsync`, which runs on a fresh Machine so the guest can be suspended at an async host
 * function (its whole state is on that Machine) and resumed when the Promise settles.
 */
import { Trap } from '../../kernel/errors/trap.js';
import { TrapCode } from '../../kernel/errors/trap-code.js';
import { FuncInstance } from '../../kernel/runtime/func-instance.js';
import { WasmException } from '../../kernel/runtime/wasm-exception.js';
import type { FuncType } from '../../kernel/ir/types.js';
import type { InterpFunc } from './instance.js';
import { Machine, machineFor } from './machine.js';
import { execute, RUN_SUSPENDED, RET_CODE } from './run-loop.js';
import { readResults, writeResults, writeValues } from './values.js';
import { ensureTranslated } from './compiled-module.js';
import { backtrace } from './exceptions.js';

/** Zeroes the declared locals of a frame at `fp` (parameters already written). */
function prepareFrame(m: Machine, fn: InterpFunc, fp: number): void {
  const fc = fn.fc;
  const I = m.I;
  for (let s = (fp + fc.paramSlots) << 1, e = (fp + fc.localSlots) << 1; s < e; s++) I[s] = 0;
  const rl = fc.refLocals;
  for (let i = 0; i < rl.length; i++) m.R[fp + rl[i]] = null;
}

function boundary(fn: InterpFunc, e: unknown): unknown {
  if (e instanceof Trap || e instanceof WasmException) return e;
  const inst = fn.inst;
  return inst.trapHandler.translate(e, {
    module: inst.ir,
    moduleName: inst.module.options.moduleName ?? inst.ir.names.module,
    backtrace: null,
  });
}

export function invokeSync(fn: InterpFunc, args: readonly unknown[]): unknown {
  const fc = fn.fc;
  if (!fc.ready) ensureTranslated(fn);
  const inst = fn.inst;
  const m = inst.machine ?? (inst.machine = machineFor(inst.store));
  const base = m.top;
  const baseDepth = m.depth;
  if (!m.ensure(base + fc.frameSlots, baseDepth + 1)) throw new Trap(TrapCode.StackOverflow);
  writeValues(m, base, fc.type.params, args);
  prepareFrame(m, fn, base);
  try {
    execute(m, fn, base, 0, baseDepth, null);
    return readResults(m, base, fc.type.results);
  } catch (e) {
    throw boundary(fn, e);
  } finally {
    m.top = base;
    m.depth = baseDepth;
  }
}

export async function invokeAsync(fn: InterpFunc, args: readonly unknown[]): Promise<unknown> {
  const fc = fn.fc;
  if (!fc.ready) ensureTranslated(fn);
  const m = new Machine(fn.inst.store, true);
  if (!m.ensure(fc.frameSlots, 1)) throw new Trap(TrapCode.StackOverflow);
  writeValues(m, 0, fc.type.params, args);
  prepareFrame(m, fn, 0);
  try {
    let r = execute(m, fn, 0, 0, 0, null);
    while (r === RUN_SUSPENDED) {
      const pending = m.pending!;
      m.pending = null;
      let value: unknown;
      try {
        value = await pending;
      } catch (err) {
        const msg = err instanceof Error ? `host function failed: ${err.message}` : 'host function failed';
        throw new Trap(TrapCode.HostError, msg, { cause: err, backtrace: backtrace(m, m.fn!, m.pc - 1, m.depth, 0) });
      }
      const callee = m.pendingFn as FuncInstance;
      writeResults(m, m.pendingBase, callee.type.results, value);
      if (m.pendingTail) {
        let n = 0;
        for (const t of callee.type.results) n += t === 'v128' ? 2 : 1;
        const I = m.I;
        for (let i = 0; i < n; i++) {
          I[(m.fp + i) << 1] = I[(m.pendingBase + i) << 1];
          I[((m.fp + i) << 1) + 1] = I[((m.pendingBase + i) << 1) + 1];
          m.R[m.fp + i] = m.R[m.pendingBase + i];
        }
        r = execute(m, m.fn!, m.fp, 0, 0, RET_CODE);
      } else {
        r = execute(m, m.fn!, m.fp, m.pc, 0, null);
      }
    }
    return readResults(m, 0, fc.type.results);
  } catch (e) {
    throw boundary(fn, e);
  }
}

/**
 * The FuncInstance of an interpreter function (a plain FuncInstance, so every backend's
 * functions share one hidden class). `invoke(...params)` runs it synchronously;
 * `invokeAsync(...params)` returns a Promise of the same result shape and lets host functions
 * it calls return Promises (the guest suspends until they settle).
 */
export function interpFuncInstance(type: FuncType, typeId: number, fn: InterpFunc, name: string): FuncInstance {
  return new FuncInstance(
    type, typeId, 'interpreter', fn, name,
    (...params: unknown[]) => invokeSync(fn, params),
    (...params: unknown[]) => invokeAsync(fn, params),
  );
}

/**
 * Test/debug entry with raw slot access: `write(I, R, base)` stores the arguments (raw bits),
 * `read(I, R, base)` extracts the results. Used by the spec-test runner to keep NaN payloads
 * exact across the boundary.
 */
export function invokeRaw<T>(fi: FuncInstance, write: (I: Int32Array, R: unknown[], base: number) => void, read: (I: Int32Array, R: unknown[], base: number) => T): T {
  const fn = fi.impl as InterpFunc;
  const fc = fn.fc;
  if (!fc.ready) ensureTranslated(fn);
  const m = machineFor(fn.inst.store);
  const base = m.top;
  const baseDepth = m.depth;
  if (!m.ensure(base + fc.frameSlots, baseDepth + 1)) throw new Trap(TrapCode.StackOverflow);
  write(m.I, m.R, base);
  prepareFrame(m, fn, base);
  try {
    execute(m, fn, base, 0, baseDepth, null);
    return read(m.I, m.R, base);
  } catch (e) {
    throw boundary(fn, e);
  } finally {
    m.top = base;
    m.depth = baseDepth;
  }
}
