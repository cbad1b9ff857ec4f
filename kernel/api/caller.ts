import type { Caller } from '../runtime/func-instance.js';
import type { Instance } from './instance.js';
import type { Store } from './store.js';

/**
 * The `Caller` a host function receives: the calling instance's exports as runtime values
 * (`getExport('memory')` is a `MemoryInstance`: buffer, byteLength, generation) and the store's
 * data. One per (instance, host import), made at instantiation, so calls allocate nothing.
 * During the start function the instance is not built yet and `getExport` returns undefined.
 */
export class HostCaller implements Caller {
  instance: Instance | null = null;
  readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  getExport(name: string): unknown {
    return this.instance?.getExportValue(name);
  }

  get data(): unknown {
    return this.store.context.data;
  }
}
