/**
 * Guest sampling on backends that hand wasm to the host engine (native): V8's own sampling
 * profiler, driven in-process through `node:inspector` (`Profiler.setSamplingInterval`,
 * `start`, `stop`). V8 samples from a signal-driven thread, so it sees the wasm stack even
 * while the guest blocks the event loop. Only wasm frames are kept (`wasm://` scripts), named
 * as V8 names them: the name section's name, else `wasm-function[N]` — the same names
 * `displayName` gives, and never an address. JS frames between wasm frames (host calls) are
 * dropped, and so are V8's call wrappers, though their scripts are `wasm://` too
 * (`js-to-wasm:<sig>`, `wasm-to-js:<sig>-<import name>`; with the native backend's renumbered
 * name section, `wasm-to-js::-weft:rt.poll` for an epoch poll): a profile holds wasm names
 * only, and a wrapper's time counts for the wasm function that called through it.
 *
 * In-process inspector calls complete synchronously (the callback runs before `post`
 * returns), which is what lets `start`/`stop` be plain methods.
 */
import { Session } from 'node:inspector';
import type { StackProfile } from './stack-profile.js';

interface CallFrame { readonly functionName: string; readonly url: string }
interface ProfileNode { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

const WASM_URL = 'wasm://';
const WRAPPER = /^(?:js-to-wasm|wasm-to-js):/;

/** Whether a V8 profile frame is a wasm function (not JS, not a boundary wrapper). */
function isWasmFunction(f: CallFrame): boolean {
  return f.url.startsWith(WASM_URL) && !WRAPPER.test(f.functionName);
}

export class V8WasmSampler {
  private session: Session | null = null;
  private readonly intervalMs: number;
  /** performance.now() minus the monotonic clock V8 stamps samples with, in ms. */
  private perfMinusMonoMs = 0;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  get running(): boolean {
    return this.session !== null;
  }

  /** Starts V8's sampler; returns an error message instead of throwing when it cannot. */
  start(): string | null {
    if (this.session !== null) return null;
    const session = new Session();
    let failure: string | null = null;
    try {
      session.connect();
      const post = (method: string, params?: object): void => {
        session.post(method, params ?? {}, (err) => { if (err && failure === null) failure = `${method}: ${err.message}`; });
      };
      post('Profiler.enable');
      post('Profiler.setSamplingInterval', { interval: Math.max(1, Math.round(this.intervalMs * 1000)) });
      post('Profiler.start');
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    if (failure !== null) {
      try { session.disconnect(); } catch { /* already closed */ }
      return failure;
    }
    this.session = session;
    this.perfMinusMonoMs = performance.now() - Number(process.hrtime.bigint()) / 1e6;
    return null;
  }

  /** Stops V8's sampler and adds its wasm samples to `into` (one tick per sample). */
  stopInto(into: StackProfile): void {
    const session = this.session;
    if (session === null) return;
    this.session = null;
    let profile: CpuProfile | null = null;
    session.post('Profiler.stop', (err, result) => { if (!err) profile = (result as { profile: CpuProfile }).profile; });
    try { session.post('Profiler.disable'); } catch { /* best effort */ }
    session.disconnect();
    if (profile !== null) addWasmSamples(profile, into, this.perfMinusMonoMs);
  }
}

/** Charges each sample of a V8 CPU profile to its stack of wasm frames (outermost first). */
export function addWasmSamples(profile: CpuProfile, into: StackProfile, perfMinusMonoMs: number): void {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // Wasm-only stack of each node, computed once per node (function ids, outermost first).
  const stacks = new Map<number, number[]>();
  const stackOf = (id: number): number[] => {
    const known = stacks.get(id);
    if (known) return known;
    const chain: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined && !stacks.has(at); at = parent.get(at)) chain.push(byId.get(at)!);
    const top = chain.length > 0 ? parent.get(chain[chain.length - 1].id) : id;
    let acc = top !== undefined && stacks.has(top) ? stacks.get(top)! : [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const f = chain[i].callFrame;
      if (isWasmFunction(f)) acc = [...acc, into.functionId(f.functionName.replace(/[\r\n;]/g, ' '))];
      stacks.set(chain[i].id, acc);
    }
    return stacks.get(id)!;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = profile.startTime;
  // V8 stamps samples in µs of the monotonic clock (process.hrtime's); profile times are ms since `into` started.
  const offsetMs = perfMinusMonoMs + performance.timeOrigin - into.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const s = stackOf(samples[i]);
    if (s.length > 0) into.add(s, s.length, 1, t / 1000 + offsetMs);
  }
}
