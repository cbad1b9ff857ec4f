import { badValue } from '../usage-error.js';

/** `--fuel 1000`: a non-negative safe integer (underscores allowed as digit separators). */
export function parseNonNegativeInt(flag: string, text: string): number {
  const clean = text.replace(/_/g, '');
  if (!/^\d+$/.test(clean)) throw badValue(flag, 'a non-negative integer', text);
  const n = Number(clean);
  if (!Number.isSafeInteger(n)) throw badValue(flag, 'an integer below 2^53', text);
  return n;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1, k: 1024, ki: 1024, kib: 1024, m: 1024 ** 2, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gi: 1024 ** 3, gib: 1024 ** 3,
};

/** `--max-memory-size 65536`, `64K`, `16Mi`, `4GiB`: bytes, units binary (1K = 1024). */
export function parseByteSize(flag: string, text: string): number {
  const m = /^(\d[\d_]*)\s*([a-zA-Z]*)$/.exec(text.trim());
  const unit = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw badValue(flag, 'a size in bytes (e.g. 65536, 64K, 16M, 4G)', text);
  const n = Number(m[1].replace(/_/g, '')) * unit;
  if (!Number.isSafeInteger(n)) throw badValue(flag, 'a size below 2^53 bytes', text);
  return n;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `--timeout 200ms`, `2s`, `1.5s`, `1m`, `1h`. The unit is required: a bare number would mean
 * seconds in Wasmtime but milliseconds in weft.json, and guessing wrong is a 1000x surprise.
 */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) throw badValue(flag, 'a duration such as 200ms, 2s or 1m', text);
  const ms = Number(m[1]) * DURATION_UNITS[m[2]];
  if (!Number.isFinite(ms) || ms > 2 ** 31 - 1) throw badValue(flag, 'a duration below 24 days', text);
  return Math.ceil(ms);
}

/** One of a fixed set of words, e.g. `--backend interpreter`. */
export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw badValue(flag, `one of ${choices.join(', ')}`, text);
}
