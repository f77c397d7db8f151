// `sensorlab classify` as a user runs it: the built CLI (run `npm run build` first) in a child process,
// the ML worker included, on generated files with a known class per segment.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyResult } from '../../src/shared/api/classify';
import { parseCsvRows, parseSegmentsCsv } from '../../src/main/core/classify/results-io';
import { storeTinyModel, trainTinyModel, writeSegmentsCsv } from '../helpers/classify-model';
import { tempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'bin', 'sensorlab.cjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], dataDir: string): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args, '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, SENSORLAB_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

let tmp: ReturnType<typeof tempDir>;
let data: string;
let files: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('run `npm run build` before the CLI tests');
  tmp = tempDir('sensorlab-cli-classify-');
  data = join(tmp.dir, 'data');
  files = join(tmp.dir, 'files');
  mkdirSync(files, { recursive: true });
  const { model, artifacts } = await trainTinyModel();
  model.dispose();
  storeTinyModel(data, artifacts);
  // walk-like: low 8 s, high 8 s, mid 8 s; second file: high 12 s, low 6 s.
  writeSegmentsCsv(join(files, 'one.csv'), [{ cls: 0, seconds: 8 }, { cls: 2, seconds: 8 }, { cls: 1, seconds: 8 }], 11);
  writeSegmentsCsv(join(files, 'two.csv'), [{ cls: 2, seconds: 12 }, { cls: 0, seconds: 6 }], 12);
}, 120_000);

afterAll(() => tmp?.cleanup());

