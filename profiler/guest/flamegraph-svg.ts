/**
 * A self-contained flame graph (`.svg`): no scripts, fonts or links to fetch, so it opens in
 * any browser offline. Roots at the bottom, callees above, widths proportional to samples;
 * every box has a `<title>` tooltip (name, samples, percentage). Colours are derived from the
 * function name so the same function has the same colour in every graph.
 */
import type { StackProfile } from './stack-profile.js';

interface Node {
  readonly name: string;
  weight: number;
  readonly children: Map<string, Node>;
}

const WIDTH = 1200;
const ROW = 18;
const PAD = 10;
const FONT = 12;
const CHAR_W = 7;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' }[c]!));
}

function colour(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return `rgb(${205 + (h % 50)},${(h >>> 8) % 180 + 40},${(h >>> 16) % 55})`;
}

function buildTree(profile: StackProfile): Node {
  const root: Node = { name: 'all', weight: 0, children: new Map() };
  for (const s of profile.samples) {
    root.weight += s.weight;
    let n = root;
    for (const id of s.stack) {
      const name = profile.functions[id];
      let c = n.children.get(name);
      if (!c) n.children.set(name, c = { name, weight: 0, children: new Map() });
      c.weight += s.weight;
      n = c;
    }
  }
  return root;
}

function depthOf(n: Node): number {
  let d = 0;
  for (const c of n.children.values()) d = Math.max(d, depthOf(c));
  return d + 1;
}

export function flameGraphSvg(profile: StackProfile, title = 'weft guest profile'): string {
  const root = buildTree(profile);
  const depth = depthOf(root);
  const height = depth * ROW + PAD * 2 + 30;
  const total = Math.max(root.weight, 1);
  const scale = (WIDTH - PAD * 2) / total;
  const boxes: string[] = [];
  const draw = (n: Node, x: number, level: number): void => {
    const w = n.weight * scale;
    if (w < 0.1) return;
    const y = height - PAD - (level + 1) * ROW;
    const pct = ((n.weight / total) * 100).toFixed(2);
    const label = escapeXml(n.name);
    const fits = Math.floor((w - 6) / CHAR_W);
    const text = fits >= 3 ? escapeXml(n.name.length > fits ? `${n.name.slice(0, fits - 2)}..` : n.name) : '';
    boxes.push(`<g><title>${label} (${n.weight} samples, ${pct}%)</title>`
      + `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${n === root ? 'rgb(200,200,200)' : colour(n.name)}" rx="2"/>`
      + (text ? `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${text}</text>` : '') + '</g>');
    let cx = x;
    const kids = [...n.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const c of kids) {
      draw(c, cx, level + 1);
      cx += c.weight * scale;
    }
  };
  draw(root, PAD, 0);
  return `<?xml version="1.0" standalone="no"?>
<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">
<style>text{font-family:monospace;font-size:${FONT}px;fill:#000;pointer-events:none}rect:hover{stroke:#000;stroke-width:1}</style>
<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#f8f8f8"/>
<text x="${WIDTH / 2}" y="20" text-anchor="middle" style="font-size:16px">${escapeXml(title)} — ${root.weight} samples, ${profile.intervalMs} ms interval</text>
${boxes.join('\n')}
</svg>
`;
}
