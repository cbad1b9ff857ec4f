import { statSync } from 'node:fs';
import { badValue, UsageError } from '../usage-error.js';

export interface DirGrant {
  readonly host: string;
  readonly guest: string;
  readonly readonly: boolean;
}

/**
 * `--dir HOST[::GUEST][:ro]`, as in Wasmtime: the host directory is visible to the guest at
 * GUEST (default: the same path). A `:ro` suffix makes it read-only. The directory must exist,
 * so a typo fails here instead of as a puzzling ENOENT inside the guest.
 */
export function parseDir(text: string): DirGrant {
  let spec = text;
  let ro = false;
  if (spec.endsWith(':ro')) {
    spec = spec.slice(0, -3);
    ro = true;
  }
  const sep = spec.indexOf('::');
  const host = sep < 0 ? spec : spec.slice(0, sep);
  const guest = sep < 0 ? spec : spec.slice(sep + 2);
  if (host === '' || guest === '') throw badValue('--dir', 'HOST[::GUEST][:ro]', text);
  let isDir = false;
  try {
    isDir = statSync(host).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--dir: not a directory: ${JSON.stringify(host)}`);
  return { host, guest, readonly: ro };
}

/**
 * `--env NAME=VAL` sets a variable; `--env NAME` copies it from weft's own environment (and
 * sets nothing when the host does not have it, as Wasmtime does).
 */
export function parseEnv(text: string, hostEnv: NodeJS.ProcessEnv, into: Record<string, string>): void {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  if (name === '') throw badValue('--env', 'NAME[=VALUE]', text);
  if (eq >= 0) {
    into[name] = text.slice(eq + 1);
  } else {
    const v = hostEnv[name];
    if (v !== undefined) into[name] = v;
  }
}

export interface ListenAddr {
  readonly host: string;
  readonly port: number;
}

/** `--tcplisten 127.0.0.1:8080` or `[::1]:8080`: a pre-opened listening socket for the guest. */
export function parseListenAddr(text: string): ListenAddr {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : -1;
  if (!m || port > 65535) throw badValue('--tcplisten', 'HOST:PORT', text);
  return { host: m[1] ?? m[2], port };
}
