/**
 * Escape attempts from a preopen: the C program tries every route out with raw WASI calls
 * (each must fail with Wasmtime's errno), then the host side checks that the secret next to
 * the sandbox is intact and nothing was created outside. Runs on the host and memory fs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { resolvePath } from '../../wasi/fs/path-resolver.js';
import { HostFileSystem, MemoryFileSystem } from '../../wasi/preview1/index.js';
import { ENGINES, runProgram, summaryOf } from './helpers/host-engine.js';
import { FS_KINDS, listTree, makeSandbox, SECRET } from './helpers/sandbox.js';

for (const engine of ENGINES) for (const kind of FS_KINDS) {
  t.test(`escape attempts fail on ${kind} fs (${engine})`, async (t) => {
    const sb = makeSandbox(kind);
    t.teardown(sb.cleanup);
    const before = listTree(sb.root).filter((p) => !p.startsWith('sandbox/'));
    const r = await runProgram('escape.wasm', { args: ['escape', sb.secretPath], preopens: sb.preopens }, true, engine);
    t.notMatch(r.stdout, /opened (?!file.txt|ro.txt)/, 'only the legitimate opens succeeded');
    t.notMatch(r.stdout, /TOP SECRET/);
    const s = summaryOf(r.stdout);
    t.ok(s !== null && s.fail === 0 && s.pass >= 55, r.stdout);
    t.equal(r.code, 0);
    t.equal(fs.readFileSync(sb.secretPath, 'utf8'), SECRET, 'secret intact');
    const after = listTree(sb.root).filter((p) => !p.startsWith('sandbox/'));
    t.same(after, before, 'nothing created or removed outside the sandbox');
    t.equal(fs.readFileSync(path.join(sb.root, 'ro', 'ro.txt'), 'utf8'), 'read only\n', 'read-only preopen untouched');
    if (sb.mem !== null) {
      t.equal(fs.readdirSync(path.join(sb.root, 'sandbox')).sort().join(','), 'file.txt,input.txt,sub', 'memory fs never touched the host dir');
      t.equal(Buffer.from(sb.mem.readFile('file.txt')).toString(), 'inside\n');
    }
  });
}

/** Host-created links (the guest could not plant them) must not be followed either. */
t.test('host-planted symlinks pointing outside are refused', async (t) => {
  const sb = makeSandbox('host');
  t.teardown(sb.cleanup);
  const data = path.join(sb.root, 'sandbox');
  fs.symlinkSync(sb.secretPath, path.join(data, 'planted-abs'));
  fs.symlinkSync('../secret.txt', path.join(data, 'planted-rel'));
  fs.symlinkSync(sb.root, path.join(data, 'sub', 'planted-dir'));
  const hfs = new HostFileSystem(data);
  for (const p of ['planted-abs', 'planted-rel', 'sub/planted-dir/secret.txt']) {
    t.throws(() => resolvePath(hfs, '', p, true), { code: 'EPERM' }, p);
  }
  t.equal(resolvePath(hfs, '', 'planted-abs', false).path, 'planted-abs', 'the link itself may be named');
});

