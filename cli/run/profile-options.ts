import { parseGuestProfileFlag, type GuestProfileOptions } from '../../profiler/guest/profile-flag.js';
import { UsageError } from '../usage-error.js';

/** What the repeated `--profile` flags of `weft run` asked for. */
export interface ProfileChoice {
  readonly otel: boolean;
  readonly perfmap: boolean;
  /** `--profile guest[=FILE][,INTERVAL]`, or null. */
  readonly guest: GuestProfileOptions | null;
}

export const PROFILERS = ['otel', 'guest[=FILE][,INTERVAL]', 'perfmap'] as const;

/** Parses every `--profile` value; an unknown profiler or a bad guest spec is a UsageError. */
export function parseProfileFlags(values: readonly string[]): ProfileChoice {
  let otel = false;
  let perfmap = false;
  let guest: GuestProfileOptions | null = null;
  for (const v of values) {
    if (v === 'otel') otel = true;
    else if (v === 'perfmap') perfmap = true;
    else {
      let g: GuestProfileOptions | null;
      try {
        g = parseGuestProfileFlag(v);
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      if (g === null) throw new UsageError(`--profile: expected one of ${PROFILERS.join(', ')}, got ${JSON.stringify(v)}`);
      if (guest !== null) throw new UsageError('--profile guest: given more than once');
      guest = g;
    }
  }
  return { otel, perfmap, guest };
}

/** Manifest `profilers` entries for the choice (perfmap gets the engine's backend). */
export function profilerEntries(p: ProfileChoice, backend: string): { id: string; config?: Record<string, unknown> }[] {
  const out: { id: string; config?: Record<string, unknown> }[] = [];
  if (p.otel) out.push({ id: 'otel' });
  if (p.guest !== null) out.push({ id: 'guest', config: { file: p.guest.file, intervalMs: p.guest.intervalMs } });
  if (p.perfmap) out.push({ id: 'perfmap', config: { backend } });
  return out;
}

export function anyProfiler(p: ProfileChoice): boolean {
  return p.otel || p.perfmap || p.guest !== null;
}
