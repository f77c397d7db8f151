// The Train view in Chromium against `sensorlab serve`: label a demo recording, count the examples
// per class, train a tiny `tsc` for a few epochs with live curves, read the metrics and confusion
// matrix, follow a cell to its misclassified windows and into the viewer, cancel a run, and manage
// the stored model (rename, export, delete).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT, expect, test } from './fixtures';

const EPOCHS = 3;

/** Numbers of finished epochs the loss curve showed, in order, recorded in the page. */
async function recordCurvePoints(page: Page): Promise<void> {
  await page.getByTestId('curve-loss').evaluate((el) => {
    const w = window as unknown as { curvePoints: number[] };
    w.curvePoints = [Number(el.getAttribute('data-points'))];
    new MutationObserver(() => w.curvePoints.push(Number(el.getAttribute('data-points')))).observe(el, { attributes: true, attributeFilter: ['data-points'] });
  });
}

async function labelSegment(page: Page): Promise<{ start: number; end: number; label: string }> {
  await page.getByTestId('recordings-table').locator('tbody tr').first().getByRole('button').first().click();
  const viewer = page.getByTestId('viewer');
  await expect(viewer).toHaveAttribute('data-complete', 'true');
  const classes = await page.getByTestId('label-class').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name ?? ''));
  expect(classes).toEqual(expect.arrayContaining(['rest', 'walk', 'run', 'jump']));
  await page.keyboard.press('1');
  const b = (await page.getByTestId('plot-surface').boundingBox())!;
  const y = b.y + b.height / 2;
  await page.mouse.move(b.x + b.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.34, y, { steps: 4 });
  await page.mouse.up();
  const sel = page.locator('[data-testid="segment"][data-selected="true"]');
  await expect(sel).toHaveCount(1);
  await expect(viewer).not.toHaveAttribute('data-saves', '0');
  return sel.evaluate((el: HTMLElement) => ({ start: Number(el.dataset.start), end: Number(el.dataset.end), label: el.dataset.label ?? '' }));
}

