import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/store';
import { CHUNK_SAMPLES } from '../../src/main/core/store/layout';
import { fromF32 } from '../../src/renderer/src/lib/state/viewer-loader';
import { addRecordings } from '../helpers/store';
import { rng, tempDir } from '../helpers/temp';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.dir);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

function signal(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i / 50) + (r() - 0.5) * 0.1;
  return a;
}

describe('samples: chunks and summary pyramid', () => {
  it('reads back exactly what was written, across chunk boundaries', () => {
    const n = CHUNK_SAMPLES * 3 + 123;
    const ch = [signal(n, 1), signal(n, 2)];
    const [id] = addRecordings(store, [{ channels: ch }]);
    const rec = store.recordings.get(id);
    expect(rec.numSamples).toBe(n);
    const start = CHUNK_SAMPLES - 7;
    const back = store.samples.read(rec, [0, 1], start, start + CHUNK_SAMPLES + 20);
    expect(Array.from(back[1])).toEqual(Array.from(ch[1].subarray(start, start + CHUNK_SAMPLES + 20)));
    expect(Array.from(store.samples.readChannel(rec, 0, n - 5, n + 100))).toEqual(Array.from(ch[0].subarray(n - 5)));
  });

  it('returns raw samples when the range fits in maxPoints', () => {
    const ch = [signal(5000, 3)];
    const [id] = addRecordings(store, [{ channels: ch }]);
    const view = store.samples.view(store.recordings.get(id), undefined, 100, 600, 1000);
    expect(view.kind).toBe('raw');
    expect(view.count).toBe(500);
    expect(view.series[0].values?.[0]).toBeCloseTo(ch[0][100], 6);
  });

  it('envelope min/max equal a brute-force min/max per bucket, and keeps single-sample peaks', () => {
    const n = 1_000_000;
    const ch = [signal(n, 4)];
    ch[0][777_777] = 50; // one spike that must survive any zoom level
    ch[0][123_456] = -40;
    const [id] = addRecordings(store, [{ channels: ch }]);
    const rec = store.recordings.get(id);
    for (const [start, end, maxPoints] of [
      [0, n, 1000],
      [10_001, 900_017, 700],
      [500_000, 800_000, 300],
      [777_000, 778_000, 100]
    ]) {
      const view = store.samples.view(rec, [0], start, end, maxPoints);
      expect(view.kind).toBe('envelope');
      expect(view.count).toBeLessThanOrEqual(2 * maxPoints + 2);
      const { min, max } = view.series[0];
      for (let o = 0; o < view.count; o++) {
        const from = view.startSample + o * view.step;
        const to = Math.min(n, from + view.step);
        let mn = Infinity;
        let mx = -Infinity;
        for (let i = from; i < to; i++) {
          mn = Math.min(mn, ch[0][i]);
          mx = Math.max(mx, ch[0][i]);
        }
        expect(min![o]).toBe(Math.fround(mn));
        expect(max![o]).toBe(Math.fround(mx));
      }
      if (start <= 777_777 && end > 777_777) expect(Math.max(...(max as number[]))).toBe(50);
    }
  });

  it('shows NaN gaps as null in raw and envelope views', () => {
    const ch = [signal(200_000, 5)];
    ch[0].fill(NaN, 1000, 60_000);
    const [id] = addRecordings(store, [{ channels: ch }]);
    const rec = store.recordings.get(id);
    expect(store.samples.view(rec, [0], 1000, 1010, 100).series[0].values).toEqual(new Array(10).fill(null));
    const env = store.samples.view(rec, [0], 0, 200_000, 100);
    expect(env.series[0].min!.some((v) => v === null)).toBe(true);
    expect(env.series[0].max!.filter((v) => v !== null).length).toBeGreaterThan(50);
  });

  it('the f32 encoding carries exactly the json view (gaps as NaN) and is far smaller', () => {
    const ch = [signal(300_000, 7), signal(300_000, 8)];
    ch[1].fill(NaN, 2000, 90_000);
    const [id] = addRecordings(store, [{ channels: ch }]);
    const rec = store.recordings.get(id);
    for (const [start, end, maxPoints] of [
      [0, 300_000, 1500],
      [1990, 2500, 1000]
    ]) {
      const json = store.samples.view(rec, undefined, start, end, maxPoints, 'json');
      const f32 = store.samples.view(rec, undefined, start, end, maxPoints, 'f32');
      expect({ ...f32, series: [] }).toEqual({ ...json, series: [] });
      json.series.forEach((s, i) => {
        const g = f32.series[i];
        expect(g.channel).toBe(s.channel);
        for (const key of ['values', 'min', 'max'] as const) {
          const b64 = g[`${key}F32`];
          expect(b64 === undefined).toBe(s[key] === undefined);
          if (b64 === undefined) continue;
          expect(fromF32(b64)).toEqual(s[key]);
          expect(g[key]).toBeUndefined();
        }
      });
      expect(JSON.stringify(f32).length).toBeLessThan(JSON.stringify(json).length / 2);
    }
  });

  it('refuses a channel the recording does not have', () => {
    const [id] = addRecordings(store, [{ channels: [signal(100, 6)] }]);
    expect(() => store.samples.view(store.recordings.get(id), [3], 0, 10, 10)).toThrow(/no channel 3/);
  });
});
