/**
 * The `perfmap` EventSink. V8 writes the map itself (see `v8-wasm-symbols.ts`); this sink checks
 * at attach that it can (native backend, flags on: otherwise `PerfMapUnsupported` with the
 * message the CLI prints) and, on detach, reports which wasm functions the map holds, so the CLI
 * can say where the map is and that `perf report` will name them.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { EventSink } from '../../kernel/contracts/event-sink.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { WeftError } from '../../kernel/errors/weft-error.js';
import { parsePerfMap, perfMapPath } from './perf-map-format.js';
import { perfMapSupport } from './perfmap-support.js';
import { wasmEntries, type WasmCodeEntry } from './v8-wasm-symbols.js';

export class PerfMapUnsupported extends WeftError {
  constructor(message: string) {
    super('perfmap_unsupported', message);
  }
}

export class PerfMapSink implements EventSink {
  readonly id = 'perfmap';
  readonly needsCallEvents = false;
  private readonly backend: string;
  /** Wasm functions found in the map at detach. */
  found: WasmCodeEntry[] = [];

  constructor(backend: string) {
    this.backend = backend;
  }

  get path(): string {
    return perfMapPath();
  }

  attach(_events: EventBus): { detach(): void } {
    const s = perfMapSupport(this.backend);
    if (!s.ok) throw new PerfMapUnsupported(s.message);
    return { detach: () => { this.found = this.scan(); } };
  }

  /** The wasm functions V8 has written to this process's map so far. */
  scan(): WasmCodeEntry[] {
    const p = this.path;
    if (!existsSync(p)) return [];
    return wasmEntries(parsePerfMap(readFileSync(p, 'utf8')).entries);
  }
}
