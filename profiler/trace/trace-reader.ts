/** Reads a trace file back into records, checking the header. */
import { readFileSync } from 'node:fs';
import { ReplayError } from './replay-error.js';
import { findGrants, type TraceGrants } from './trace-grants.js';
import { TRACE_FORMAT, TRACE_VERSION, type TraceCallRecord, type TraceEndRecord, type TraceHeader, type TraceRecord } from './trace-format.js';

export interface ParsedTrace {
  readonly header: TraceHeader;
  /** Host calls in order. */
  readonly calls: readonly TraceCallRecord[];
  /** The end record, or null when the recording was cut short. */
  readonly end: TraceEndRecord | null;
  readonly records: readonly TraceRecord[];
  /** The capabilities the run was granted and the event index recording them, or null (older traces). */
  readonly grants: { readonly grants: TraceGrants; readonly seq: number } | null;
}

export function parseTrace(text: string, source = 'trace'): ParsedTrace {
  const records: TraceRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as TraceRecord);
    } catch {
      throw new ReplayError('replay_bad_trace', `${source}:${i + 1}: not JSON`, i);
    }
  }
  const header = records[0];
  if (!header || header.kind !== 'header' || header.format !== TRACE_FORMAT) {
    throw new ReplayError('replay_bad_trace', `${source}: not a weft trace (no "${TRACE_FORMAT}" header on line 1)`, 0);
  }
  if (header.version > TRACE_VERSION) {
    throw new ReplayError('replay_bad_trace', `${source}: trace version ${header.version} is newer than this weft understands (${TRACE_VERSION})`, 0);
  }
  const calls = records.filter((r): r is TraceCallRecord => r.kind === 'call');
  const end = records.find((r): r is TraceEndRecord => r.kind === 'end') ?? null;
  return { header, calls, end, records, grants: findGrants(records) };
}

export function readTrace(path: string): ParsedTrace {
  return parseTrace(readFileSync(path, 'utf8'), path);
}
