// Electronegativity's programmatic API (its CLI exit code ignores findings). Fails on any MEDIUM or
// HIGH finding in our Electron sources; a deliberately insecure fixture proves the scan really runs.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require_ = createRequire(__filename);
type Issue = { id: string; severity: { name?: string } | string; confidence: { name?: string } | string; file: string; location?: { line?: number }; description: string };
type Run = (opts: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: Array<{ file: string; message: string }> }>;
const run: Run = require_('@doyensec/electronegativity');

const ROOT = resolve(__dirname, '../..');
const level = (v: Issue['severity']) => (typeof v === 'string' ? v : (v.name ?? '')).toUpperCase();

async function scan(input: string) {
  const quiet = console.log;
  console.log = () => undefined; // the library logs translation/network notices
  try {
    return await run({ input, isRelative: true, electronVersionOverride: '41.7.1' });
  } finally {
    console.log = quiet;
  }
}

describe('Electronegativity', () => {
  it('finds no MEDIUM or HIGH issue in the app sources', async () => {
    const result = await scan(join(ROOT, 'src'));
    const serious = result.issues
      .filter((i) => ['MEDIUM', 'HIGH'].includes(level(i.severity)))
      .map((i) => `${level(i.severity)} ${i.id} ${i.file}:${i.location?.line ?? '?'} ${i.description}`);
    expect(serious).toEqual([]);
    expect(result.errors.filter((e) => !/tolerable/.test(JSON.stringify(e)))).toEqual([]);
  }, 120_000);

  it('flags a deliberately insecure window (the scan is not a no-op)', async () => {
    const result = await scan(join(ROOT, 'test/fixtures/electron-insecure'));
    const ids = result.issues.filter((i) => level(i.severity) === 'HIGH').map((i) => i.id);
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
  }, 120_000);
});
