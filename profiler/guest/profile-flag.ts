/**
 * Parses the CLI's `--profile` value for the guest sampler: `guest[=FILE][,INTERVAL]`, where
 * INTERVAL is a duration (`1ms`, `500us`, `2` = ms). The writer follows FILE's extension:
 * `.json` Firefox Profiler, `.folded` collapsed stacks, `.svg` flame graph.
 */
export type ProfileFormat = 'firefox' | 'folded' | 'svg';

export interface GuestProfileOptions {
  readonly file: string;
  readonly intervalMs: number;
  readonly format: ProfileFormat;
}

export const DEFAULT_PROFILE_FILE = 'weft-profile.json';
export const DEFAULT_INTERVAL_MS = 1;

export function formatOf(file: string): ProfileFormat {
  const f = file.toLowerCase();
  if (f.endsWith('.folded') || f.endsWith('.txt')) return 'folded';
  if (f.endsWith('.svg')) return 'svg';
  if (f.endsWith('.json')) return 'firefox';
  throw new Error(`--profile guest=${file}: unknown profile format (use .json for the Firefox Profiler, .folded for collapsed stacks, .svg for a flame graph)`);
}

function parseInterval(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|us|µs|s)?$/.exec(s.trim());
  if (!m) throw new Error(`--profile guest: bad interval "${s}" (e.g. 1ms, 500us)`);
  const v = Number(m[1]);
  const ms = m[2] === 'us' || m[2] === 'µs' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  if (!(ms >= 0.05)) throw new Error(`--profile guest: interval ${s} is too small (minimum 50us)`);
  return ms;
}

/** `value` is what follows `--profile` (e.g. `guest=out.svg,2ms`); null when not a guest profile. */
export function parseGuestProfileFlag(value: string): GuestProfileOptions | null {
  if (value !== 'guest' && !value.startsWith('guest=') && !value.startsWith('guest,')) return null;
  let rest = value.slice('guest'.length);
  let file = DEFAULT_PROFILE_FILE;
  let intervalMs = DEFAULT_INTERVAL_MS;
  if (rest.startsWith('=')) {
    rest = rest.slice(1);
    const comma = rest.lastIndexOf(',');
    if (comma >= 0) {
      intervalMs = parseInterval(rest.slice(comma + 1));
      rest = rest.slice(0, comma);
    }
    if (rest !== '') file = rest;
  } else if (rest.startsWith(',')) {
    intervalMs = parseInterval(rest.slice(1));
  }
  return { file, intervalMs, format: formatOf(file) };
}
