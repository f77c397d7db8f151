import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { parseError, parsePath, parseText, writeTemp } from './helpers/parse-temp';

const col = (p: { sink: { channel(r: number, c: number): Float32Array } }, c: number, r = 0) => Array.from(p.sink.channel(r, c));

describe('delimited text: dialects', () => {
  it('reads a comma table with a ms time column, units in brackets and a text column skipped', async () => {
    const p = await parseText('imu.csv', 'time_ms,acc_x (g),acc_y [m/s^2],label\n0,1.5,2,walk\n20,1.25,-3,walk\n40,0.5,4e-1,run\n');
    const r = p.sink.recordings[0];
    expect(p.importer).toBe('csv');
    expect(r.meta.name).toBe('imu');
    expect(r.meta.sampleRate).toBe(50);
    expect(r.meta.channels).toEqual([
      { name: 'acc_x', unit: 'g' },
      { name: 'acc_y', unit: 'm/s^2' }
    ]);
    expect(col(p, 0)).toEqual([1.5, 1.25, 0.5]);
    expect(col(p, 1)).toEqual([2, -3, Math.fround(0.4)]);
    expect(r.warnings.join()).toMatch(/column "label" holds text/);
  });

  it('reads semicolons with decimal commas, a UTF-8 BOM and CRLF line ends', async () => {
    const p = await parseText('de.csv', '\ufeffTime (s);Temp (°C);Druck\r\n0,0;1,5;-2,25\r\n0,5;2,5;3\r\n1,0;3,5;4\r\n');
    const r = p.sink.recordings[0];
    expect(r.meta.sampleRate).toBe(2);
    expect(r.meta.channels).toEqual([
      { name: 'Temp', unit: '°C' },
      { name: 'Druck', unit: '' }
    ]);
    expect(col(p, 0)).toEqual([1.5, 2.5, 3.5]);
    expect(col(p, 1)).toEqual([-2.25, 3, 4]);
  });

  it('reads tab, pipe and CR-only files alike', async () => {
    for (const [name, text] of [
      ['t.tsv', 't\ta\tb\n0\t1\t2\n0.1\t3\t4\n0.2\t5\t6\n'],
      ['p.txt', 't|a|b\n0|1|2\n0.1|3|4\n0.2|5|6\n'],
      ['cr.csv', 't,a,b\r0,1,2\r0.1,3,4\r0.2,5,6\r']
    ]) {
      const p = await parseText(name, text);
      expect(p.sink.recordings[0].meta.sampleRate, name).toBe(10);
      expect(col(p, 0), name).toEqual([1, 3, 5]);
      expect(col(p, 1), name).toEqual([2, 4, 6]);
    }
  });

  it('reads whitespace-separated files without header with the given sample rate (UCI-HAPT acc_exp01)', async () => {
    const p = await parsePath('/work/shared/data/recordings/UCI-HAPT/RawData/acc_exp01_user01.txt', { sampleRate: 50 });
    const r = p.sink.recordings[0];
    expect(r.length).toBe(20598);
    expect(r.meta.sampleRate).toBe(50);
    expect(r.meta.channels.map((c) => c.name)).toEqual(['ch1', 'ch2', 'ch3']);
    expect(col(p, 0).slice(0, 2)).toEqual([Math.fround(0.9180555898766518), Math.fround(0.9111111304603812)]);
    expect(col(p, 2)[0]).toBe(Math.fround(0.5097222514293852));
  });

  it('honours quoted fields and quoted header names', async () => {
    const p = await parseText('q.csv', '"t","a, b",c\n0,"1.5",2\n1,"-2",""\n2,3,4\n');
    expect(p.sink.recordings[0].meta.channels.map((c) => c.name)).toEqual(['a, b', 'c']);
    expect(col(p, 0)).toEqual([1.5, -2, 3]);
    expect(col(p, 1)).toEqual([2, NaN, 4]);
  });

  it('skips blank lines and counts them in line numbers', async () => {
    const ok = await parseText('blank.csv', 't,a\n\n0,1\n   \n1,2\n\n');
    expect(col(ok, 0)).toEqual([1, 2]);
    const e = await parseError('blank-bad.csv', 't,a\n\n0,1\n\n1,2,3\n');
    expect(e.message).toBe('blank-bad.csv line 5: expected 2 columns, found 3');
    expect(e.details).toMatchObject({ line: 5 });
  });

  it('turns empty cells and NaN words into NaN, inf words into Infinity with a warning', async () => {
    const p = await parseText('nan.csv', 't,a,b\n0,,nan\n1,NaN,inf\n2,N/A,-Infinity\n');
    expect(col(p, 0)).toEqual([NaN, NaN, NaN]);
    expect(col(p, 1)).toEqual([NaN, Infinity, -Infinity]);
    expect(p.sink.recordings[0].warnings).toContain('2 values were infinite (inf/Infinity)');
  });

  it('rejects numbers beyond the float32 range, naming line and column', async () => {
    const e = await parseError('big.csv', 't,a\n0,1\n1,1e400\n');
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/^big\.csv line 3: column "a": "1e400" is too large for a 32-bit float/);
    const e39 = await parseError('big39.csv', 't,a\n0,1\n1,-3.5e38\n');
    expect(e39.message).toMatch(/line 3: column "a": "-3.5e38" is too large/);
  });

  it('keeps duplicate and __proto__ header names as channel names', async () => {
    const p = await parseText('dup.csv', 't,__proto__,x,x,constructor\n0,1,2,3,4\n1,5,6,7,8\n');
    const r = p.sink.recordings[0];
    expect(r.meta.channels.map((c) => c.name)).toEqual(['__proto__', 'x', 'x_2', 'constructor']);
    expect(col(p, 0)).toEqual([1, 5]);
    expect(r.warnings.join()).toMatch(/duplicate column name "x"/);
  });

  it('asks for the sample rate when there is no time column', async () => {
    const e = await parseError('norate.csv', 'a,b\n1,2\n3,4\n');
    expect(e.message).toMatch(/^norate\.csv line 1: no time column .*--sample-rate/);
    const p = await parseText('norate.csv', 'a,b\n1,2\n3,4\n', { sampleRate: 25 });
    expect(p.sink.recordings[0].meta.sampleRate).toBe(25);
  });

  it('prefers the time column over a different given rate, with a warning', async () => {
    const p = await parseText('both.csv', 't,a\n0,1\n0.1,2\n0.2,3\n', { sampleRate: 50 });
    expect(p.sink.recordings[0].meta.sampleRate).toBe(10);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/given sample rate 50 Hz was not used/);
  });

  it('reads ISO-8601 timestamps: rate from their intervals, startTime from the first', async () => {
    const z = await parseText('iso.csv', 'timestamp,a\n2024-05-01T10:00:00.000Z,1\n2024-05-01T10:00:00.250Z,2\n2024-05-01T10:00:00.500Z,3\n');
    expect(z.sink.recordings[0].meta.sampleRate).toBe(4);
    expect(z.sink.recordings[0].meta.startTime).toBe('2024-05-01T10:00:00.000Z');
    const local = await parseText('iso2.csv', '2024-05-01 10:00:00,1\n2024-05-01 10:00:01,2\n2024-05-01 10:00:02,3\n');
    expect(local.sink.recordings[0].meta.sampleRate).toBe(1);
    expect(local.sink.recordings[0].meta.startTime).toBe('2024-05-01T10:00:00.000');
    expect(col(local, 0)).toEqual([1, 2, 3]);
  });

  it('reads a unit-less epoch-millisecond timestamp column as such and keeps the start time', async () => {
    const p = await parseText('epoch.csv', 'timestamp,a\n1714557600000,1\n1714557600010,2\n1714557600020,3\n');
    const r = p.sink.recordings[0];
    expect(r.meta.sampleRate).toBe(100);
    expect(r.meta.startTime).toBe('2024-05-01T10:00:00.000Z');
    expect(r.warnings.join()).toMatch(/Unix epoch milliseconds/);
  });

  it('warns when a unit-less time column read as seconds looks like milliseconds', async () => {
    const p = await parseText('millis.csv', 'time,a\n0,1\n20,2\n40,3\n');
    expect(p.sink.recordings[0].meta.sampleRate).toBe(0.05);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/has no unit and was read as seconds \(0\.05 Hz\); if it holds milliseconds, name it e\.g\. "time_ms"/);
  });

  it('takes a monotone first column of a headerless file as time in seconds', async () => {
    const p = await parseText('mono.txt', '0.00 5 6\n0.02 7 8\n0.04 9 10\n0.06 11 12\n');
    expect(p.sink.recordings[0].meta.sampleRate).toBe(50);
    expect(p.sink.recordings[0].meta.channels).toHaveLength(2);
  });
});

