/**
 * The interpreter side of guest sampling (`IOp.Sample`, compiled in only with
 * `CompileOptions.sampling`): when the sample clock has ticked, writes the wasm call stack
 * (the Machine's frame functions, outermost first, then the running one) as profile ids into
 * the sampler's preallocated scratch and records it. A re-entrant call (host → wasm) runs at
 * the depth of the frame that called the host, so that one frame is missing from its samples.
 */
import type { StackSampler } from '../../kernel/events/stack-sampler.js';
import type { InterpFunc } from './instance.js';
import type { Machine } from './machine.js';

export function sampleStack(s: StackSampler, m: Machine, depth: number, cur: InterpFunc): void {
  const out = s.scratch;
  const cap = out.length - 1;
  const fns = m.frameFns;
  let n = 0;
  for (let d = 0; d < depth && n < cap; d++) {
    const f = fns[d];
    if (f !== null) out[n++] = s.idOf(f.fc);
  }
  out[n++] = s.idOf(cur.fc);
  s.record(out, n);
}
