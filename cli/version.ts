import { readFileSync } from 'node:fs';

/**
 * The package version, read from package.json at run time (dist/cli/version.js sits two
 * folders below it), so a release only bumps one file.
 */
export function packageVersion(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
