// The library in Chromium against `sensorlab serve`: importing browser-picked files (one good, one
// malformed), the import report, editing names and tags, the tag filter, labels files in and out, delete.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const goodCsv = (): Buffer => {
  const rows = ['time,acc_x,acc_y'];
  for (let i = 0; i < 500; i++) rows.push(`${(i / 50).toFixed(2)},${Math.sin(i / 5).toFixed(4)},${Math.cos(i / 7).toFixed(4)}`);
  return Buffer.from(rows.join('\n') + '\n');
};

test('imports picked files, reports the one that failed, and edits, filters, labels and deletes recordings', async ({ app, served }) => {
  const table = app.getByTestId('recordings-table');
  await expect(table).toContainText('demo'); // the demo project of an empty library
  const demoRows = await table.locator('tbody tr').count();

  await app.locator('input[type=file][multiple]').setInputFiles([
    { name: 'field-walk.csv', mimeType: 'text/csv', buffer: goodCsv() },
    { name: 'broken.wav', mimeType: 'audio/wav', buffer: Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunk', 'latin1') }
  ]);

  const report = app.getByTestId('import-report');
  await expect(report).toContainText('Imported 1 recording', { timeout: 30_000 });
  await expect(report).toContainText('1 file failed');
  await expect(report.getByTestId('import-failure')).toContainText('broken.wav');
  // Uploaded copies are removed once their samples are in the store.
  const uploads = join(served.dataDir, 'uploads');
  await expect.poll(() => (existsSync(uploads) ? readdirSync(uploads).length : 0)).toBe(0);

  const row = table.locator('tbody tr', { hasText: 'field-walk' });
  await expect(row).toContainText('10.0 s'); // 500 samples at 50 Hz from the time column
  await expect(row).toContainText('50 Hz');
  await expect(row).toContainText('acc_x, acc_y');
  await expect(table.locator('tbody tr')).toHaveCount(demoRows + 1);

  // Rename and tag it, then filter the library by the tag.
  await row.getByRole('button', { name: 'Edit' }).click();
  await table.getByLabel('name').fill('walk outdoors');
  await table.getByLabel('tags').fill('field, phone');
  await table.getByRole('button', { name: 'Save' }).click();
  const renamed = table.locator('tbody tr', { hasText: 'walk outdoors' });
  await expect(renamed).toContainText('field, phone');
  await app.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: /^field/ }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);

  // Labels in: a CSV naming the recording; its coverage goes from 0 % to 50 %.
  await expect(renamed).toContainText('0%');
  await app.getByLabel('labels file').setInputFiles({
    name: 'labels.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('recording,start_s,end_s,label\nwalk outdoors,0,5,walk\nno such recording,0,1,walk\n')
  });
  await expect(app.getByTestId('labels-message')).toContainText('Added 1 segments to 1 recordings; skipped 1 (line 3: no recording named "no such recording")');
  await expect(renamed).toContainText('50%');

  // Labels out: the filtered recordings' segments as CSV.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^recording,start_s,end_s,label/);
  expect(csv.slice(1)).toEqual([expect.stringMatching(/^walk outdoors,0,5,walk/)]);

  // Delete it; the filter empties and the demo recordings are untouched.
  app.once('dialog', (d) => void d.accept());
  await renamed.getByRole('button', { name: 'Delete' }).click();
  await expect(app.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: /^field/ })).toHaveCount(0);
  await expect(table.locator('tbody tr')).toHaveCount(demoRows);
});
