// The waveform viewer in Chromium against `sensorlab serve`: labelling with mouse and keys, undo
// and redo, persistence across a reload, pan/zoom by keys, wheel and overview, and a 50-million-
// sample recording that stays responsive.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ROOT, expect, startServe, stopServe, test } from './fixtures';

interface Win {
  start: number;
  end: number;
  total: number;
  draws: number;
  complete: boolean;
  kind: string;
}

async function viewWindow(page: Page): Promise<Win> {
  return page.getByTestId('viewer').evaluate((el: HTMLElement) => ({
    start: Number(el.dataset.start),
    end: Number(el.dataset.end),
    total: Number(el.dataset.total),
    draws: Number(el.dataset.draws ?? 0),
    complete: el.dataset.complete === 'true',
    kind: el.dataset.kind ?? ''
  }));
}

/** Waits for a finished draw (all visible data at full resolution) after `draws`. */
async function settled(page: Page, after = 0): Promise<Win> {
  await expect
    .poll(async () => {
      const w = await viewWindow(page);
      return w.draws > after && w.complete;
    })
    .toBe(true);
  return viewWindow(page);
}

/** Waits until a finished draw shows a window that satisfies `ok`. */
async function until(page: Page, ok: (w: Win) => boolean): Promise<Win> {
  await expect.poll(async () => {
    const w = await viewWindow(page);
    return w.complete && ok(w);
  }).toBe(true);
  return viewWindow(page);
}

async function openFirstRecording(page: Page): Promise<Win> {
  await page.getByTestId('recordings-table').locator('tbody tr').first().getByRole('button').first().click();
  await expect(page.getByTestId('viewer')).toBeVisible();
  return settled(page);
}

async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element has no box');
  return b;
}

async function selectedSegment(page: Page): Promise<{ id: number; start: number; end: number; label: string } | null> {
  // One atomic read: a count-then-evaluate pair would wait forever if the segment went away between.
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="segment"][data-selected="true"]');
    if (!el) return null;
    return { id: Number(el.dataset.id), start: Number(el.dataset.start), end: Number(el.dataset.end), label: el.dataset.label ?? '' };
  });
}

async function segmentsNow(page: Page): Promise<Array<{ start: number; end: number; label: string }>> {
  return page.locator('[data-testid="segment"]').evaluateAll((els) =>
    els.map((el) => ({ start: Number((el as HTMLElement).dataset.start), end: Number((el as HTMLElement).dataset.end), label: (el as HTMLElement).dataset.label ?? '' }))
  );
}

