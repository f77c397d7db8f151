import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/main/core/demo/generate-demo';
import { MemorySink } from './helpers/memory-sink';

async function demo(seed?: number) {
  const sink = new MemorySink();
  const summary = await generateDemo(sink, seed === undefined ? {} : { seed });
  return { sink, summary };
}

/** Window features: std and mean-crossing rate (per s) of |acc| (crossings only counted when it moves). */
function features(sink: MemorySink, r: number, start: number, end: number): [number, number] {
  const n = end - start;
  const mag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [0, 1, 2].map((c) => sink.channel(r, c)[start + i]);
    mag[i] = Math.hypot(x, y, z);
  }
  const mean = mag.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(mag.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  let crossings = 0;
  for (let i = 1; i < n; i++) if ((mag[i - 1] - mean) * (mag[i] - mean) < 0 && std > 0.05) crossings++;
  return [std, (crossings / n) * 50];
}

describe('demo project generator', () => {
  it('writes 4 recordings of 6-channel IMU at 50 Hz, 1–2 min each, tagged demo', async () => {
    const { sink } = await demo();
    expect(sink.recordings).toHaveLength(4);
    let total = 0;
    for (const r of sink.recordings) {
      expect(r.meta.sampleRate).toBe(50);
      expect(r.meta.tags).toEqual(['demo']);
      expect(r.meta.channels.map((c) => `${c.name} ${c.unit}`)).toEqual(['acc_x g', 'acc_y g', 'acc_z g', 'gyro_x rad/s', 'gyro_y rad/s', 'gyro_z rad/s']);
      expect(r.length / 50).toBeGreaterThanOrEqual(60);
      expect(r.length / 50).toBeLessThanOrEqual(150);
      for (let c = 0; c < 6; c++) expect(sink.channel(sink.recordings.indexOf(r), c).every(Number.isFinite)).toBe(true);
      total += r.length / 50;
    }
    expect(total).toBeGreaterThan(4 * 60);
  });

  it('labels 80–95 % of each recording with non-overlapping bouts of all four activities', async () => {
    const { sink } = await demo();
    const seen = new Set<string>();
    for (const r of sink.recordings) {
      const segs = [...r.segments].sort((a, b) => a.start - b.start);
      let covered = 0;
      segs.forEach((s, i) => {
        expect(['rest', 'walk', 'run', 'jump']).toContain(s.label);
        expect(s.start).toBeGreaterThanOrEqual(i === 0 ? 0 : segs[i - 1].end + 1);
        expect(s.end).toBeLessThanOrEqual(r.length);
        covered += s.end - s.start;
        seen.add(s.label);
      });
      expect(covered / r.length).toBeGreaterThan(0.8);
      expect(covered / r.length).toBeLessThan(0.95);
    }
    expect([...seen].sort()).toEqual(['jump', 'rest', 'run', 'walk']);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await demo(7);
    const b = await demo(7);
    const c = await demo(8);
    expect(a.summary).toEqual(b.summary);
    expect(Array.from(a.sink.channel(2, 2))).toEqual(Array.from(b.sink.channel(2, 2)));
    expect(a.summary).not.toEqual(c.summary);
  });

  it('makes activities separable by simple |acc| features (2 s windows)', async () => {
    const { sink } = await demo();
    const rows: Array<{ label: string; f: [number, number] }> = [];
    sink.recordings.forEach((r, ri) => {
      for (const s of r.segments) for (let w = s.start; w + 100 <= s.end; w += 100) rows.push({ label: s.label, f: features(sink, ri, w, w + 100) });
    });
    // The per-window std of |acc| alone separates the classes: rest < walk < run < jump, ranges disjoint.
    const ranges = ['rest', 'walk', 'run', 'jump'].map((l) => {
      const xs = rows.filter((x) => x.label === l).map((x) => x.f[0]);
      expect(xs.length, l).toBeGreaterThan(10);
      return [Math.min(...xs), Math.max(...xs)];
    });
    for (let k = 1; k < ranges.length; k++) expect(ranges[k - 1][1]).toBeLessThan(ranges[k][0]);
    // Walking and running bounce at their step frequency: ~2 and ~2.8 mean crossings per s of |acc| → 4–7 per s.
    const walkRate = rows.filter((x) => x.label === 'walk').map((x) => x.f[1]);
    expect(Math.min(...walkRate)).toBeGreaterThan(2.5);
  });
});
