/**
 * The flame graph opens in a real browser with no network: Debian's Chromium renders the
 * `.svg` headless to a PNG, every function box shows in its fill colour with its label drawn,
 * and Chromium's network log shows no request made by the page (Chromium's own background
 * requests carry no page initiator and are ignored). A control SVG that does reference the
 * network proves the detector sees such a request.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { StackProfile, flameGraphSvg } from '../../../profiler/guest/index.js';
import { decodePng, pixel } from '../helpers/png.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-svg-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Rendered { readonly png: Buffer; readonly pageRequests: string[] }

/** Renders `svgFile` (drawn at the top left, 1:1) to a PNG; returns it and the URLs the page itself requested. */
async function render(svgFile: string, width: number, height: number): Promise<Rendered> {
  const png = `${svgFile}.png`;
  const netLog = `${svgFile}.net.json`;
  // Asynchronous, so a server in this process can answer the control's request.
  const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => execFile(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', '--force-device-scale-factor=1',
    `--user-data-dir=${path.join(tmp, 'profile')}`, `--log-net-log=${netLog}`,
    // Headless Chromium's viewport is shorter than its window (by its absent chrome): leave room below.
    `--screenshot=${png}`, `--window-size=${width},${height + 200}`, `file://${svgFile}`,
  ], { encoding: 'utf8', timeout: 90_000 }, (err, _stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr })));
  if (!fs.existsSync(png)) throw new Error(`chromium wrote no screenshot (status ${String(r.status)}): ${r.stderr.slice(-500)}`);
  const log = JSON.parse(fs.readFileSync(netLog, 'utf8')) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: Record<string, unknown> }[] };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const pageRequests = log.events
    .filter((e) => e.type === start && typeof e.params?.url === 'string' && /^(https?|wss?|ftp):/.test(e.params.url as string))
    .filter((e) => e.params?.initiator !== 'not an origin')
    .map((e) => e.params!.url as string);
  return { png: fs.readFileSync(png), pageRequests };
}

function hex(rgb: readonly number[]): string {
  return rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

if (CHROMIUM === undefined) {
  t.fail('Chromium is not installed (apt-get install -y chromium; .ci/run installs it)');
} else {
  t.test('Chromium draws every box and label, offline', { timeout: 120_000 }, async (t) => {
    const p = new StackProfile(1);
    const [main, parse, hot, cold] = ['main', 'parse_input', 'hot_loop', 'cold'].map((n) => p.functionId(n));
    p.add([main, hot], 2, 60);
    p.add([main, parse, hot], 3, 25);
    p.add([main, cold], 2, 15);
    const svg = flameGraphSvg(p);
    const file = path.join(tmp, 'flame.svg');
    fs.writeFileSync(file, svg);
    const size = /<svg[^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    const [width, height] = [Number(size[1]), Number(size[2])];
    const { png, pageRequests } = await render(file, width, height);
    const img = decodePng(png);
    t.equal(img.width, width);
    t.ok(img.height >= height, 'the whole graph is in the screenshot');
    // Every function box (a <g> holding a <title>, a <rect> and maybe a <text>) as the SVG says.
    const boxes = [...svg.matchAll(/<g><title>([^<]*)<\/title><rect x="([\d.]+)" y="(\d+)" width="([\d.]+)" height="(\d+)" fill="rgb\((\d+),(\d+),(\d+)\)"[^>]*\/>(<text[^>]*>([^<]*)<\/text>)?/g)];
    t.equal(boxes.length, 6, 'all, main, parse_input, hot_loop (twice), cold');
    for (const b of boxes) {
      const [x, y, w, h] = [Number(b[2]), Number(b[3]), Number(b[4]), Number(b[5])];
      const fill = [Number(b[6]), Number(b[7]), Number(b[8])];
      // Right of the label, inside the box: the fill colour (anti-aliasing aside).
      const at = pixel(img, x + w - 3, y + h / 2);
      t.ok(at.every((v, i) => Math.abs(v - fill[i]) <= 3), `${b[1]}: ${hex(at)} ≈ fill ${hex(fill)}`);
      if (b[10]) {
        // The label: dark text pixels in the box's left part.
        let dark = 0;
        for (let px = x + 3; px < Math.min(x + w - 2, x + 3 + 7 * b[10].length); px++) {
          for (let py = y + 2; py < y + h - 2; py++) if (pixel(img, px, py).every((v) => v < 90)) dark++;
        }
        t.ok(dark > 5, `${b[1]}: label drawn (${dark} dark pixels)`);
      }
    }
    t.same(pixel(img, width - 2, 2), [0xf8, 0xf8, 0xf8], 'background');
    t.same(pageRequests, [], 'the page made no network request');
    t.notMatch(svg, /<script|href=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'nothing to fetch or run in the file');
  });

  t.test('control: a network reference in an SVG is caught', { timeout: 120_000 }, async (t) => {
    let hits = 0;
    const server = http.createServer((_req, res) => { hits++; res.writeHead(404).end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.teardown(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tracker.png`;
    const file = path.join(tmp, 'leaky.svg');
    fs.writeFileSync(file, `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><image href="${url}" width="10" height="10"/></svg>`);
    const { pageRequests } = await render(file, 100, 50);
    t.ok(pageRequests.includes(url), `the net log shows the page's request (${pageRequests.join(', ')})`);
    t.ok(hits >= 1, 'and it reached the server');
  });
}
