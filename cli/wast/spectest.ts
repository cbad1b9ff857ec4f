import { funcref, type TableType } from '../../kernel/ir/types.js';
import { TableInstance } from '../../kernel/runtime/table-instance.js';
import { Global, Memory, Table, type Linker, type Store } from '../weft-api.js';

/**
 * The `spectest` host module every spec script imports from, as the reference interpreter
 * defines it (`interpreter/host/spectest.ml`): `print*` functions, the four 666 globals, a
 * funcref table of 10 (max 20) in i32 and i64 (`table64`) address forms, and a memory of 1
 * page (max 2), plain and shared. The print functions stay silent: their output would be
 * mixed into the TAP or JSON report on stdout.
 */
export function defineSpectest(linker: Linker, store: Store): void {
  const quiet = () => undefined;
  linker.defineFunc('spectest', 'print', '(func)', quiet);
  linker.defineFunc('spectest', 'print_i32', '(func (param i32))', quiet);
  linker.defineFunc('spectest', 'print_i64', '(func (param i64))', quiet);
  linker.defineFunc('spectest', 'print_f32', '(func (param f32))', quiet);
  linker.defineFunc('spectest', 'print_f64', '(func (param f64))', quiet);
  linker.defineFunc('spectest', 'print_i32_f32', '(func (param i32 f32))', quiet);
  linker.defineFunc('spectest', 'print_f64_f64', '(func (param f64 f64))', quiet);

  linker.define('spectest', 'global_i32', Global.create(store, { type: 'i32', mutable: false }, 666));
  linker.define('spectest', 'global_i64', Global.create(store, { type: 'i64', mutable: false }, 666n));
  linker.define('spectest', 'global_f32', Global.create(store, { type: 'f32', mutable: false }, 666.6));
  linker.define('spectest', 'global_f64', Global.create(store, { type: 'f64', mutable: false }, 666.6));

  linker.define('spectest', 'table', hostTable(store, { element: funcref, limits: { min: 10, max: 20 }, address: 'i32' }));
  linker.define('spectest', 'table64', hostTable(store, { element: funcref, limits: { min: 10, max: 20 }, address: 'i64' }));

  linker.define('spectest', 'memory', Memory.create(store, { min: 1, max: 2 }));
  try {
    linker.define('spectest', 'shared_memory', Memory.create(store, { min: 1, max: 2, shared: true }));
  } catch {
    // An allocator without shared memories: scripts importing it fail to link, and say so.
  }
}

function hostTable(store: Store, type: TableType): Table {
  const max = type.limits.max ?? type.limits.min;
  return new Table(new TableInstance(type, null, max, store.limiter), store, (f) => f);
}
