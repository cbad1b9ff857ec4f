import t from 'tap';
import { checksumKey, measure, median } from '../../bench/measure.js';
import { toJson, toTable } from '../../bench/report.js';
import { loadWorkloads } from '../../bench/workloads.js';
import { WeftParser } from '../../plugins/parser/index.js';

t.test('median and checksums', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 2, 3]), 2.5);
  t.equal(checksumKey(5), '5');
  t.equal(checksumKey(5n), '5n', 'an i64 checksum never equals the i32 with the same digits');
  t.equal(checksumKey(-0), '-0');
  let calls = 0;
  const m = measure(() => ++calls, 2, 3);
  t.equal(calls, 5);
  t.equal(m.runsMs.length, 3);
  t.equal(m.result, 5);
});

t.test('--json is one array of {workload, backend, weftMs, hostMs, ratio}', async (t) => {
  const rows = [
    { workload: 'fib', backend: 'interpreter', weftMs: 100.123, hostMs: 10, ratio: 10.0123 },
    { workload: 'x', backend: 'interpreter', weftMs: null, hostMs: 1, ratio: null, error: 'checksum mismatch' },
  ];
  const j = JSON.parse(toJson(rows));
  t.same(j[0], { workload: 'fib', backend: 'interpreter', weftMs: 100.12, hostMs: 10, ratio: 10.01 });
  t.equal(j[1].error, 'checksum mismatch');
  const table = toTable(rows);
  t.match(table, /fib\s+interpreter\s+100\.1\s+10\.0\s+10\.0x/);
  t.match(table, /geometric mean ratio: 10\.0x/);
});

t.test('every workload encodes, exports run, and gives the same checksum twice on the host', async (t) => {
  const parser = new WeftParser();
  const workloads = loadWorkloads(null);
  t.ok(workloads.length >= 7, workloads.map((w) => w.name).join(', '));
  for (const w of workloads) {
    const { instance } = await WebAssembly.instantiate(parser.watToBinary(w.text));
    const run = instance.exports.run as () => unknown;
    t.equal(typeof run, 'function', `${w.name} exports run`);
    t.equal(checksumKey(run()), checksumKey(run()), `${w.name} is deterministic`);
  }
  t.same(loadWorkloads('fib').map((w) => w.name), ['fib']);
});
