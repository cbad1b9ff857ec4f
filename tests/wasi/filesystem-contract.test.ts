/** One contract suite for every WasiFileSystem: the host filesystem (temp dir) and the in-memory one. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import type { OpenOptions, WasiFileSystem } from '../../wasi/fs/filesystem.js';
import { HostFileSystem } from '../../wasi/fs/host-fs.js';
import { loadHostDir } from '../../wasi/fs/load-host-dir.js';
import { MemoryFileSystem } from '../../wasi/fs/memory-fs.js';

const RW: OpenOptions = { read: true, write: true, create: true, exclusive: false, truncate: false, append: false, nofollow: true, sync: false };
const enc = (s: string) => Buffer.from(s);

function makers(t: { teardown(f: () => void): void }): [string, () => WasiFileSystem][] {
  return [
    ['host', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-fsc-'));
      t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
      return new HostFileSystem(dir);
    }],
    ['memory', () => new MemoryFileSystem()],
  ];
}

t.test('filesystem contract', async (t) => {
  for (const [name, make] of makers(t)) {
    t.test(name, async (t) => {
      const f = make();
      const file = f.open('a.txt', RW);
      t.equal(file.write(enc('hello world'), 0, 11, 0), 11);
      const buf = new Uint8Array(32);
      t.equal(file.read(buf, 2, 5, 6), 5);
      t.equal(Buffer.from(buf.subarray(2, 7)).toString(), 'world');
      t.equal(file.read(buf, 0, 10, 100), 0, 'read past end');
      t.equal(file.write(enc('!'), 0, 1, -1), 1, 'append position');
      t.equal(file.stat().size, 12n);
      file.setSize(3);
      t.equal(file.stat().size, 3n);
      file.allocate(0, 10);
      t.equal(file.stat().size, 10n);
      file.setTimes(5_000_000_000n, 7_000_000_000n);
      t.equal(file.stat().mtimNs, 7_000_000_000n);
      t.equal(file.stat().atimNs, 5_000_000_000n);
      file.sync(); file.datasync(); file.close();
      t.equal(f.lstat('a.txt').kind, 'file');
      t.throws(() => f.open('a.txt', { ...RW, exclusive: true }), { code: 'EEXIST' });
      t.throws(() => f.open('nope', { ...RW, create: false }), { code: 'ENOENT' });
      f.mkdir('d');
      t.throws(() => f.mkdir('d'), { code: 'EEXIST' });
      t.throws(() => f.open('d', { ...RW, create: false }), { code: 'EISDIR' });
      f.symlink('a.txt', 'l');
      t.equal(f.lstat('l').kind, 'symlink');
      t.equal(f.readlink('l'), 'a.txt');
      t.throws(() => f.readlink('a.txt'), { code: 'EINVAL' });
      t.throws(() => f.open('l', { ...RW, create: false }), { code: 'ELOOP' }, 'nofollow');
      t.throws(() => f.symlink('x', 'l'), { code: 'EEXIST' });
      f.link('a.txt', 'd/hard');
      t.equal(f.lstat('a.txt').nlink, 2n);
      t.equal(f.lstat('d/hard').ino, f.lstat('a.txt').ino);
      t.throws(() => f.link('d', 'd2'), { code: 'EPERM' });
      t.same(f.readdir('').map((e) => `${e.name}:${e.kind}`).sort(), ['a.txt:file', 'd:dir', 'l:symlink']);
      t.throws(() => f.readdir('a.txt'), { code: 'ENOTDIR' });
      t.throws(() => f.rmdir('d'), { code: 'ENOTEMPTY' });
      t.throws(() => f.unlink('d'), { code: 'EISDIR' });
      t.throws(() => f.lstat('a.txt/x'), { code: 'ENOTDIR' });
      f.rename('d', 'e');
      t.throws(() => f.lstat('d'), { code: 'ENOENT' });
      t.throws(() => f.rename('e', 'e/sub'), { code: 'EINVAL' });
      f.mkdir('full'); f.open('full/x', RW).close();
      t.throws(() => f.rename('e', 'full'), { code: 'ENOTEMPTY' });
      t.throws(() => f.rename('a.txt', 'full'), { code: 'EISDIR' });
      f.unlink('e/hard');
      t.equal(f.lstat('a.txt').nlink, 1n);
      f.rmdir('e');
      f.truncate('a.txt', 1);
      t.equal(f.lstat('a.txt').size, 1n);
      f.setTimes('l', 1_000_000_000n, null);
      t.equal(f.lstat('l').atimNs, 1_000_000_000n, 'times of the link itself');
      t.throws(() => f.unlink('missing'), { code: 'ENOENT' });
    });
  }
});

t.test('memory fs can be seeded from a host directory without touching it afterwards', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-seed-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'f'), 'data');
  fs.symlinkSync('sub/f', path.join(dir, 'link'));
  const mem = new MemoryFileSystem();
  loadHostDir(mem, dir);
  t.equal(Buffer.from(mem.readFile('sub/f')).toString(), 'data');
  t.equal(mem.readlink('link'), 'sub/f');
  mem.unlink('sub/f');
  t.ok(fs.existsSync(path.join(dir, 'sub', 'f')));
});
