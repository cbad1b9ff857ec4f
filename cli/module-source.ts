import { readFileSync } from 'node:fs';
import type { Parser } from '../kernel/contracts/parser.js';
import type { CompileError } from '../kernel/errors/compile-error.js';
import { UsageError } from './usage-error.js';

/**
 * A module file as the CLI reads it: `.wat`/`.wast` text (or any file that does not start with
 * the `\0asm` magic) is encoded to binary first, so `weft run x.wat` and `weft inspect x.wat`
 * work like their `.wasm` forms. A missing file is a usage error (exit 2), not a compile error.
 */
export function readModuleBytes(file: string, parser: Parser): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${JSON.stringify(file)}` : `cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
  const isBinary = raw.length >= 4 && raw[0] === 0x00 && raw[1] === 0x61 && raw[2] === 0x73 && raw[3] === 0x6d;
  if (isBinary) return raw;
  if (/\.wasm$/i.test(file)) return raw; // let the decoder report the bad magic with its offset
  return parser.watToBinary(new TextDecoder().decode(raw), { source: file });
}

/**
 * `Error: <file>[:line:col]: <reason> (at byte offset N = 0xN[, in function F])`: the file as the
 * user named it (so editors and terminals can jump to it), the spec's reason, then where.
 */
export function describeCompileError(file: string, e: CompileError): string {
  const pos = e.line > 0 ? `:${e.line}:${e.column}` : '';
  const where: string[] = [];
  if (e.offset >= 0) where.push(`at byte offset ${e.offset} = 0x${e.offset.toString(16)}`);
  if (e.funcIndex >= 0) where.push(`in function ${e.funcIndex}`);
  return `Error: ${file}${pos}: ${e.reason}${where.length ? ` (${where.join(', ')})` : ''}`;
}
