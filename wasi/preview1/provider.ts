import type { ImportSink } from '../../kernel/contracts/host-capability.js';
import type { WasiConfig, WasiProvider } from '../../kernel/contracts/wasi-provider.js';
import { WasiPreview1 } from './wasi-preview1.js';

/** The `WasiProvider` for preview1: builds a WasiPreview1 from the config and links it. */
export class WasiPreview1Provider implements WasiProvider {
  readonly version = 'preview1';

  /** Returns the WasiPreview1 (exit code, captured output, listen addresses). */
  addToLinker(sink: ImportSink, config: WasiConfig): WasiPreview1 {
    const wasi = new WasiPreview1({
      args: config.args,
      env: config.env,
      preopens: config.preopens.map((p) => ({ guest: p.guest, host: p.host, readonly: p.readonly, fs: p.fs })),
      stdin: config.stdin,
      stdout: config.stdout,
      stderr: config.stderr,
      tcplisten: config.tcplisten,
    });
    wasi.addToLinker(sink);
    return wasi;
  }
}
