/** Temp-dir sandboxes for the fixture programs, on the host filesystem or in memory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem, type PreopenSpec } from '../../../wasi/preview1/index.js';

export type FsKind = 'host' | 'memory';
export const FS_KINDS: readonly FsKind[] = ['host', 'memory'];

export const SECRET = 'TOP SECRET - must never be read by a guest\n';

export interface Sandbox {
  /** Temp root holding `secret.txt` next to `sandbox/` (the /data preopen) and `ro/`. */
  readonly root: string;
  readonly secretPath: string;
  readonly preopens: PreopenSpec[];
  /** The in-memory filesystem of /data when kind is memory. */
  readonly mem: MemoryFileSystem | null;
  cleanup(): void;
}

/** /data holds input.txt ("hello input\n"), file.txt and sub/; /ro holds ro.txt and is read-only. */
export function makeSandbox(kind: FsKind): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-wasi-'));
  const secretPath = path.join(root, 'secret.txt');
  fs.writeFileSync(secretPath, SECRET);
  const data = path.join(root, 'sandbox');
  const ro = path.join(root, 'ro');
  fs.mkdirSync(path.join(data, 'sub'), { recursive: true });
  fs.mkdirSync(ro);
  fs.writeFileSync(path.join(data, 'input.txt'), 'hello input\n');
  fs.writeFileSync(path.join(data, 'file.txt'), 'inside\n');
  fs.writeFileSync(path.join(ro, 'ro.txt'), 'read only\n');
  let mem: MemoryFileSystem | null = null;
  let preopens: PreopenSpec[];
  if (kind === 'host') {
    preopens = [{ guest: '/data', host: data }, { guest: '/ro', host: ro, readonly: true }];
  } else {
    mem = new MemoryFileSystem();
    mem.writeFile('input.txt', 'hello input\n');
    mem.writeFile('file.txt', 'inside\n');
    mem.mkdir('sub');
    preopens = [{ guest: '/data', filesystem: mem }, { guest: '/ro', host: ro, fs: 'memory', readonly: true }];
  }
  return {
    root, secretPath, preopens, mem,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Every path under `dir` (relative), for checking that nothing appeared outside the sandbox. */
export function listTree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + d.name;
    out.push(rel);
    if (d.isDirectory()) out.push(...listTree(path.join(dir, d.name), rel + '/'));
  }
  return out.sort();
}