test('label a demo recording, train a small tsc for a few epochs, see curves and a confusion matrix', async ({ app: page, served }) => {
  await expect(page.getByTestId('recordings-table').locator('tbody tr')).toHaveCount(4, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const view = page.getByTestId('train-view');
  await expect(view.getByTestId('train-backend')).toContainText('wasm', { timeout: 60_000 });

  // Data: the demo tag, a quarter of the recordings for validation, 1-s windows (50 Hz) without overlap.
  await view.getByLabel('tag demo').check();
  await expect(view.getByTestId('train-data')).toContainText('Recordings carrying every chosen tag: 4');
  await view.getByLabel('window', { exact: true }).fill('50');
  await view.locator('#train-stride').fill('50');
  await view.locator('#train-seed').fill('7');

  // Model: every preset has its hint; a tiny tsc.
  await view.locator('#train-arch').selectOption('resnet50');
  await expect(view.getByTestId('preset-hint')).toContainText('resnet18');
  await view.locator('#train-arch').selectOption('tsc');
  await expect(view.getByTestId('preset-hint')).toContainText('params');
  await view.locator('#train-width').fill('8');
  await view.locator('#train-epochs').fill(String(EPOCHS));
  await view.locator('#train-batch').fill('32');
  await view.locator('#train-lr').fill('0.001');
  await view.locator('#train-patience').fill('0');
  await expect(view.getByLabel('augmentation')).toBeChecked();
  await view.locator('#train-name').fill('e2e tsc');

  // The class-count preview before training: four classes, training and validation windows.
  const preview = view.getByTestId('train-preview');
  for (const c of ['rest', 'walk', 'run', 'jump']) await expect(preview.locator('tbody')).toContainText(c);
  await expect.poll(async () => Number(await preview.getByTestId('preview-train').textContent())).toBeGreaterThan(100);
  await expect.poll(async () => Number(await preview.getByTestId('preview-val').textContent())).toBeGreaterThan(20);
  const byTag = { train: await preview.getByTestId('preview-train').textContent(), val: await preview.getByTestId('preview-val').textContent() };
  // The same four recordings picked one by one count the same windows; no recording, no preview.
  await view.getByLabel('Pick recordings').check();
  await view.getByLabel('all recordings').check();
  await expect(preview.getByTestId('preview-train')).toHaveText(byTag.train!);
  await expect(preview.getByTestId('preview-val')).toHaveText(byTag.val!);
  await view.getByLabel('all recordings').uncheck();
  await expect(preview.getByTestId('preview-error')).toHaveText('Choose at least one recording.');
  await expect(view.getByTestId('train-start')).toBeDisabled();
  await view.getByLabel('By tags').check();
  await expect(preview.getByTestId('preview-train')).toHaveText(byTag.train!);
  const counts = async () => (await preview.locator('tbody').innerText()).replace(/\s+/g, ' ');
  const before = await counts();

  // Label part of a demo recording as rest; back in Train, the form is kept and the counts follow.
  await page.getByRole('button', { name: 'Recordings', exact: true }).click();
  const labelled = await labelSegment(page);
  expect(labelled.label).toBe('rest');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(view.getByLabel('tag demo')).toBeChecked();
  await expect.poll(counts).not.toBe(before);
  await expect(preview).toContainText('Window 50 samples (1.00 s), stride 50');
  await expect(preview).toContainText(/\b[1-3] training, [1-3] validation recordings/);

  // Train, watching the curves grow epoch by epoch.
  await recordCurvePoints(page);
  await expect(view.getByTestId('train-start')).toBeEnabled();
  await view.getByTestId('train-start').click();
  await expect(view.getByTestId('train-state')).toHaveText('done', { timeout: 90_000 });
  await expect(view.getByTestId('curve-loss')).toHaveAttribute('data-points', String(EPOCHS));
  await expect(view.getByTestId('curve-accuracy')).toHaveAttribute('data-points', String(EPOCHS));
  const seen = await page.evaluate(() => (window as unknown as { curvePoints: number[] }).curvePoints);
  expect(seen[0]).toBe(0);
  expect(seen.at(-1)).toBe(EPOCHS);
  // The curves were updated while training, not only at the end.
  expect(new Set(seen.filter((n) => n > 0 && n < EPOCHS)).size).toBeGreaterThan(0);
  await expect(view.getByTestId('curve-loss').locator('canvas')).toHaveCount(1);
  await expect(view.getByTestId('train-summary')).toContainText(`Saved e2e tsc: ${EPOCHS} epochs`);

  // Metrics and the confusion matrix of the validation recording.
  const metrics = view.getByTestId('metrics-panel');
  await expect(metrics).toContainText('Validation of e2e tsc');
  await expect(metrics.getByTestId('metric-accuracy')).toHaveText(/\d+\.\d%/);
  const matrix = metrics.getByTestId('confusion-matrix');
  await expect(matrix.locator('tbody tr')).toHaveCount(4);
  await expect(matrix.locator('tbody tr').first().locator('td')).toHaveCount(4);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshot-train.png'), fullPage: true });
  const wrong = Number(await metrics.getByTestId('metric-misclassified').textContent());
  const cells = metrics.getByTestId('confusion-cell');
  if (wrong === 0) {
    await expect(cells).toHaveCount(0);
    await expect(metrics.getByTestId('confusion-perfect')).toBeVisible();
  } else {
    // A cell lists its windows; one opens the recording in the viewer around that window.
    const cell = cells.first();
    const count = Number(await cell.textContent());
    await cell.click();
    const list = metrics.getByTestId('misclassified-list');
    await expect(list).toContainText(`${await cell.getAttribute('data-true')} predicted as ${await cell.getAttribute('data-predicted')}`);
    await expect(list.getByTestId('open-window')).toHaveCount(count);
    const recordingName = (await list.locator('tbody tr').first().locator('td').first().textContent())!.trim();
    const open = list.getByTestId('open-window').first();
    const target = { id: await open.getAttribute('data-recording'), start: Number(await open.getAttribute('data-start')), end: Number(await open.getAttribute('data-end')) };
    await open.click();
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-recording', target.id!);
    await expect(viewer).toHaveAttribute('data-complete', 'true');
    await expect(viewer.getByRole('heading', { name: recordingName })).toBeVisible();
    const w = await viewer.evaluate((el: HTMLElement) => ({ start: Number(el.dataset.start), end: Number(el.dataset.end), total: Number(el.dataset.total) }));
    // At that spot: zoomed in around the window, not the whole recording.
    expect(w.end - w.start).toBeLessThan(w.total);
    expect(w.start).toBeLessThanOrEqual(target.start);
    expect(w.end).toBeGreaterThanOrEqual(target.end);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(view.getByTestId('metrics-panel')).toBeVisible();
  }

  // Cancel a longer run within moments.
  await view.locator('#train-epochs').fill('500');
  await view.locator('#train-name').fill('cancelled');
  await view.getByTestId('train-start').click();
  await expect(view.getByTestId('train-state')).toHaveText('running');
  await expect.poll(async () => Number(await view.getByTestId('curve-loss').getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(0);
  await view.getByTestId('train-cancel').click();
  await expect(view.getByTestId('train-state')).toHaveText('cancelled', { timeout: 15_000 });
  await expect(view.getByTestId('train-cancelled')).toContainText('no model was saved');

  // The models list: the trained model only (the cancelled run stored nothing); rename, export, delete.
  const models = view.getByTestId('models-list');
  await expect(models.getByTestId('model-row')).toHaveCount(1);
  const row = models.locator('[data-testid="model-row"][data-name="e2e tsc"]');
  await expect(row).toContainText('tsc');
  await expect(row).toContainText(/\d+\.\d k/); // a width-8 tsc has thousands of parameters
  await row.getByRole('button', { name: 'Rename' }).click();
  await models.getByLabel('new model name').fill('walker');
  await models.getByRole('button', { name: 'Save' }).click();
  await expect(models.getByTestId('models-message')).toHaveText('Renamed to walker.');
  const renamed = models.locator('[data-testid="model-row"][data-name="walker"]');
  await renamed.getByRole('button', { name: 'Export' }).click();
  const dir = join(served.dataDir, 'exported-model');
  await models.getByLabel('export folder').fill(dir);
  await models.getByRole('button', { name: 'Export' }).last().click();
  await expect(models.getByTestId('models-message')).toContainText(`Exported to ${dir}`);
  for (const f of ['model.json', 'sensorlab.json']) expect(existsSync(join(dir, f))).toBe(true);
  // Evaluate it on the demo recordings: the metrics panel shows that evaluation.
  await renamed.getByRole('button', { name: 'Evaluate' }).click();
  await models.getByLabel('evaluate tag demo').check();
  await models.getByRole('button', { name: 'Evaluate' }).last().click();
  await expect(metrics).toContainText('Evaluation of walker on demo', { timeout: 60_000 });
  await expect(metrics.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(4);
  page.once('dialog', (d) => void d.accept());
  await renamed.getByRole('button', { name: 'Delete' }).click();
  await expect(models.getByTestId('models-message')).toHaveText('Model deleted.');
  await expect(models.getByTestId('model-row')).toHaveCount(0);
});
