/**
 * Mutation fuzzing of decode+validate: every mutated input must either be accepted or
 * rejected with a `CompileError` — never another exception, never a hang. Seeded, so a
 * failure names (seed, iteration, mutation) and reproduces. The long run is
 * `bench/parser/fuzz.ts`; this one stays within a few seconds.
 */
import t from 'tap';
import { CompileError } from '../../../kernel/errors/compile-error.js';
import { TypeRegistry } from '../../../kernel/ir/type-registry.js';
import { decodeModule } from '../../../plugins/parser/binary/index.js';
import { MUTATIONS, mutate, Prng } from '../../../bench/parser/fuzz-mutators.js';
import { fuzzSeeds } from './fuzz-seeds.js';

const SEED = 0x5eed;
const BUDGET_MS = 3000;
const MAX_INPUTS = 4000;
/** One input may take at most this long (the fixture is ~180 KB; decoding it takes a few ms). */
const PER_INPUT_MS = 1000;

const seeds = fuzzSeeds();
t.ok(seeds.length >= 2, `${seeds.length} seed modules`);

const registry = new TypeRegistry();
for (const s of seeds) {
  // Seeds must be valid to start with.
  decodeModule(s, registry);
}

const rng = new Prng(SEED);
const start = Date.now();
let tried = 0;
let accepted = 0;
const problems: string[] = [];
let slowest = 0;
while (tried < MAX_INPUTS && Date.now() - start < BUDGET_MS) {
  // The big clang fixture is slow to mutate and decode: pick it for one input in ten.
  const si = seeds.length > 1 && rng.int(10) !== 0 ? rng.int(seeds.length - 1) : seeds.length - 1;
  const kind = rng.pick(MUTATIONS);
  const input = mutate(rng, seeds[si], kind, seeds[rng.int(seeds.length)]);
  const t0 = Date.now();
  try {
    decodeModule(input, registry);
    accepted++;
  } catch (e) {
    if (!(e instanceof CompileError)) problems.push(`iteration ${tried} (seed module ${si}, ${kind}): ${(e as Error)?.stack ?? e}`);
  }
  const dt = Date.now() - t0;
  slowest = Math.max(slowest, dt);
  if (dt > PER_INPUT_MS) problems.push(`iteration ${tried} (seed module ${si}, ${kind}): took ${dt} ms`);
  tried++;
}
t.comment(`${tried} inputs (${accepted} accepted), slowest ${slowest} ms`);
t.ok(tried >= 200, 'enough inputs tried');
t.same(problems, [], 'only CompileErrors, in bounded time');
