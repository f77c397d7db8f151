// `sensorlab train | evaluate | models` through main(argv, io) on a tiny tagged library (ML worker
// thread, real SQLite): --json documents, repeated --tag, progress lines, exit codes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli';
import type { Io } from '../../src/main/cli/io';
import { Store } from '../../src/main/core/store';
import { addRecordings, type SyntheticRecording } from '../helpers/store';
import { rng, tempDir } from '../helpers/temp';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, tty: false, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** One-channel cases of 24 samples: "up" ramps and "down" ramps (plus noise). */
function cases(n: number, tags: string[], seed: number, labels = ['up', 'down']): SyntheticRecording[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length];
    const sign = label === 'up' ? 1 : label === 'down' ? -1 : 0;
    return {
      name: `${tags.join('-')}-${i}`,
      channels: [Float32Array.from({ length: 24 }, (_, t) => sign * (t / 12 - 1) + 0.2 * (r() - 0.5))],
      segments: [[0, 24, label]] as Array<[number, number, string]>,
      tags
    };
  });
}

let tmp: ReturnType<typeof tempDir>;
let dataDir: string;
beforeAll(() => {
  tmp = tempDir();
  dataDir = join(tmp.dir, 'lib');
  const store = Store.open(dataDir);
  addRecordings(store, [
    ...cases(12, ['ramps', 'TRAIN'], 1),
    ...cases(8, ['ramps', 'TEST'], 2),
    // Carries "ramps" but not "TRAIN": with --tag ramps --tag TRAIN its class must not appear.
    ...cases(4, ['ramps'], 3, ['flat'])
  ]);
  store.close();
});
afterAll(() => tmp.cleanup());

const run = async (args: string[]) => {
  const io = capture();
  const code = await main([...args, '--data-dir', dataDir], io);
  return { code, io, json: () => JSON.parse(io.stdout[io.stdout.length - 1]) };
};

describe('sensorlab train / evaluate / models', () => {
  it('train --json prints {model, metrics}; evaluate --json prints the metrics; models list/export/import/delete', async () => {
    const t = await run(['train', '--tag', 'ramps', '--tag', 'TRAIN', '--val-split', '0', '--arch', 'tsc', '--width', '8',
      '--window', 'auto', '--epochs', '8', '--batch', '4', '--lr', '0.01', '--seed', '2', '--name', 'ramp-net', '--json']);
    expect(t.io.stderr.join('\n')).not.toMatch(/sensorlab train:/);
    expect(t.code).toBe(0);
    const trained = t.json();
    expect(trained.model).toEqual({ id: expect.any(Number), name: 'ramp-net' });
    expect(trained.metrics).toMatchObject({ epochs: 8, train: { windows: 12 }, validation: null });
    // Progress: one line per epoch on stderr, with rate and backend.
    expect(t.io.stderr.filter((l) => /^epoch \d+\/8: loss .* samples\/s.*\[(wasm|cpu|tensorflow)\/CPU\]/.test(l)).length).toBe(8);

    const e = await run(['evaluate', '--model', 'ramp-net', '--tag', 'ramps', '--tag', 'TEST', '--json']);
    expect(e.code).toBe(0);
    const m = e.json();
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['accuracy', 'balancedAccuracy', 'macroF1', 'classes', 'confusion', 'perClass']));
    expect(m.classes).toEqual(['up', 'down']); // not 'flat': that recording lacks the TRAIN tag
    expect(m.count).toBe(8);
    expect(m.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(8);
    expect(m.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(m.perClass.map((c: { support: number }) => c.support)).toEqual([4, 4]);

    const text = await run(['evaluate', '--model', String(trained.model.id), '--tag', 'ramps', '--tag', 'TEST']);
    expect(text.code).toBe(0);
    expect(text.io.stdout.join('\n')).toMatch(/accuracy [\d.]+%, balanced accuracy [\d.]+%, macro-F1[\s\S]*confusion matrix/);

    const list = await run(['models', 'list', '--json']);
    expect(list.json().map((x: { name: string }) => x.name)).toEqual(['ramp-net']);
    const dir = join(tmp.dir, 'exported');
    expect((await run(['models', 'export', 'ramp-net', dir])).code).toBe(0);
    expect(existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'weights.bin')) && existsSync(join(dir, 'sensorlab.json'))).toBe(true);
    const imp = await run(['models', 'import', dir, '--name', 'ramp-copy', '--json']);
    expect(imp.code).toBe(0);
    expect(imp.json()).toMatchObject({ name: 'ramp-copy', classes: ['up', 'down'] });
    const del = await run(['models', 'delete', 'ramp-copy', '--json']);
    expect(del.json()).toEqual({ deleted: 1 });
    expect((await run(['models', 'list', '--json'])).json().length).toBe(1);
  });

  it('exit code 2 for usage errors and unknown tags or models, with a clear message', async () => {
    const none = await run(['train', '--epochs', '1']);
    expect(none.code).toBe(2);
    expect(none.io.stderr.join('')).toMatch(/--tag T… or --recordings/);
    const tag = await run(['train', '--tag', 'nope', '--epochs', '1']);
    expect(tag.code).toBe(2);
    expect(tag.io.stderr.join('')).toMatch(/no recording carries the tag "nope"/);
    const model = await run(['evaluate', '--model', 'missing', '--tag', 'ramps']);
    expect(model.code).toBe(2);
    expect(model.io.stderr.join('')).toMatch(/model "missing" does not exist/);
    const sub = await run(['models', 'frob']);
    expect(sub.code).toBe(2);
  });
});
