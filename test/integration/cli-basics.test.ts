import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli';
import type { Io } from '../../src/main/cli/io';
import { tempDir } from '../helpers/temp';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, tty: false, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
  process.env.SENSORLAB_BACKEND = 'cpu';
});
afterAll(() => tmp.cleanup());

describe('sensorlab CLI basics', () => {
  it('--help lists the commands and --version prints the version', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/serve[\s\S]*import[\s\S]*recordings/);
    const v = capture();
    expect(await main(['--version'], v)).toBe(0);
    expect(v.stdout[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('unknown commands and bad flags exit 2 with the usage', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/unknown command "frobnicate"/);
    const bad = capture();
    expect(await main(['recordings', 'list', '--nope', '--data-dir', tmp.dir], bad)).toBe(2);
    expect(bad.stderr.join('')).toMatch(/usage: sensorlab recordings/);
    const rate = capture();
    expect(await main(['import', 'x.csv', '--sample-rate', 'fast', '--data-dir', tmp.dir], rate)).toBe(2);
    expect(rate.stderr.join('')).toMatch(/--sample-rate must be a valid number/);
  });

  it('info --json reports the data folder, schema version and the backend that loaded', async () => {
    const io = capture();
    expect(await main(['info', '--json', '--data-dir', tmp.dir], io)).toBe(0);
    const doc = JSON.parse(io.stdout.join(''));
    expect(doc).toMatchObject({ dataDir: tmp.dir, schemaVersion: expect.any(Number), backend: { backend: 'cpu', device: 'CPU' } });
  });

  it('a missing file is a clear error with exit code 2', async () => {
    const io = capture();
    expect(await main(['import', '/no/such/file.csv', '--data-dir', tmp.dir, '--json'], io)).toBe(2);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining('/no/such/file.csv') } });
  });

  it('recordings and labels round-trip through the CLI with --json', async () => {
    const io = capture();
    expect(await main(['demo', '--json', '--data-dir', tmp.dir], io)).toBe(0);
    const { recordings } = JSON.parse(io.stdout.join(''));
    expect(recordings.length).toBeGreaterThanOrEqual(3);
    const list = capture();
    await main(['recordings', 'list', '--tag', 'demo', '--json', '--data-dir', tmp.dir], list);
    expect(JSON.parse(list.stdout.join('')).length).toBe(recordings.length);
    const exp = capture();
    await main(['labels', 'export', '--data-dir', tmp.dir], exp);
    expect(exp.stdout.join('')).toMatch(/^recording,start_s,end_s,label,start_sample,end_sample\ndemo-/);
  });
});
