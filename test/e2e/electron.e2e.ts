// Electron smoke test: runs where an Electron binary exists (and a display), else is skipped with
// the reason printed.
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './fixtures';

const require = createRequire(join(ROOT, 'package.json'));

function electronBinary(): { path: string | null; why: string | null } {
  try {
    return { path: require('electron') as unknown as string, why: null };
  } catch (err) {
    return { path: null, why: `no Electron binary here (${(err as Error).message.split('\n')[0]})` };
  }
}

test('the desktop window opens the shell and shows the loaded backend', async () => {
  const bin = electronBinary();
  let why = bin.why;
  if (!why && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    why = 'no display (run under xvfb-run to include this test)';
  }
  if (why) console.log(`SKIPPED Electron smoke test: ${why}`);
  test.skip(why !== null, why ?? '');
  const dataDir = mkdtempSync(join(tmpdir(), 'sensorlab-electron-'));
  try {
    const app = await electron.launch({
      executablePath: bin.path!,
      args: [ROOT, '--no-sandbox'],
      env: { ...process.env, SENSORLAB_DATA_DIR: dataDir, SENSORLAB_BACKEND: 'wasm' }
    });
    const win = await app.firstWindow();
    await expect(win.getByTestId('backend-badge')).toContainText('wasm', { timeout: 60_000 });
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (globalThis as { sensorlab?: { invoke?: unknown } }).sensorlab?.invoke)).toBe('function');
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
