/**
 * Collapsed stacks (`.folded`), the input of flamegraph.pl, inferno and speedscope: one line per
 * distinct stack, frames outermost first joined by `;`, a space, and the sample count.
 */
import type { StackProfile } from './stack-profile.js';

export function writeFolded(profile: StackProfile): string {
  const lines: string[] = [];
  for (const s of profile.samples) {
    lines.push(`${s.stack.map((id) => profile.functions[id]).join(';')} ${s.weight}`);
  }
  return lines.sort().join('\n') + (lines.length ? '\n' : '');
}
