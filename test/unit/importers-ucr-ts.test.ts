import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseError, parsePath, parseText } from './helpers/parse-temp';

const DATA = '/work/shared/data/ucr';
// From /work/shared/data/README.md: train, test, channels, [min, max] length, classes.
const TABLE: Array<[string, number, number, number, [number, number], number]> = [
  ['BasicMotions', 40, 40, 6, [100, 100], 4],
  ['Epilepsy', 137, 138, 3, [206, 206], 4],
  ['RacketSports', 151, 152, 6, [30, 30], 4],
  ['UWaveGestureLibrary', 120, 320, 3, [315, 315], 8],
  ['JapaneseVowels', 270, 370, 12, [7, 29], 9],
  ['GunPoint', 50, 150, 1, [150, 150], 2],
  ['ECG200', 100, 100, 1, [96, 96], 2],
  ['ItalyPowerDemand', 67, 1029, 1, [24, 24], 2],
  ['ArrowHead', 36, 175, 1, [251, 251], 3],
  ['ACSF1', 100, 100, 1, [1460, 1460], 10]
];

describe('UCR/UEA .ts importer on the archive copies', () => {
  it.each(TABLE)('%s: cases, channels, lengths and classes match the data README', async (name, train, test, channels, [minLen, maxLen], classes) => {
    const labels = new Set<string>();
    let lo = Infinity;
    let hi = 0;
    for (const [split, count] of [
      ['TRAIN', train],
      ['TEST', test]
    ] as const) {
      const p = await parsePath(`${DATA}/${name}/${name}_${split}.ts`);
      const recs = p.sink.recordings;
      expect(p.importer).toBe('ucr-ts');
      expect(recs).toHaveLength(count);
      for (const [i, r] of recs.entries()) {
        expect(r.meta.name).toBe(`${name}_${split} #${String(i + 1).padStart(4, '0')}`);
        expect(r.meta.tags).toEqual([name, split]);
        expect(r.meta.sampleRate).toBe(1);
        expect(r.meta.channels).toHaveLength(channels);
        expect(r.segments).toEqual([{ start: 0, end: r.length, label: r.segments[0].label }]);
        expect(r.warnings).toEqual([]);
        labels.add(r.segments[0].label);
        lo = Math.min(lo, r.length);
        hi = Math.max(hi, r.length);
      }
    }
    expect(labels.size).toBe(classes);
    expect([lo, hi]).toEqual([minLen, maxLen]);
  });

  it('keeps every value of a case as float32 of the text (BasicMotions_TRAIN case 1)', async () => {
    const text = readFileSync(`${DATA}/BasicMotions/BasicMotions_TRAIN.ts`, 'utf8');
    const line = text.split('\n').find((l, i, all) => all.slice(0, i).some((x) => x.startsWith('@data')) && l.trim() !== '')!;
    const dims = line.split(':').slice(0, -1).map((d) => d.split(',').map((v) => Math.fround(Number(v))));
    const p = await parsePath(`${DATA}/BasicMotions/BasicMotions_TRAIN.ts`, { sampleRate: 10 });
    expect(p.sink.recordings[0].meta.sampleRate).toBe(10);
    dims.forEach((d, c) => expect(Array.from(p.sink.channel(0, c))).toEqual(d));
  });
});

describe('UCR/UEA .ts importer on edge cases', () => {
  const head = '# comment\n@problemName Toy\n@timeStamps false\n@missing true\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true a b\n@data\n';

  it('reads unequal lengths and ? as NaN, pads ragged dimensions of one case with a warning', async () => {
    const p = await parseText('Toy_TEST.ts', `${head}1,2,3:4,5,6:a\n1,?:2,3:b\n1,2,3:4:a\n`);
    const r = p.sink.recordings;
    expect(r.map((x) => x.length)).toEqual([3, 2, 3]);
    expect(Array.from(p.sink.channel(1, 0))).toEqual([1, NaN]);
    expect(Array.from(p.sink.channel(2, 1))).toEqual([4, NaN, NaN]);
    expect(r[2].warnings.join()).toMatch(/line 12: the dimensions have different lengths \(3, 1\)/);
    expect(r[0].meta.tags).toEqual(['Toy', 'TEST']);
  });

  it.each([
    ['an undeclared label', `${head}1,2:3,4:c\n`, /^bad\.ts line 10: class label "c" is not declared in @classLabel \(a b\)/],
    ['a missing @data line', '@problemName X\n@classLabel true a\n', /^bad\.ts line 3: the file ends without an @data line/],
    ['ragged dimensions', `${head}1,2:3,4:a\n1,2:a\n`, /^bad\.ts line 11: the case has 1 dimensions, expected 2/],
    ['a non-number', `${head}1,x:3,4:a\n`, /^bad\.ts line 10: dimension 1, value 2: cannot read "x" as a number/],
    ['timestamps', '@problemName X\n@timeStamps true\n@data\n', /^bad\.ts line 2: timestamped \.ts files/],
    ['no cases', `${head}\n`, /^bad\.ts line \d+: no cases after @data/]
  ])('refuses %s with the line number', async (_n, text, re) => {
    const e = await parseError('bad.ts', text);
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(re);
  });
});
