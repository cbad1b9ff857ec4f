/** The WASI benchmark runs end to end at a tiny size (the real sizes are for `bench/`). */
import t from 'tap';
import { runWasiBench } from '../../bench/wasi/wasi-bench.js';

t.test('runWasiBench returns one row per workload', async (t) => {
  const rows = await runWasiBench({ mib: 2, files: 50, runs: 1 });
  t.same(rows.map((r) => r.workload), ['write 2 MiB to stdout (64 KiB chunks)', 'read a 2 MiB file (64 KiB reads)', 'stat 50 files']);
  for (const r of rows) t.ok(r.weftMs > 0 && r.nodeMs > 0 && Math.abs(r.ratio - r.weftMs / r.nodeMs) < 1e-9, r.workload);
});
