import { ContainerModule } from 'inversify';
import type { WeftPlugin } from '../../kernel/contracts/plugin.js';
import { WasiProvider } from '../../kernel/contracts/wasi-provider.js';
import { WasiPreview1Provider } from './provider.js';

/** The built-in `wasi-preview1` plugin: binds the preview1 WasiProvider (version `preview1`). */
export const wasiPreview1Plugin: WeftPlugin = {
  id: 'wasi-preview1',
  version: '0.1.0',
  provides: ['wasi'],
  description: 'WASI preview1 (wasi_snapshot_preview1 + wasi_unstable): capability-sandboxed host or in-memory filesystems, stdio, clocks, random, TCP listeners',
  module: () => new ContainerModule(({ bind }) => {
    bind<WasiProvider>(WasiProvider).toConstantValue(new WasiPreview1Provider());
  }),
};

export default wasiPreview1Plugin;
