import { describe, expect, it } from 'vitest';
import type { View } from '../../src/shared/domain';
import { ViewLoader, type ViewRequest, toPlotData } from '../../src/renderer/src/lib/state/viewer-loader';

const TOTAL = 1_000_000;

/** A fake server: answers each request when told, like the store would (envelope or raw). */
function fakeServer() {
  const queue: Array<{ req: ViewRequest; resolve: (v: View) => void; reject: (e: Error) => void }> = [];
  const fetchView = (req: ViewRequest) =>
    new Promise<View>((resolve, reject) => {
      queue.push({ req, resolve, reject });
    });
  const answer = (i = 0) => {
    const { req, resolve } = queue.splice(i, 1)[0];
    const n = req.endSample - req.startSample;
    const raw = n <= req.maxPoints;
    const step = raw ? 1 : Math.floor(n / req.maxPoints);
    const start = raw ? req.startSample : Math.floor(req.startSample / step) * step;
    const count = Math.ceil((req.endSample - start) / step);
    const vals = Array.from({ length: count }, (_, k) => k);
    resolve({
      recordingId: 1,
      kind: raw ? 'raw' : 'envelope',
      startSample: start,
      step,
      count,
      sampleRate: 100,
      series: req.channels.map((c) => (raw ? { channel: c, values: vals } : { channel: c, min: vals, max: vals }))
    });
  };
  return { queue, fetchView, answer };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ViewLoader', () => {
  it('fetches the window plus margins and then holds still while comfortable', async () => {
    const srv = fakeServer();
    let changes = 0;
    const l = new ViewLoader(srv.fetchView, () => changes++);
    l.reset(TOTAL, [0, 1]);
    const w = { start: 100_000, end: 200_000 };
    l.ensure(w, 1000);
    expect(srv.queue).toHaveLength(1);
    expect(srv.queue[0].req).toMatchObject({ startSample: 50_000, endSample: 250_000, maxPoints: 2000, channels: [0, 1] });
    srv.answer();
    await tick();
    expect(changes).toBe(1);
    expect(l.complete(w, 1000)).toBe(true);
    l.ensure({ start: 110_000, end: 210_000 }, 1000); // small pan: still comfortable
    expect(srv.queue).toHaveLength(0);
  });

  it('keeps one request in flight and coalesces newer needs into one follow-up', async () => {
    const srv = fakeServer();
    const l = new ViewLoader(srv.fetchView, () => undefined);
    l.reset(TOTAL, [0]);
    l.ensure({ start: 0, end: 100_000 }, 1000);
    l.ensure({ start: 500_000, end: 600_000 }, 1000);
    l.ensure({ start: 800_000, end: 900_000 }, 1000);
    expect(srv.queue).toHaveLength(1);
    srv.answer(); // answer for 0..150k is superseded and off screen: dropped
    await tick();
    expect(l.stats.dropped).toBe(1);
    expect(l.current).toBeNull();
    expect(srv.queue).toHaveLength(1);
    expect(srv.queue[0].req.startSample).toBe(750_000);
    srv.answer();
    await tick();
    expect(l.complete({ start: 800_000, end: 900_000 }, 1000)).toBe(true);
  });

  it('drops answers for an older generation (another channel set)', async () => {
    const srv = fakeServer();
    const l = new ViewLoader(srv.fetchView, () => undefined);
    l.reset(TOTAL, [0]);
    l.ensure({ start: 0, end: 100_000 }, 1000);
    l.reset(TOTAL, [1]);
    l.ensure({ start: 0, end: 100_000 }, 1000);
    expect(srv.queue).toHaveLength(2);
    srv.answer(1);
    await tick();
    srv.answer(0);
    await tick();
    expect(l.stats.dropped).toBe(1);
    expect(l.current?.channels).toEqual([1]);
  });

  it('does not repeat a failing request until the window changes', async () => {
    const srv = fakeServer();
    let changes = 0;
    const l = new ViewLoader(srv.fetchView, () => changes++);
    l.reset(TOTAL, [0]);
    const w = { start: 0, end: 100_000 };
    l.ensure(w, 1000);
    srv.queue.shift()!.reject(new Error('boom'));
    await tick();
    expect(l.error).toBe('boom');
    l.ensure(w, 1000);
    expect(srv.queue).toHaveLength(0);
    l.ensure({ start: 300_000, end: 400_000 }, 1000);
    expect(srv.queue).toHaveLength(1);
  });

  it('turns a view into plot arrays with bucket-centre times', () => {
    const d = toPlotData(
      { recordingId: 1, kind: 'envelope', startSample: 100, step: 10, count: 3, sampleRate: 10, series: [{ channel: 2, min: [1, null, 3], max: [2, null, 4] }] },
      125
    );
    expect(Array.from(d.x)).toEqual([10.45, 11.45, 12.45]);
    expect(d.to).toBe(125);
    expect(d.mins[0]).toEqual([1, null, 3]);
    const raw = toPlotData({ recordingId: 1, kind: 'raw', startSample: 5, step: 1, count: 2, sampleRate: 1, series: [{ channel: 0, values: [7, 8] }] }, 10);
    expect(raw.mins[0]).toBe(raw.maxs[0]);
    expect(Array.from(raw.x)).toEqual([5, 6]);
  });
});
