import { join } from 'node:path';
import { expect, ROOT, test } from './fixtures';

test('the shell loads in Chromium over the WebSocket and shows the backend that loaded', async ({ app, served }) => {
  await expect(app.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(app.getByTestId('backend-badge')).toContainText('wasm on CPU', { timeout: 60_000 });
  await expect(app.getByTestId('data-dir')).toHaveText(served.dataDir);
  // The token leaves the address bar once stored for the tab.
  expect(new URL(app.url()).searchParams.get('token')).toBeNull();
  // First start with an empty library creates the demo project.
  await expect(app.getByTestId('recordings-table')).toContainText('demo');
  for (const view of ['Train', 'Classify', 'Settings', 'Recordings']) {
    await app.getByRole('button', { name: view, exact: true }).click();
  }
  await app.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
});

test('a page without the token cannot reach the API', async ({ browser, served }) => {
  const page = await browser.newPage();
  await page.goto(served.url.replace(/\?token=.*/, ''));
  await expect(page.getByRole('alert').first()).toContainText(/cannot connect|token/i);
  await page.close();
});
