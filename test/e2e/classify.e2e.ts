// Batch classification in Chromium against `sensorlab serve`: a model trained by the CLI on the demo
// project, two demo files on disk (not in the library) classified from the Classify view, the results
// per file, one file added to the library with its predictions as labels and opened in the viewer with
// the prediction track. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../../src/main/core/demo/generate-demo';
import type { FileSink, RecordingMeta } from '../../src/main/core/importers/types';
import { ROOT, expect, test } from './fixtures';

/** Writes each generated demo recording as a CSV file (time + the six IMU channels). */
class CsvFiles implements FileSink {
  readonly paths: string[] = [];
  constructor(private readonly dir: string) {}
  begin(meta: RecordingMeta) {
    const lines = [`time,${meta.channels.map((c) => c.name).join(',')}`];
    const path = join(this.dir, `${meta.name}.csv`);
    this.paths.push(path);
    let length = 0;
    return {
      append: (cols: Float32Array[]) => {
        for (let i = 0; i < cols[0].length; i++, length++) {
          lines.push(`${(length / meta.sampleRate).toFixed(3)},${cols.map((c) => c[i].toFixed(4)).join(',')}`);
        }
        writeFileSync(path, `${lines.join('\n')}\n`);
      },
      addSegment: () => undefined,
      warn: () => undefined,
      get length() {
        return length;
      }
    };
  }
}

test('classify two demo files, read the results, open one as a prediction track, add predictions as labels', async ({ app, served }) => {
  // A model of the demo's classes (demo recordings, tag demo), trained briefly by the CLI.
  execFileSync(
    process.execPath,
    [join(ROOT, 'bin', 'sensorlab.cjs'), 'train', '--tag', 'demo', '--window', '128', '--epochs', '2', '--width', '4', '--name', 'demo-tsc', '--data-dir', served.dataDir],
    { cwd: ROOT, env: { ...process.env, SENSORLAB_BACKEND: 'wasm' }, stdio: 'ignore' }
  );
  const dir = join(served.dataDir, 'incoming');
  mkdirSync(dir);
  const sink = new CsvFiles(dir);
  await generateDemo(sink, { seed: 99, recordings: 2 });
  expect(sink.paths).toHaveLength(2);

  await app.getByRole('button', { name: 'Classify', exact: true }).click();
  await expect(app.getByTestId('model-classes')).toHaveText(/rest|walk|run|jump/);
  await app.getByLabel('paths').fill(`${sink.paths[0]}\n${dir}/missing-file.csv\n${sink.paths[1]}`);
  await app.getByLabel('min duration').fill('2');
  await app.getByRole('button', { name: 'Start' }).click();
  // A missing path is a bad request: the batch does not start, and says why.
  await expect(app.getByRole('alert')).toContainText('missing-file.csv');
  await app.getByLabel('paths').fill(sink.paths.join('\n'));
  await app.getByRole('button', { name: 'Start' }).click();

  const results = app.getByTestId('classify-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  const items = app.getByTestId('classify-item');
  await expect(items).toHaveCount(2);
  for (const i of [0, 1]) {
    await expect(items.nth(i).getByTestId('timeline-segment').first()).toBeVisible();
    await expect(items.nth(i).getByTestId('dominant')).toHaveText(/^(rest|walk|run|jump|unknown)$/);
  }
  await expect(results).toContainText('2 recordings classified, 0 failed');

  // Not in the library yet: opening needs the import first.
  const first = items.first();
  await expect(first.getByRole('button', { name: 'Open in viewer' })).toBeDisabled();
  const expected = await first.getByTestId('timeline-segment').count();
  await first.getByRole('button', { name: 'Add to library with predictions as labels' }).click();
  await expect(app.getByRole('status')).toContainText('Added');
  await first.getByRole('button', { name: 'Open in viewer' }).click();

  const viewer = app.getByTestId('classify-viewer');
  await expect(viewer.getByTestId('prediction-track')).toBeVisible();
  await expect(viewer.getByTestId('prediction')).toHaveCount(expected);
  // The predictions were written as predicted segments of the new recording (unknown spans excluded).
  const predicted = viewer.locator('[data-testid="segment"][data-predicted="true"]');
  await expect.poll(() => predicted.count()).toBeGreaterThan(0);
  await expect(viewer.locator('[data-testid="segment"][data-predicted="false"]')).toHaveCount(0);

  // Labelled library recordings (the demo project, by tag): the batch is scored against the labels.
  await viewer.getByTestId('viewer-close').click();
  await app.getByLabel('paths').fill('');
  await app.getByText(/^Library recordings/).click();
  await app.getByRole('checkbox', { name: /^demo \(\d+\)$/ }).check();
  await app.getByRole('button', { name: 'Start' }).click();
  await expect(app.getByTestId('classify-metrics')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('accuracy')).toHaveText(/^\d+\.\d%$/);
  await expect(items).toHaveCount(4);
  await expect(items.first().getByRole('button', { name: 'Open in viewer' })).toBeEnabled();
});
