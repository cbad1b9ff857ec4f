import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { MemoryFileSystem } from './memory-fs.js';

/**
 * Copies a host directory tree (files, directories, symlinks as links) into an in-memory
 * filesystem, so `--dir host::guest` with `fs: 'memory'` gives the guest a private,
 * disk-free copy of it. Nothing is ever written back.
 */
export function loadHostDir(mem: MemoryFileSystem, hostDir: string, into = ''): void {
  for (const d of fs.readdirSync(hostDir, { withFileTypes: true })) {
    const src = nodePath.join(hostDir, d.name);
    const dst = into === '' ? d.name : `${into}/${d.name}`;
    if (d.isDirectory()) {
      mem.mkdir(dst);
      loadHostDir(mem, src, dst);
    } else if (d.isSymbolicLink()) {
      mem.symlink(fs.readlinkSync(src), dst);
    } else if (d.isFile()) {
      mem.writeFile(dst, fs.readFileSync(src));
    }
  }
}