describe('delimited text: irregular time', () => {
  const jittery = 't,a\n0,0\n0.1,1\n0.2,2\n0.35,3.5\n0.4,4\n0.5,5\n';
  it('fails on irregular timestamps without the resample option, naming the line and the fix', async () => {
    const e = await parseError('jit.csv', jittery);
    expect(e.message).toMatch(/^jit\.csv line 5: irregular timestamps: the interval of 0\.15 s differs from the median period 0\.1 s .*--resample/);
  });
  it('resamples linearly to the median rate with a warning when asked', async () => {
    const p = await parseText('jit.csv', jittery, { resample: true });
    const r = p.sink.recordings[0];
    expect(r.meta.sampleRate).toBe(10);
    // a = 10·t everywhere, so interpolation on the 0.1 s grid gives 0, 1, 2, 3, 4, 5.
    expect(col(p, 0).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.warnings.join()).toMatch(/irregular timestamps: 2 intervals .* resampled by linear interpolation to 10 Hz/);
  });
  it('fills a gap by interpolation and reports the largest interval', async () => {
    const p = await parseText('gap.csv', 't,a\n0,0\n1,1\n2,2\n5,5\n6,6\n', { resample: true });
    expect(col(p, 0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/largest interval 3 s at line 5/);
  });
  it('always refuses time going backwards', async () => {
    const e = await parseError('back.csv', 't,a\n0,0\n1,1\n2,2\n1.5,3\n', { resample: true });
    expect(e.message).toMatch(/^back\.csv line 5: time goes backwards/);
  });
});

describe('delimited text: streaming', () => {
  it('imports a file larger than one read block and one row block exactly, reporting bytes monotonically', async () => {
    const rows = 400_000; // about 9 MB: crosses two 4 MiB read blocks and six 64K-row blocks
    const lines = ['t,a,b'];
    for (let i = 0; i < rows; i++) lines.push(`${(i / 100).toFixed(2)},${i % 977},${(-i * 0.5).toFixed(1)}`);
    const path = writeTemp('big.csv', lines.join('\r\n'));
    const p = await parsePath(path);
    const r = p.sink.recordings[0];
    expect(r.length).toBe(rows);
    expect(r.appends).toBeGreaterThan(2);
    const a = p.sink.channel(0, 0);
    const b = p.sink.channel(0, 1);
    let bad = 0;
    for (let i = 0; i < rows; i++) if (a[i] !== i % 977 || b[i] !== Math.fround(-i * 0.5)) bad++;
    expect(bad).toBe(0);
    expect(p.bytes.every((x, i) => i === 0 || x >= p.bytes[i - 1])).toBe(true);
    expect(p.bytes[p.bytes.length - 1]).toBe(statSync(path).size);
  });

  it('stops with the abort reason when cancelled', async () => {
    const ac = new AbortController();
    ac.abort(new Error('cancelled by test'));
    await expect(parsePath(writeTemp('c.csv', 't,a\n0,1\n1,2\n'), {}, ac.signal)).rejects.toThrow('cancelled by test');
  });
});
