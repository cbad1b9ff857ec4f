import { fsError, type FileKind, type FsStat, type WasiFileSystem } from './filesystem.js';

/** Most symlinks followed while resolving one path (Linux MAXSYMLINKS). */
export const SYMLINK_BUDGET = 40;

export interface ResolvedPath {
  /** Root-relative path with no `.`/`..` and no symlink before the last component. */
  readonly path: string;
  /** lstat of the final component when the resolver looked at it; undefined otherwise. */
  readonly stat: FsStat | undefined;
  /** The guest path ended in `/` (or `/.`): the final component must be a directory. */
  readonly trailingSlash: boolean;
}

function isRealComponent(c: string): boolean {
  return c !== '' && c !== '.';
}

/**
 * Resolves a guest path relative to directory `base` (root-relative) of `fs`, one component
 * at a time: `..` may never climb above `base` (cap-std treats the directory handle itself
 * as the sandbox root), absolute paths and absolute symlink targets are escape attempts
 * (EPERM, as cap-std's `escape_attempt`), relative symlinks are spliced in place of their
 * component and resolved from their own directory under the same rules, and more than
 * SYMLINK_BUDGET links is ELOOP. The final component is followed only when `follow` is set
 * (or the path ends in `/`); a missing final component is allowed so callers can create it.
 */
export function resolvePath(fs: WasiFileSystem, base: string, guestPath: string, follow: boolean): ResolvedPath {
  if (guestPath.length === 0) throw fsError('ENOENT', 'empty path');
  if (guestPath.includes('\0')) throw fsError('EINVAL', 'NUL in path');
  if (guestPath.charCodeAt(0) === 47 /* / */) throw fsError('EPERM', 'absolute path');
  return resolvePlain(fs, base, guestPath, follow) ?? resolveWalk(fs, base, guestPath, follow);
}

/**
 * The common case without allocation beyond the prefixes: a path of plain names (no `.`,
 * `..` or empty component) whose every component but the last is a real directory and whose
 * last, when followed, is not a symlink. It checks exactly what the walk would (each prefix
 * with `kindOf`, the final one with `lstat`), and returns undefined, letting the careful walk
 * start over, as soon as anything else turns up (a symlink, a missing or non-directory prefix).
 */
function resolvePlain(fs: WasiFileSystem, base: string, guestPath: string, follow: boolean): ResolvedPath | undefined {
  const n = guestPath.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && guestPath.charCodeAt(i) !== 47) continue;
    const len = i - start;
    if (len === 0) return undefined;
    if (guestPath.charCodeAt(start) === 46 /* . */ && (len === 1 || (len === 2 && guestPath.charCodeAt(start + 1) === 46))) return undefined;
    start = i + 1;
  }
  const prefix = base === '' ? '' : base + '/';
  let slash = guestPath.indexOf('/');
  while (slash >= 0) {
    if (fs.kindOf(prefix + guestPath.slice(0, slash)) !== 'dir') return undefined;
    slash = guestPath.indexOf('/', slash + 1);
  }
  const path = prefix + guestPath;
  if (!follow) return { path, stat: undefined, trailingSlash: false };
  let stat: FsStat;
  try {
    stat = fs.lstat(path);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { path, stat: undefined, trailingSlash: false };
    throw e;
  }
  return stat.kind === 'symlink' ? undefined : { path, stat, trailingSlash: false };
}

function resolveWalk(fs: WasiFileSystem, base: string, guestPath: string, follow: boolean): ResolvedPath {
  const stack: string[] = base === '' ? [] : base.split('/');
  const floor = stack.length;
  // Components still to process, in reverse order so `pop` yields the next one.
  const pending = guestPath.split('/').reverse();
  const trailingSlash = !isRealComponent(pending[0]) && pending.length > 1;
  let budget = SYMLINK_BUDGET;
  let stat: FsStat | undefined;
  while (pending.length > 0) {
    const c = pending.pop()!;
    if (!isRealComponent(c)) continue;
    if (c === '..') {
      if (stack.length <= floor) throw fsError('EPERM', 'path escapes its directory');
      stack.pop();
      stat = undefined;
      continue;
    }
    let last = true;
    let dirAfter = false;
    for (let i = pending.length - 1; i >= 0; i--) {
      if (isRealComponent(pending[i])) { last = false; break; }
      dirAfter = true;
    }
    stack.push(c);
    if (last && !follow && !dirAfter) { stat = undefined; break; }
    const here = stack.join('/');
    let kind: FileKind;
    if (last) {
      // The caller will want the final status: take it in full once (BigInt times) and hand it on.
      let st: FsStat;
      try {
        st = fs.lstat(here);
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') { stat = undefined; break; }
        throw e;
      }
      kind = st.kind;
      stat = st;
    } else {
      const k = fs.kindOf(here);
      if (k === null) throw fsError('ENOENT', here);
      kind = k;
      stat = undefined;
    }
    if (kind === 'symlink') {
      if (--budget < 0) throw fsError('ELOOP', guestPath);
      const target = fs.readlink(here);
      if (target.length === 0) throw fsError('ENOENT', here);
      if (target.charCodeAt(0) === 47) throw fsError('EPERM', 'absolute symlink');
      stack.pop();
      const parts = target.split('/');
      for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
      stat = undefined;
      continue;
    }
    if (!last && kind !== 'dir') throw fsError('ENOTDIR', here);
  }
  if (trailingSlash && stat !== undefined && stat.kind !== 'dir') throw fsError('ENOTDIR', guestPath);
  return { path: stack.join('/'), stat, trailingSlash };
}
