// Dev script (not run in CI: needs wabt). Cross-checks weft's WAT encoder against wabt's
// `wast2json` on every module of the spec testsuite that wabt can encode:
//   node tests/plugins/parser/text/crosscheck.mjs [compiled-index.js] [--verbose]
// Bytes are compared with custom sections stripped (wabt writes no name section); when they
// differ, both binaries are disassembled with `wasm2wat` and the texts compared.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const modPath = args.find((a) => !a.startsWith('--')) ?? path.join(repoRoot, 'dist/plugins/parser/text/index.js');
const { parseWast, readSExprs, headOf } = await import(pathToFileURL(path.resolve(modPath)).href);
const suite = path.resolve(repoRoot, '../shared/wasm-testsuite');

function which(cmd) {
  try {
    execFileSync('which', [cmd], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
if (!which('wast2json') || !which('wasm2wat')) {
  console.log('wabt (wast2json, wasm2wat) not installed: nothing to cross-check');
  process.exit(0);
}
if (!existsSync(suite)) {
  console.log(`testsuite absent at ${suite}`);
  process.exit(0);
}

/** Drop custom sections (id 0) so name sections do not count as differences. */
function stripCustom(b) {
  const out = [b.subarray(0, 8)];
  let p = 8;
  while (p < b.length) {
    const id = b[p];
    let q = p + 1;
    let size = 0;
    let shift = 0;
    for (;;) {
      const x = b[q++];
      size += (x & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(x & 0x80)) break;
    }
    if (id !== 0) out.push(b.subarray(p, q + size));
    p = q + size;
  }
  return Buffer.concat(out);
}

function disasm(bytes, dir, name) {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  try {
    return execFileSync('wasm2wat', ['--enable-all', '--no-check', '--no-debug-names', '--fold-exprs', f], { stdio: 'pipe' }).toString();
  } catch (e) {
    return `wasm2wat failed: ${e.stderr}`;
  }
}

const files = [
  ...readdirSync(suite).filter((f) => f.endsWith('.wast')),
  ...readdirSync(path.join(suite, 'legacy')).filter((f) => f.endsWith('.wast')).map((f) => `legacy/${f}`),
];
const counts = { compared: 0, identical: 0, equalAfterWasm2wat: 0, different: 0, wabtCannotReadOurs: 0, wabtSkipped: 0 };
const diffs = [];
for (const f of files) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'weft-xc-'));
  try {
    const ours = new Map();
    for (const c of parseWast(readFileSync(path.join(suite, f), 'utf8'), f).commands) {
      if (c.type === 'module' && c.module.kind === 'binary' && c.module.fromText) ours.set(c.line, c.module.bytes);
    }
    let json;
    try {
      execFileSync('wast2json', ['--enable-all', '--no-check', path.join(suite, f), '-o', path.join(tmp, 'x.json')], { stdio: 'pipe' });
      json = JSON.parse(readFileSync(path.join(tmp, 'x.json'), 'utf8'));
    } catch {
      // wabt rejects something in the script: fall back to one module at a time.
      json = { commands: [] };
      const text = readFileSync(path.join(suite, f), 'utf8');
      let k = 0;
      for (const n of readSExprs(text)) {
        if (headOf(n) !== 'module' || !ours.has(n.line)) continue;
        const name = `m${k++}.wasm`;
        writeFileSync(path.join(tmp, 'm.wat'), text.slice(n.start, n.end));
        try {
          execFileSync('wat2wasm', ['--enable-all', '--no-check', path.join(tmp, 'm.wat'), '-o', path.join(tmp, name)], { stdio: 'pipe' });
          json.commands.push({ type: 'module', line: n.line, filename: name });
        } catch {
          counts.wabtSkipped++;
        }
      }
    }
    for (const cmd of json.commands) {
      if (cmd.type !== 'module' || !ours.has(cmd.line) || cmd.module_type === 'text') continue;
      const theirs = stripCustom(readFileSync(path.join(tmp, cmd.filename)));
      const mine = stripCustom(Buffer.from(ours.get(cmd.line)));
      counts.compared++;
      if (theirs.equals(mine)) {
        counts.identical++;
        continue;
      }
      const a = disasm(theirs, tmp, 'theirs.wasm');
      const b = disasm(mine, tmp, 'mine.wasm');
      if (a === b && !a.startsWith('wasm2wat failed')) {
        counts.equalAfterWasm2wat++;
      } else if (b.startsWith('wasm2wat failed') && /got -0x1[cd]\)/.test(b)) {
        // wabt 1.0.32 predates the final GC encoding of `(ref null? $t)` (0x63/0x64).
        counts.wabtCannotReadOurs++;
      } else {
        counts.different++;
        diffs.push(`${f}:${cmd.line}`);
        if (verbose) {
          const al = a.split('\n');
          const bl = b.split('\n');
          const i = al.findIndex((l, k) => l !== bl[k]);
          console.log(`--- ${f}:${cmd.line} first difference at line ${i + 1}\n wabt: ${al[i]}\n weft: ${bl[i]}`);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(counts);
if (diffs.length) console.log(`different: ${diffs.join(' ')}`);
