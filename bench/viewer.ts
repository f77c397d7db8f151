// Viewer speed on a 100-million-sample recording (8 channels × 12.5 M at 1 kHz) in Chromium against
// `sensorlab serve`: time from opening to the first finished draw, then input → finished redraw
// over scripted pan/zoom steps (keys and wheel), and the renderer's JS heap.
//   npx tsx bench/viewer.ts [--steps 200] [--fresh] [--data-dir DIR]
// Needs `npm run build` first. The recording is generated once into DIR (default: a folder in the
// system temp dir) and reused. A "finished" redraw is the first draw after the input whose data
// covers the whole visible window at ≥ 0.5 points per pixel (the viewer's `complete` flag).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Page, chromium } from 'playwright-core';
import { makeBigRecording } from '../scripts/make-big-recording';

const ROOT = resolve(__dirname, '..');
const CHANNELS = 8;
const PER_CHANNEL = 12_500_000;
const TARGETS = { firstDrawMs: 1000, p95Ms: 50, heapMB: 300 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info'
];

interface Draw {
  t: number;
  complete: boolean;
  kind: string;
  drawMs: number;
  requests: number;
  fetchMs: number;
}

interface StepResult {
  action: string;
  firstMs: number;
  completeMs: number;
  requests: number;
  /** View requests sent between the input and the finished redraw. */
  sent: number;
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sensorlab.cjs'), 'serve', '--port', '0', '--json', '--no-demo', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const err: string[] = [];
  child.stderr?.on('data', (d: Buffer) => err.push(d.toString()));
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${err.join('')}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

async function viewWindow(page: Page): Promise<{ start: number; end: number; total: number }> {
  return page.getByTestId('viewer').evaluate((el: HTMLElement) => ({
    start: Number(el.dataset.start),
    end: Number(el.dataset.end),
    total: Number(el.dataset.total)
  }));
}

/** Runs one input and waits for the first complete draw after it; times are measured in the page. */
async function step(page: Page, action: string, run: () => Promise<void>): Promise<StepResult> {
  const n = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { draws: Draw[]; inputs: number[] } }).__bench;
    b.inputs.length = 0;
    return b.draws.length;
  });
  await run();
  await page.waitForFunction(
    (from) => (window as unknown as { __bench: { draws: Draw[] } }).__bench.draws.slice(from).some((d) => d.complete),
    n,
    { polling: 'raf', timeout: 15_000 }
  );
  return page.evaluate(
    ([from, name]) => {
      const b = (window as unknown as { __bench: { draws: Draw[]; inputs: number[] } }).__bench;
      const t0 = b.inputs[0];
      const after = b.draws.slice(from as number);
      const first = after[0];
      const done = after.find((d) => d.complete)!;
      const before = (from as number) > 0 ? b.draws[(from as number) - 1].requests : 0;
      return { action: name as string, firstMs: first.t - t0, completeMs: done.t - t0, requests: done.requests, sent: done.requests - before };
    },
    [n, action] as [number, string]
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { steps: { type: 'string', default: '200' }, fresh: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } }
  });
  const steps = Number(values.steps);
  const dataDir = values['data-dir'] ?? join(tmpdir(), 'sensorlab-bench-viewer-100M');
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('run `npm run build` first');
  const marker = join(dataDir, 'bench-ready');
  if (values.fresh || !existsSync(marker)) {
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`generating ${CHANNELS} × ${PER_CHANNEL.toLocaleString()} samples into ${dataDir} …`);
    const r = makeBigRecording({ dataDir, samples: PER_CHANNEL, channels: CHANNELS, rate: 1000, name: 'bench-100M' });
    writeFileSync(marker, JSON.stringify(r));
    console.log(`generated in ${r.seconds.toFixed(1)} s`);
  }

  const server = await serve(dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      const b = { draws: [] as unknown[], inputs: [] as number[] };
      (window as unknown as { __bench: typeof b }).__bench = b;
      addEventListener('sensorlab:viewer-draw', (e) => b.draws.push({ t: performance.now(), ...(e as CustomEvent).detail }));
      for (const type of ['keydown', 'wheel', 'pointerdown']) addEventListener(type, (e) => b.inputs.push(e.timeStamp), { capture: true, passive: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url);
    const open = page.getByTestId('recordings-table').locator('tbody tr').first().getByRole('button').first();
    await open.waitFor();
    const opened = await step(page, 'open', () => open.click());
    const heap = async () => page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);

    const plot = await page.getByTestId('plot-surface').boundingBox();
    if (!plot) throw new Error('no plot surface');
    const rand = rng(12345);
    const results: StepResult[] = [];
    let heapMax = await heap();
    let zoomingIn = true;
    for (let i = 0; i < steps; i++) {
      const w = await viewWindow(page);
      const span = w.end - w.start;
      if (zoomingIn && span < 1500) zoomingIn = false;
      if (!zoomingIn && span >= w.total) zoomingIn = true;
      let action: string;
      let run: () => Promise<void>;
      if (i % 4 === 3 && span < w.total) {
        const right = w.start <= 0 || (w.end < w.total && rand() < 0.5);
        const big = rand() < 0.3;
        action = `pan ${right ? '→' : '←'}${big ? ' (Shift)' : ''}`;
        const key = `${big ? 'Shift+' : ''}${right ? 'ArrowRight' : 'ArrowLeft'}`;
        run = () => page.keyboard.press(key);
      } else if (i % 4 === 1) {
        const x = plot.x + plot.width * (0.1 + 0.8 * rand());
        action = zoomingIn ? 'wheel in' : 'wheel out';
        run = async () => {
          await page.mouse.move(x, plot.y + plot.height / 2);
          await page.mouse.wheel(0, zoomingIn ? -150 : 150);
        };
      } else {
        action = zoomingIn ? 'key +' : 'key −';
        run = () => page.keyboard.press(zoomingIn ? '+' : '-');
      }
      try {
        results.push(await step(page, action, run));
      } catch (err) {
        throw new Error(`step ${i} (${action}) at [${w.start}, ${w.end}) of ${w.total} did not finish: ${(err as Error).message}`);
      }
      if (i % 10 === 0) heapMax = Math.max(heapMax, await heap());
    }
    heapMax = Math.max(heapMax, await heap());
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = await heap();
    const draws = await page.evaluate(() => (window as unknown as { __bench: { draws: Draw[] } }).__bench.draws);
    const drawMs = draws.map((d) => d.drawMs);
    const fetchMs = draws.map((d) => d.fetchMs).filter((x) => x > 0);

    const complete = results.map((r) => r.completeMs);
    const first = results.map((r) => r.firstMs);
    const byKind = (k: string) => results.filter((r) => r.action.startsWith(k)).map((r) => r.completeMs);
    const mb = (b: number) => b / 1024 / 1024;
    // Where the slow steps go: one whose first redraw was not yet complete waited for a view
    // request (its round trip), otherwise drawing itself was slow.
    const slow = results.filter((r) => r.completeMs >= TARGETS.p95Ms);
    const slowFetch = slow.filter((r) => r.completeMs - r.firstMs > 1).length;
    const rows: Array<[string, string, string]> = [
      ['recording', `${CHANNELS} ch × ${PER_CHANNEL.toLocaleString()} = ${(CHANNELS * PER_CHANNEL).toLocaleString()} samples`, ''],
      ['open → first finished draw', `${opened.completeMs.toFixed(0)} ms`, `< ${TARGETS.firstDrawMs} ms`],
      [`input → finished redraw p50 (${results.length} steps)`, `${pct(complete, 50).toFixed(1)} ms`, ''],
      ['input → finished redraw p95', `${pct(complete, 95).toFixed(1)} ms`, `< ${TARGETS.p95Ms} ms`],
      ['input → finished redraw max', `${Math.max(...complete).toFixed(1)} ms`, ''],
      ['input → first redraw p50 / p95', `${pct(first, 50).toFixed(1)} / ${pct(first, 95).toFixed(1)} ms`, ''],
      ['  keys + / −  p95', `${pct(byKind('key'), 95).toFixed(1)} ms`, ''],
      ['  wheel  p95', `${pct(byKind('wheel'), 95).toFixed(1)} ms`, ''],
      ['  pan keys  p95', `${pct(byKind('pan'), 95).toFixed(1)} ms`, ''],
      ['view requests (round trip p50 / p95)', `${results.at(-1)?.requests ?? 0} (${pct(fetchMs, 50).toFixed(1)} / ${pct(fetchMs, 95).toFixed(1)} ms)`, ''],
      ['draw (uPlot) p50 / p95', `${pct(drawMs, 50).toFixed(1)} / ${pct(drawMs, 95).toFixed(1)} ms`, ''],
      [`steps ≥ ${TARGETS.p95Ms} ms / of those waiting on data`, `${slow.length} / ${slowFetch}`, ''],
      ['renderer JS heap max / after GC', `${mb(heapMax).toFixed(1)} / ${mb(heapAfterGc).toFixed(1)} MB`, `< ${TARGETS.heapMB} MB`]
    ];
    const w1 = Math.max(...rows.map((r) => r[0].length));
    const w2 = Math.max(...rows.map((r) => r[1].length));
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w1)}  ${b.padEnd(w2)}  ${c}`);
    const out = {
      bench: 'viewer',
      samples: CHANNELS * PER_CHANNEL,
      channels: CHANNELS,
      steps: results.length,
      firstDrawMs: Math.round(opened.completeMs),
      p50Ms: Number(pct(complete, 50).toFixed(1)),
      p95Ms: Number(pct(complete, 95).toFixed(1)),
      maxMs: Number(Math.max(...complete).toFixed(1)),
      firstRedrawP95Ms: Number(pct(first, 95).toFixed(1)),
      fetchP95Ms: Number(pct(fetchMs, 95).toFixed(1)),
      drawP95Ms: Number(pct(drawMs, 95).toFixed(1)),
      requests: results.at(-1)?.requests ?? 0,
      slowSteps: slow.length,
      slowStepsWaitingOnData: slowFetch,
      heapMaxMB: Number(mb(heapMax).toFixed(1)),
      heapAfterGcMB: Number(mb(heapAfterGc).toFixed(1)),
      targets: TARGETS,
      pass: {
        firstDraw: opened.completeMs < TARGETS.firstDrawMs,
        p95: pct(complete, 95) < TARGETS.p95Ms,
        heap: mb(heapMax) < TARGETS.heapMB
      }
    };
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
