import type { InspectReport } from './inspect-module.js';

/** `weft inspect` text output: one heading per part, aligned columns, nothing printed for empty parts. */
export function formatInspect(file: string, r: InspectReport): string {
  const out: string[] = [];
  out.push(`${file}: ${r.size} bytes${r.moduleName !== null ? ` (module name: ${r.moduleName})` : ''}`);
  out.push('', 'sections:');
  const w = Math.max(0, ...r.sections.map((s) => s.name.length));
  for (const s of r.sections) {
    out.push(`  ${s.name.padEnd(w)}  ${String(s.size).padStart(8)} bytes  at 0x${s.offset.toString(16)}`);
  }
  if (r.types.length) {
    out.push('', `types (${r.types.length}):`);
    r.types.forEach((t, i) => out.push(`  ${i}: ${t}`));
  }
  if (r.imports.length) {
    out.push('', `imports (${r.imports.length}):`);
    for (const i of r.imports) out.push(`  ${JSON.stringify(i.module)} ${JSON.stringify(i.name)}  ${i.type}`);
  }
  if (r.exports.length) {
    out.push('', `exports (${r.exports.length}):`);
    for (const e of r.exports) out.push(`  ${JSON.stringify(e.name)}  ${e.kind} ${e.index}  ${e.type}`);
  }
  out.push('', `features: ${r.features.length ? r.features.join(', ') : '(WebAssembly 1.0 MVP only)'}`);
  const f = r.functions;
  out.push('', `functions: ${f.imported + f.defined} (${f.imported} imported, ${f.defined} defined)`);
  for (const n of f.named) out.push(`  ${n.index}: ${n.name}`);
  if (r.memories.length) out.push('', `memories: ${r.memories.join(' ')}`);
  if (r.tables.length) out.push('', `tables: ${r.tables.join(' ')}`);
  if (r.globals) out.push('', `globals: ${r.globals}`);
  if (r.tags) out.push('', `tags: ${r.tags}`);
  if (r.start !== null) out.push('', `start function: ${r.start}`);
  if (r.customSections.length) out.push('', `custom sections: ${r.customSections.join(', ')}`);
  return out.join('\n');
}
