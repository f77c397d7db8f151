// Playwright fixtures: a fresh data folder and `sensorlab serve` per test, Debian's Chromium, a page
// opened on the server's tokenised URL, and a clean shutdown.
import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(__dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

export interface Served {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stderr: string[];
}

/** Starts `sensorlab serve --port 0` on a data folder and resolves once it printed its URL. */
export async function startServe(dataDir: string, extra: string[] = []): Promise<Served> {
  const cli = join(ROOT, 'bin', 'sensorlab.cjs');
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('run `npm run build` before the e2e tests');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--json', '--data-dir', dataDir, ...extra], {
    cwd: ROOT,
    env: { ...process.env, SENSORLAB_BACKEND: process.env.SENSORLAB_BACKEND ?? 'wasm' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const line = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr.join('')}`)), 60_000);
    rl.once('line', (l) => {
      clearTimeout(timer);
      ok(l);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${stderr.join('')}`)));
  });
  const doc = JSON.parse(line) as { url: string; port: number };
  return { url: doc.url, port: doc.port, dataDir, process: child, stderr };
}

export async function stopServe(s: Served): Promise<void> {
  if (s.process.exitCode !== null) return;
  const exited = new Promise((ok) => s.process.once('exit', ok));
  s.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10_000))]);
  if (s.process.exitCode === null) s.process.kill('SIGKILL');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

type Fixtures = { dataDir: string; served: Served; browser: Browser; app: Page };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sensorlab-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  served: async ({ dataDir }, use) => {
    const s = await startServe(dataDir);
    await use(s);
    await stopServe(s);
  },
  // eslint-disable-next-line no-empty-pattern
  browser: async ({}, use) => {
    const b = await launchChromium();
    await use(b);
    await b.close();
  },
  app: async ({ browser, served }, use) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await use(page);
    await page.close();
    if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
  }
});

export { expect } from '@playwright/test';
