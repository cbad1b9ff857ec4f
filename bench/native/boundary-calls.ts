/**
 * Cost of one call from JS into native-backend code through the embedding API, against the
 * host engine's own export called directly on the same bytes, in one process:
 *
 * - `call i32`: `Func.call` of `(i32, i32) → i32` (the plain entry; must stay near the host);
 * - `callBits i32`: `Func.callBits` of the same function (no adapter: integers are exact);
 * - `callBits f32`: `Func.callBits` of `f32 → f32` through the raw trampoline (exact bits);
 * - `call v128`: `Func.call` of `v128 → v128` through the raw trampoline; the host cannot call
 *   a v128 export from JS at all, so its baseline is the same function written by hand with
 *   four i32 lanes in and out.
 *
 * Run: `npx tsc -p . && node dist/bench/native/boundary-calls.js [calls]`.
 */
import { nativePlugin } from '../../backends/native/index.js';
import { Engine, Linker, Module, Store, type Func } from '../../index.js';
import { measure } from '../measure.js';

const WAT = `(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "f32") (param f32) (result f32) (local.get 0))
  (func (export "v128") (param v128) (result v128) (local.get 0))
  (func (export "lanes") (param i32 i32 i32 i32) (result i32 i32 i32 i32)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3)))`;

interface Row {
  readonly case: string;
  readonly weftNs: number;
  readonly hostNs: number;
  readonly ratio: number;
}

function perCallNs(calls: number, run: () => void): number {
  return (measure(run, 2, 7).medianMs * 1e6) / calls;
}

export function boundaryCallRows(calls: number): Row[] {
  const engine = new Engine({ plugins: [nativePlugin], backend: 'native' });
  const module = Module.fromText(engine, WAT);
  const instance = new Linker(engine).instantiate(new Store(engine), module);
  const f = (name: string): Func => instance.getFunc(name)!;
  const host = new WebAssembly.Instance(new WebAssembly.Module(engine.parser.watToBinary(WAT, {}))).exports as Record<string, (...a: unknown[]) => unknown>;

  const add = f('add');
  const f32 = f('f32');
  const v128 = f('v128');
  const vec = Uint8Array.from({ length: 16 }, (_, i) => i);
  const rows: Row[] = [];
  const row = (name: string, weft: () => void, hostRun: () => void): void => {
    const weftNs = perCallNs(calls, weft);
    const hostNs = perCallNs(calls, hostRun);
    rows.push({ case: name, weftNs, hostNs, ratio: weftNs / hostNs });
  };
  let sink = 0;
  row('call i32', () => { for (let i = 0; i < calls; i++) sink ^= add.call(i, 1) as number; },
    () => { for (let i = 0; i < calls; i++) sink ^= host.add(i, 1) as number; });
  row('callBits i32', () => { for (let i = 0; i < calls; i++) sink ^= add.callBits([i, 1])[0] as number; },
    () => { for (let i = 0; i < calls; i++) sink ^= host.add(i, 1) as number; });
  row('callBits f32', () => { for (let i = 0; i < calls; i++) sink ^= f32.callBits([0x7fa00000])[0] as number; },
    () => { for (let i = 0; i < calls; i++) sink ^= host.f32(1.5) as number; });
  row('call v128', () => { for (let i = 0; i < calls; i++) sink ^= (v128.call(vec) as Uint8Array)[1]; },
    () => { for (let i = 0; i < calls; i++) sink ^= (host.lanes(i, 1, 2, 3) as number[])[1]; });
  if (sink === 0x7fffffff) console.log('');
  return rows;
}

if (process.argv[1]?.endsWith('boundary-calls.js')) {
  const calls = Number(process.argv[2] ?? 200_000);
  for (const r of boundaryCallRows(calls)) {
    console.log(`${r.case.padEnd(14)} weft ${r.weftNs.toFixed(1).padStart(7)} ns  host ${r.hostNs.toFixed(1).padStart(6)} ns  ${r.ratio.toFixed(1)}x`);
  }
}