test('label a demo recording with mouse and keys, undo/redo, and find it after a reload', async ({ app: page }) => {
  await expect(page.getByTestId('recordings-table').locator('tbody tr')).toHaveCount(4, { timeout: 60_000 });
  const w0 = await openFirstRecording(page);
  expect(w0.start).toBe(0);
  expect(w0.end).toBe(w0.total);
  await expect(page.getByTestId('channel-plot')).toHaveCount(6);
  await expect(page.locator('[data-testid="segment"]').first()).toBeVisible();
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshot-viewer.png') });

  const classes = await page.getByTestId('label-class').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name ?? ''));
  expect(classes.length).toBeGreaterThanOrEqual(4);
  await page.keyboard.press('1'); // nothing selected: class 1 becomes active
  await expect(page.locator('[data-testid="label-class"][aria-pressed="true"]')).toHaveAttribute('data-name', classes[0]);

  // Create: drag from 30 % to 40 % of the plot.
  const surface = page.getByTestId('plot-surface');
  const b = await box(surface);
  const y = b.y + b.height / 2;
  await page.mouse.move(b.x + b.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.35, y, { steps: 4 });
  await page.mouse.move(b.x + b.width * 0.4, y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => selectedSegment(page)).not.toBeNull();
  const created = (await selectedSegment(page))!;
  expect(created.label).toBe(classes[0]);
  expect(Math.abs(created.start - w0.total * 0.3)).toBeLessThan(w0.total * 0.01);
  expect(Math.abs(created.end - w0.total * 0.4)).toBeLessThan(w0.total * 0.01);
  await expect(page.locator(`[data-testid="segment-row"][data-id="${created.id}"]`)).toBeVisible();

  // Relabel by key.
  await page.keyboard.press('3');
  await expect.poll(async () => (await selectedSegment(page))?.label).toBe(classes[2]);

  // Resize: drag the end edge right by 5 % of the plot.
  const endX = b.x + ((created.end - w0.start) / (w0.end - w0.start)) * b.width;
  await page.mouse.move(endX, y);
  await page.mouse.down();
  await page.mouse.move(endX + b.width * 0.05, y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await selectedSegment(page))?.end).toBeGreaterThan(created.end + w0.total * 0.03);
  const resized = (await selectedSegment(page))!;
  expect(resized.start).toBe(created.start);
  expect(resized.label).toBe(classes[2]);

  // Delete, then undo twice (delete, resize), redo once (resize again).
  await page.keyboard.press('Delete');
  await expect.poll(() => selectedSegment(page)).toBeNull();
  await expect(page.locator(`[data-testid="segment"][data-start="${resized.start}"][data-end="${resized.end}"]`)).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator(`[data-testid="segment"][data-start="${resized.start}"][data-end="${resized.end}"]`)).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.locator(`[data-testid="segment"][data-start="${created.start}"][data-end="${created.end}"]`)).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator(`[data-testid="segment"][data-start="${resized.start}"][data-end="${resized.end}"]`)).toHaveCount(1);
  // Ctrl+Y redoes too: redo the delete, undo it again.
  await page.keyboard.press('Control+y');
  await expect(page.locator(`[data-testid="segment"][data-start="${resized.start}"][data-end="${resized.end}"]`)).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator(`[data-testid="segment"][data-start="${resized.start}"][data-end="${resized.end}"]`)).toHaveCount(1);
  const before = await segmentsNow(page);

  // Tab selects segments in order.
  await page.keyboard.press('Home');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect.poll(async () => (await selectedSegment(page))?.start).toBe(before[0].start);
  await page.keyboard.press('Tab');
  await expect.poll(async () => (await selectedSegment(page))?.start).toBe(before[1].start);

  // Every edit was saved at once: a reload shows the same segments.
  await page.reload();
  await openFirstRecording(page);
  await expect.poll(() => segmentsNow(page)).toEqual(before);
  const kept = before.find((s) => s.start === resized.start && s.end === resized.end);
  expect(kept?.label).toBe(classes[2]);
});

