import { describe, expect, it } from 'vitest';
import { makeEdf, type EdfSignalSpec } from '../fixtures/file-builders';
import { parseError, parseText } from './helpers/parse-temp';

const sig = (label: string, spr: number, records: number, extra: Partial<EdfSignalSpec> = {}): EdfSignalSpec => ({
  label,
  unit: 'uV',
  physMin: -100,
  physMax: 100,
  digMin: -2048,
  digMax: 2047,
  samplesPerRecord: spr,
  digital: Array.from({ length: spr * records }, (_, i) => ((i * 37) % 4095) - 2048),
  ...extra
});
const phys = (d: number, s = { pmin: -100, pmax: 100, dmin: -2048, dmax: 2047 }) => ((d - s.dmin) * (s.pmax - s.pmin)) / (s.dmax - s.dmin) + s.pmin;

describe('EDF importer', () => {
  it('scales digital to physical values, names channels by label and unit, keeps the start time', async () => {
    const s = sig('EEG Fz', 10, 3);
    const p = await parseText('rec.edf', makeEdf({ records: 3, duration: 1, signals: [s, sig('EEG Cz', 10, 3)], startDate: '02.03.04', startTime: '05.06.07' }));
    const r = p.sink.recordings[0];
    expect(p.importer).toBe('edf');
    expect(r.meta).toMatchObject({ name: 'rec', sampleRate: 10, startTime: '2004-03-02T05:06:07', channels: [{ name: 'EEG Fz', unit: 'uV' }, { name: 'EEG Cz', unit: 'uV' }] });
    expect(r.length).toBe(30);
    expect(Array.from(p.sink.channel(0, 0))).toEqual(s.digital!.map((d) => Math.fround(phys(d))));
    expect(r.warnings).toEqual([]);
  });

  it('reads BDF 24-bit samples', async () => {
    const s = sig('Ch', 4, 2, { digMin: -8388608, digMax: 8388607, physMin: -262144, physMax: 262143, digital: [-8388608, -1, 0, 1, 8388607, 123456, -654321, 42] });
    const p = await parseText('b.bdf', makeEdf({ bdf: true, records: 2, duration: 1, signals: [s] }));
    const want = s.digital!.map((d) => Math.fround(phys(d, { pmin: -262144, pmax: 262143, dmin: -8388608, dmax: 8388607 })));
    expect(Array.from(p.sink.channel(0, 0))).toEqual(want);
  });

  it('reads header numbers written as .5 and 1E3 and dates with odd separators', async () => {
    const s = sig('X', 5, 2, { physMin: '-1E3', physMax: '1E3' });
    const p = await parseText('n.edf', makeEdf({ records: 2, duration: '.5', signals: [s], startDate: '31-12-99', startTime: '23:59:58' }));
    expect(p.sink.recordings[0].meta.sampleRate).toBe(10);
    expect(p.sink.recordings[0].meta.startTime).toBe('1999-12-31T23:59:58');
    expect(p.sink.channel(0, 0)[0]).toBeCloseTo(phys(s.digital![0], { pmin: -1000, pmax: 1000, dmin: -2048, dmax: 2047 }), 3);
  });

  it('splits signals at different rates into recordings named file@rateHz', async () => {
    const p = await parseText('multi.edf', makeEdf({ records: 2, duration: 1, signals: [sig('A', 100, 2), sig('B', 100, 2), sig('Resp', 25, 2)] }));
    const names = p.sink.recordings.map((r) => [r.meta.name, r.meta.sampleRate, r.length, r.meta.channels.length]);
    expect(names).toEqual([
      ['multi', 100, 200, 2],
      ['multi@25Hz', 25, 50, 1]
    ]);
  });

  it('turns EDF+ annotations with a duration into segments and counts events without one', async () => {
    const ann = ['+0\x14\x14\x00+0.5\x150.8\x14walk\x14\x00', '+1\x14\x14\x00+1.2\x14blink\x14\x00+1.5\x150.25\x14run\x14jump\x14\x00'];
    const p = await parseText('plus.edf', makeEdf({ plus: 'C', records: 2, duration: 1, signals: [sig('A', 20, 2)], annotations: ann }));
    const r = p.sink.recordings[0];
    expect(r.meta.channels.map((c) => c.name)).toEqual(['A']);
    expect(r.segments).toEqual([
      { start: 10, end: 26, label: 'walk' },
      { start: 30, end: 35, label: 'run' },
      { start: 30, end: 35, label: 'jump' }
    ]);
    expect(r.warnings.join()).toMatch(/1 annotations without a duration \(events, e\.g\. "blink" at 1\.2 s\)/);
    expect(r.meta.startTime).toBe('2002-03-02T10:20:30');
  });

  it('computes a record count of -1 from the file size, with a warning', async () => {
    const p = await parseText('m1.edf', makeEdf({ records: 3, declaredRecords: -1, duration: 1, signals: [sig('A', 8, 3)] }));
    expect(p.sink.recordings[0].length).toBe(24);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/record count is -1 .* 3 records were counted/);
  });

  it('imports the complete records of a truncated file and ignores extra bytes, with warnings', async () => {
    const full = makeEdf({ records: 4, duration: 1, signals: [sig('A', 8, 4)] });
    const cut = await parseText('cut.edf', full.subarray(0, full.length - 20));
    expect(cut.sink.recordings[0].length).toBe(16);
    expect(cut.sink.recordings[0].warnings.join()).toMatch(/declares 4 data records but the file holds 2 complete ones/);
    const extra = await parseText('extra.edf', makeEdf({ records: 2, duration: 1, signals: [sig('A', 8, 2)], appendBytes: 5 }));
    expect(extra.sink.recordings[0].length).toBe(16);
    expect(extra.sink.recordings[0].warnings.join()).toMatch(/5 bytes after the 2 records/);
  });

  it.each([
    ['digital min = max', { digMin: 5, digMax: 5 }, /byte \d+: signal 1 "A": digital minimum equals digital maximum/],
    ['physical min = max', { physMin: 3, physMax: 3 }, /byte \d+: signal 1 "A": physical minimum equals physical maximum/],
    ['bad number', { physMin: 'abc' }, /byte \d+: header field physical minimum \(signal 1 "A"\): "abc" is not a number/]
  ])('refuses %s', async (_n, extra, re) => {
    const e = await parseError('bad.edf', makeEdf({ records: 1, duration: 1, signals: [sig('A', 4, 1, extra as Partial<EdfSignalSpec>)] }));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(re);
  });

  it('refuses a file that ends inside the signal headers or holds no complete record', async () => {
    const f = makeEdf({ records: 1, duration: 1, signals: [sig('A', 4, 1)] });
    expect((await parseError('h.edf', f.subarray(0, 300))).message).toMatch(/^h\.edf byte 300: the file ends inside the signal headers/);
    expect((await parseError('r.edf', f.subarray(0, 515))).message).toMatch(/^r\.edf byte 512: no complete data record/);
  });
});
