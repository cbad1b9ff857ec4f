import t from 'tap';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// GC timing is not deterministic: the child forces collections with --expose-gc and waits a few
// turns for the FinalizationRegistry callbacks; in production a dropped instance's slots come
// back at some later GC, so `dispose()` (or `using`) is the way to get them back at once.
t.test('instances that are only dropped give their slots back after GC', async (t) => {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'finalization-child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', child], { encoding: 'utf8', timeout: 60_000 });
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  t.equal(out.full, 4);
  t.equal(out.exhausted, 'pool exhausted: totalInstances (4) in use');
  t.ok((out.rounds as number) > 0, `reclaimed after ${out.rounds} GC round(s)`);
  t.match(out.afterDrop, { slotsInUse: 0, memoriesInUse: 0, tablesInUse: 0, finalized: 4 });
  t.equal(out.whileReferenced, 1, 'an exported Memory still referenced keeps its slot');
  t.equal(out.stillReadable, 65536);
  t.ok((out.roundsAfterRelease as number) > 0, 'then it is reclaimed too');
  t.equal(out.clean, true, 'reclaimed slots come back zeroed');
});