t.test('resolver rules on both filesystems', async (t) => {
  const sb = makeSandbox('host');
  t.teardown(sb.cleanup);
  const host = new HostFileSystem(path.join(sb.root, 'sandbox'));
  const mem = new MemoryFileSystem();
  mem.writeFile('file.txt', 'x');
  mem.mkdir('sub');
  for (const f of [host, mem]) {
    f.mkdir('sub/deep');
    f.symlink('../file.txt', 'sub/tofile');
    f.symlink('a', 'b');
    f.symlink('b', 'a');
    f.symlink('sub', 'subl');
    const name = f.kind;
    t.equal(resolvePath(f, '', 'sub/../file.txt', true).path, 'file.txt', `${name}: .. inside`);
    t.equal(resolvePath(f, '', 'sub/tofile', true).path, 'file.txt', `${name}: relative link`);
    t.equal(resolvePath(f, '', 'subl/deep', true).path, 'sub/deep', `${name}: link in the middle`);
    t.equal(resolvePath(f, '', 'subl', false).path, 'subl', `${name}: final link not followed`);
    t.equal(resolvePath(f, '', 'subl/', false).path, 'sub', `${name}: trailing slash follows`);
    t.equal(resolvePath(f, '', 'new', true).path, 'new', `${name}: missing final component allowed`);
    t.equal(resolvePath(f, '', '.', true).path, '', `${name}: dot is the base`);
    t.throws(() => resolvePath(f, '', 'missing/x', true), { code: 'ENOENT' }, `${name}: missing middle`);
    t.throws(() => resolvePath(f, '', 'file.txt/x', true), { code: 'ENOTDIR' }, `${name}: file in the middle`);
    t.throws(() => resolvePath(f, '', 'file.txt/', true), { code: 'ENOTDIR' }, `${name}: trailing slash on a file`);
    t.throws(() => resolvePath(f, '', 'a', true), { code: 'ELOOP' }, `${name}: loop`);
    t.throws(() => resolvePath(f, '', '', true), { code: 'ENOENT' }, `${name}: empty path`);
    t.throws(() => resolvePath(f, '', '..', true), { code: 'EPERM' }, `${name}: ..`);
    t.throws(() => resolvePath(f, 'sub', '../file.txt', true), { code: 'EPERM' }, `${name}: .. above the dir fd`);
    t.throws(() => resolvePath(f, 'sub', 'tofile', true), { code: 'EPERM' }, `${name}: link above the dir fd`);
    t.throws(() => resolvePath(f, '', '/file.txt', true), { code: 'EPERM' }, `${name}: absolute`);
    t.throws(() => resolvePath(f, '', 'a\0b', true), { code: 'EINVAL' }, `${name}: NUL`);
  }
});

/**
 * The resolver's plain-path fast path must re-check every prefix on every call: a directory
 * swapped for an escaping symlink between two calls is refused on the second, and plain
 * paths through symlinks (which the fast path hands to the careful walk) resolve as before.
 */
t.test('plain paths are re-checked on every call (no cached prefixes)', async (t) => {
  const sb = makeSandbox('host');
  t.teardown(sb.cleanup);
  const data = path.join(sb.root, 'sandbox');
  fs.writeFileSync(path.join(data, 'sub', 'inner.txt'), 'x');
  const hfs = new HostFileSystem(data);
  const mem = new MemoryFileSystem();
  mem.mkdir('sub');
  mem.writeFile('sub/inner.txt', 'x');
  for (const f of [hfs, mem]) {
    const first = resolvePath(f, '', 'sub/inner.txt', true);
    t.equal(first.path, 'sub/inner.txt', `${f.kind}: plain path`);
    t.equal(first.stat?.kind, 'file', `${f.kind}: final status handed on`);
    t.equal(resolvePath(f, 'sub', 'inner.txt', true).path, 'sub/inner.txt', `${f.kind}: plain path below a dir fd`);
    t.equal(resolvePath(f, '', 'sub/missing', true).stat, undefined, `${f.kind}: missing final component`);
    f.rename('sub', 'old');
    if (f === hfs) fs.symlinkSync(sb.root, path.join(data, 'sub'));
    else f.symlink('../..', 'sub');
    t.throws(() => resolvePath(f, '', 'sub/inner.txt', true), { code: 'EPERM' }, `${f.kind}: swapped-in escaping link refused`);
    f.unlink('sub');
    f.symlink('old', 'sub');
    t.equal(resolvePath(f, '', 'sub/inner.txt', true).path, 'old/inner.txt', `${f.kind}: link inside resolved by the walk`);
    f.symlink('inner.txt', 'old/link');
    t.equal(resolvePath(f, '', 'old/link', true).path, 'old/inner.txt', `${f.kind}: final link followed`);
    t.equal(resolvePath(f, '', 'old/link', false).path, 'old/link', `${f.kind}: final link named`);
  }
});