describe('sensorlab classify', () => {
  it('classifies a folder into the expected segments (CSV on stdout) and exits 0', async () => {
    const r = await cli(['classify', '--model', 'tiny', files, '--min-duration', '1'], data);
    expect(r.stderr).not.toMatch(/failed:/);
    expect(r.code).toBe(0);
    const rows = parseSegmentsCsv(r.stdout);
    const one = rows.filter((x) => x.file === join(files, 'one.csv'));
    const two = rows.filter((x) => x.file === join(files, 'two.csv'));
    expect(one.map((x) => x.label)).toEqual(['low', 'high', 'mid']);
    expect(two.map((x) => x.label)).toEqual(['high', 'low']);
    // Boundaries within one window (16 samples at 20 Hz = 0.8 s) of the truth.
    expect(Math.abs(one[0].endS - 8)).toBeLessThanOrEqual(0.8);
    expect(Math.abs(one[1].endS - 16)).toBeLessThanOrEqual(0.8);
    expect(one[2].endS).toBeCloseTo(24, 1);
    expect(Math.abs(two[0].endS - 12)).toBeLessThanOrEqual(0.8);
    for (const x of rows) expect(x.confidence).toBeGreaterThan(0.5);
    // Progress and the summary table went to stderr.
    expect(r.stderr).toMatch(/classify: \d+\/2 files/);
    expect(r.stderr).toMatch(/2 recording\(s\) classified from 2 input\(s\), 0 failed/);
  }, 90_000);

  it('goes on after a bad file, reports it, writes --out/--summary, and exits 1', async () => {
    const mixed = join(tmp.dir, 'mixed');
    mkdirSync(mixed);
    cpSync(join(files, 'one.csv'), join(mixed, 'a.csv'));
    writeFileSync(join(mixed, 'b-broken.csv'), 'time,ax,ay\n0,1,1\n0.05,1,1\n0.1,zz,1\n');
    writeFileSync(join(mixed, 'c-short.csv'), 'time,ax,ay\n0,1,1\n0.05,1,1\n');
    cpSync(join(files, 'two.csv'), join(mixed, 'd.csv'));
    const out = join(tmp.dir, 'res.csv');
    const summary = join(tmp.dir, 'sum.csv');
    const r = await cli(['classify', '--model', 'tiny', mixed, '--out', out, '--summary', summary, '--min-duration', '1'], data);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/failed: .*b-broken\.csv: /);
    expect(r.stderr).toMatch(/failed: .*c-short\.csv: .*fewer than the model's window of 16/);
    const rows = parseSegmentsCsv(readFileSync(out, 'utf8'));
    expect([...new Set(rows.map((x) => x.file))]).toEqual([join(mixed, 'a.csv'), join(mixed, 'd.csv')]);
    expect(rows.filter((x) => x.file.endsWith('d.csv')).map((x) => x.label)).toEqual(['high', 'low']);
    const sum = parseCsvRows(readFileSync(summary, 'utf8'));
    const head = sum[0];
    const col = (name: string) => head.indexOf(name);
    const byFile = new Map(sum.slice(1).map((row) => [row[0], row]));
    expect(byFile.get(join(mixed, 'd.csv'))![col('dominant')]).toBe('high');
    expect(Number(byFile.get(join(mixed, 'd.csv'))![col('high_s')])).toBeGreaterThan(10);
    expect(byFile.get(join(mixed, 'b-broken.csv'))![col('status')]).toBe('failed');
    expect(byFile.get(join(mixed, 'c-short.csv'))![col('status')]).toBe('failed');
  }, 90_000);

  it('--json prints the whole result, which matches the CSV export', async () => {
    const jsonRun = await cli(['classify', '--model', 'tiny', join(files, 'two.csv'), '--json', '--stride', '4'], data);
    expect(jsonRun.code).toBe(0);
    const result = JSON.parse(jsonRun.stdout) as ClassifyResult;
    expect(result.model.stride).toBe(4);
    expect(result.items).toHaveLength(1);
    const item = result.items[0];
    // 360 samples, window 16, stride 4: 87 windows end exactly at sample 360 (no extra tail window).
    expect(item.windows).toBe(87);
    expect(item.dominant).toBe('high');
    const csvRun = await cli(['classify', '--model', '1', join(files, 'two.csv'), '--stride', '4'], data);
    expect(csvRun.code).toBe(0);
    const rows = parseSegmentsCsv(csvRun.stdout);
    expect(rows.map((x) => [x.startS, x.endS, x.label])).toEqual(item.segments.map((s) => [Number(s.startS.toFixed(6)), Number(s.endS.toFixed(6)), s.label]));
  }, 90_000);

  it('exits 2 on bad arguments and a missing model, without output', async () => {
    const noModel = await cli(['classify', files], data);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--model is required/);
    const missing = await cli(['classify', '--model', 'nope', files], data);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/model "nope" does not exist/);
    const badConf = await cli(['classify', '--model', 'tiny', files, '--min-confidence', '2'], data);
    expect(badConf.code).toBe(2);
    expect(badConf.stderr).toMatch(/--min-confidence must be a valid number/);
    const nothing = await cli(['classify', '--model', 'tiny'], data);
    expect(nothing.code).toBe(2);
    const badOut = await cli(['classify', '--model', 'tiny', files, '--out', join(tmp.dir, 'no-dir', 'r.csv')], data);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/--out: the folder .*no-dir does not exist/);
    const missingFile = await cli(['classify', '--model', 'tiny', join(tmp.dir, 'no-such-folder')], data);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stdout).toBe('');
  }, 90_000);

  it('scores files that carry labels (UCR .ts cases): accuracy, macro-F1 and confusion matrix', async () => {
    const rand = (() => {
      let s = 5;
      return () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
    })();
    const levels: Record<string, number> = { low: -3, mid: 0, high: 3 };
    const cases = ['low', 'high', 'mid', 'high', 'low', 'mid'].map((label) => {
      const dim = () => Array.from({ length: 40 }, () => (levels[label] + rand() - 0.5).toFixed(3)).join(',');
      return `${dim()}:${dim()}:${label}`;
    });
    const ts = join(tmp.dir, 'Levels_TEST.ts');
    writeFileSync(ts, ['@problemName Levels', '@timeStamps false', '@univariate false', '@dimensions 2', '@equalLength true', '@seriesLength 40', '@classLabel true low mid high', '@data', ...cases, ''].join('\n'));
    const r = await cli(['classify', '--model', 'tiny', ts, '--sample-rate', '20', '--json'], data);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ClassifyResult;
    expect(result.items).toHaveLength(6);
    expect(result.items.map((i) => i.dominant)).toEqual(['low', 'high', 'mid', 'high', 'low', 'mid']);
    const m = result.metrics!;
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    expect(m.count).toBe(result.items.reduce((s, i) => s + i.windows, 0));
    expect(m.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(m.classes.map((c) => result.items.filter((i) => i.dominant === c).reduce((s, i) => s + i.windows, 0)));
    expect(r.stderr).toMatch(/labelled windows: \d+ windows — accuracy 100\.0%/);
  }, 90_000);

  it('takes an exported model folder', async () => {
    const dir = join(tmp.dir, 'exported');
    const exp = await cli(['models', 'export', 'tiny', dir], data);
    if (exp.code !== 0) throw new Error(`models export failed: ${exp.stderr}`);
    const r = await cli(['classify', '--model', dir, join(files, 'one.csv'), '--min-duration', '1'], data);
    expect(r.code).toBe(0);
    expect(parseSegmentsCsv(r.stdout).map((x) => x.label)).toEqual(['low', 'high', 'mid']);
  }, 90_000);
});