test('pan and zoom by keys, wheel and the overview; keys stay out of text fields', async ({ app: page }) => {
  await expect(page.getByTestId('recordings-table').locator('tbody tr')).toHaveCount(4, { timeout: 60_000 });
  const w0 = await openFirstRecording(page);
  const span0 = w0.end - w0.start;

  await page.keyboard.press('+');
  let w = await settled(page, w0.draws);
  expect(w.end - w.start).toBeCloseTo(span0 / 1.5, -1);
  await page.keyboard.press('ArrowUp');
  w = await settled(page, w.draws);
  const span = w.end - w.start;
  expect(span).toBeCloseTo(span0 / 2.25, -1);
  const start = w.start;
  await page.keyboard.press('ArrowRight');
  w = await settled(page, w.draws);
  expect(w.start - start).toBeCloseTo(span * 0.1, -1);
  await page.keyboard.press('Shift+ArrowLeft');
  w = await settled(page, w.draws);
  expect(w.start).toBeCloseTo(start - span * 0.4, -1);
  await page.keyboard.press('End');
  w = await settled(page, w.draws);
  expect(w.end).toBe(w.total);
  await page.keyboard.press('Home');
  w = await settled(page, w.draws);
  expect(w.start).toBe(0);
  await page.keyboard.press('-');
  w = await settled(page, w.draws);
  expect(w.end - w.start).toBeCloseTo(span * 1.5, -1);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  w = await until(page, (x) => Math.abs(x.end - x.start - span / 1.5) < 2);

  // Overview: a click centres the view there; dragging the window moves it.
  const ov = await box(page.getByTestId('overview'));
  await page.mouse.click(ov.x + ov.width * 0.75, ov.y + ov.height / 2);
  w = await until(page, (x) => Math.abs((x.start + x.end) / 2 - x.total * 0.75) < x.total * 0.02);
  const cx = ov.x + ov.width * 0.75;
  await page.mouse.move(cx, ov.y + ov.height / 2);
  await page.mouse.down();
  await page.mouse.move(cx - ov.width * 0.3, ov.y + ov.height / 2, { steps: 6 });
  await page.mouse.up();
  w = await until(page, (x) => Math.abs((x.start + x.end) / 2 - x.total * 0.45) < x.total * 0.02);

  // Wheel zooms at the pointer; 'f' fits everything again.
  const b = await box(page.getByTestId('plot-surface'));
  const before = w.end - w.start;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.wheel(0, -200);
  w = await settled(page, w.draws);
  expect(w.end - w.start).toBeLessThan(before);
  await page.keyboard.press('f');
  w = await settled(page, w.draws);
  expect([w.start, w.end]).toEqual([0, w.total]);

  // Hiding a channel or overlaying them rebuilds the plots, which must measure, fetch and draw again.
  const toggle = page.locator('[data-testid="channel-toggle"]').first();
  await toggle.uncheck();
  await expect(page.getByTestId('channel-plot')).toHaveCount(5);
  w = await settled(page, w.draws);
  await toggle.check();
  await expect(page.getByTestId('channel-plot')).toHaveCount(6);
  w = await settled(page, w.draws);
  expect((await box(page.getByTestId('plot-surface'))).width).toBeGreaterThan(b.width * 0.9);
  await page.getByTestId('layout').selectOption('overlay');
  await expect(page.getByTestId('channel-plot')).toHaveCount(1);
  w = await settled(page, w.draws);
  await page.getByTestId('layout').selectOption('stacked');
  await expect(page.getByTestId('channel-plot')).toHaveCount(6);
  w = await settled(page, w.draws);

  // Typing a class name with '+' and 'f' in it does not zoom.
  await page.getByTestId('add-class').click();
  await page.getByTestId('new-class-name').fill('');
  await page.getByTestId('new-class-name').pressSequentially('f+1');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="label-class"][data-name="f+1"]')).toBeVisible();
  const after = await viewWindow(page);
  expect([after.start, after.end]).toEqual([0, after.total]);
  // Adding the class is undoable too.
  await page.getByTestId('plot-surface').focus();
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-testid="label-class"][data-name="f+1"]')).toHaveCount(0);

  // '?' shows every shortcut.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+Z');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);
});

test('a 50-million-sample recording opens and redraws after every zoom step', async ({ dataDir, browser }) => {
  test.setTimeout(150_000);
  const big = join(dataDir, 'big');
  const t0 = Date.now();
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/make-big-recording.ts'), '--data-dir', big, '--samples', '50000000'], {
    cwd: ROOT,
    stdio: 'inherit'
  });
  const genS = (Date.now() - t0) / 1000;
  const served = await startServe(big, ['--no-demo']);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(served.url);
    const tOpen = Date.now();
    let w = await openFirstRecording(page);
    const openMs = Date.now() - tOpen;
    expect(w.total).toBe(50_000_000);
    expect(w.kind).toBe('envelope');
    const steps: number[] = [];
    // Zoom in 4× per step down to raw samples, checking the view follows each step.
    for (let i = 0; i < 9; i++) {
      const span = w.end - w.start;
      const t = Date.now();
      await page.keyboard.press('Shift+ArrowUp');
      w = await settled(page, w.draws);
      steps.push(Date.now() - t);
      expect(w.end - w.start).toBeCloseTo(Math.max(16, span / 4), -1);
    }
    expect(w.kind).toBe('raw');
    // Jump to the end and back out.
    await page.keyboard.press('End');
    w = await settled(page, w.draws);
    expect(w.end).toBe(50_000_000);
    for (let i = 0; i < 9; i++) {
      const t = Date.now();
      await page.keyboard.press('Shift+ArrowDown');
      w = await settled(page, w.draws);
      steps.push(Date.now() - t);
    }
    expect([w.start, w.end]).toEqual([0, 50_000_000]);
    expect(w.kind).toBe('envelope');
    console.log(`big recording: generated in ${genS.toFixed(1)} s, opened in ${openMs} ms, zoom steps (ms incl. Playwright round trips): ${steps.join(' ')}`);
  } finally {
    await page.close();
    await stopServe(served);
  }
});
