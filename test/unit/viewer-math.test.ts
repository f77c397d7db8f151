import { describe, expect, it } from 'vitest';
import {
  centreOn,
  clampWindow,
  fitAll,
  isComfortable,
  isComplete,
  limitsFor,
  pan,
  pxOfSample,
  reveal,
  sampleAtPx,
  span,
  toEnd,
  toStart,
  viewNeed,
  wheelFactor,
  zoom,
  zoomAt
} from '../../src/renderer/src/lib/state/viewer-math';

const lim = limitsFor(1_000_000);

describe('viewer window math', () => {
  it('clamps the window inside the recording and above the minimum span', () => {
    expect(clampWindow({ start: -50, end: 50 }, lim)).toEqual({ start: 0, end: 100 });
    expect(clampWindow({ start: 999_990, end: 1_000_090 }, lim)).toEqual({ start: 999_900, end: 1_000_000 });
    expect(span(clampWindow({ start: 10, end: 11 }, lim))).toBe(lim.minSpan);
    expect(clampWindow({ start: -5, end: 5e9 }, lim)).toEqual({ start: 0, end: 1_000_000 });
  });

  it('zooms around an anchor that stays put on screen', () => {
    const w = { start: 1000, end: 2000 };
    const z = zoomAt(w, 2, 1250, lim);
    expect(span(z)).toBe(500);
    expect((1250 - z.start) / span(z)).toBeCloseTo(0.25);
    const back = zoomAt(z, 0.5, 1250, lim);
    expect(back.start).toBeCloseTo(1000);
    expect(back.end).toBeCloseTo(2000);
  });

  it('never zooms past the minimum span or the whole recording', () => {
    let w = fitAll(lim);
    for (let i = 0; i < 100; i++) w = zoom(w, 2, lim);
    expect(span(w)).toBe(lim.minSpan);
    for (let i = 0; i < 100; i++) w = zoom(w, 0.5, lim);
    expect(w).toEqual({ start: 0, end: 1_000_000 });
  });

  it('pans by fractions of the span and stops at the ends', () => {
    const w = { start: 1000, end: 2000 };
    expect(pan(w, 0.1, lim)).toEqual({ start: 1100, end: 2100 });
    expect(pan(w, -5, lim)).toEqual({ start: 0, end: 1000 });
    expect(toStart(w, lim)).toEqual({ start: 0, end: 1000 });
    expect(toEnd(w, lim)).toEqual({ start: 999_000, end: 1_000_000 });
    expect(centreOn(w, 10, lim)).toEqual({ start: 0, end: 1000 });
  });

  it('reveals a segment: leaves the window when visible, centres or widens otherwise', () => {
    const w = { start: 1000, end: 2000 };
    expect(reveal(w, 1100, 1200, lim)).toBe(w);
    const c = reveal(w, 5000, 5100, lim);
    expect(c.start + span(c) / 2).toBeCloseTo(5050);
    const big = reveal(w, 10_000, 20_000, lim);
    expect(big.start).toBeLessThan(10_000);
    expect(big.end).toBeGreaterThan(20_000);
  });

  it('converts between pixels and samples', () => {
    const w = { start: 100, end: 300 };
    expect(sampleAtPx(w, 50, 100)).toBe(200);
    expect(pxOfSample(w, 200, 100)).toBe(50);
  });

  it('turns wheel deltas into zoom factors (down zooms out)', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0)).toBeLessThan(1);
    expect(wheelFactor(100, 0) * wheelFactor(-100, 0)).toBeCloseTo(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0));
  });
});

describe('what to fetch and when the held data is enough', () => {
  const total = 12_500_000;
  it('asks for the window plus margins at about one point per pixel', () => {
    const need = viewNeed({ start: 1_000_000, end: 2_000_000 }, 1000, total);
    expect(need.startSample).toBe(500_000);
    expect(need.endSample).toBe(2_500_000);
    expect(need.maxPoints).toBe(2000);
  });

  it('clamps the request to the recording', () => {
    const need = viewNeed({ start: 0, end: total }, 1200, total);
    expect(need).toEqual({ startSample: 0, endSample: total, maxPoints: 1200 });
  });

  it('is complete only when the data covers the window at ≥ 0.5 points per pixel', () => {
    const w = { start: 1000, end: 2000 };
    expect(isComplete({ from: 0, to: 3000, step: 1 }, w, 1000, total)).toBe(true);
    expect(isComplete({ from: 1500, to: 3000, step: 1 }, w, 1000, total)).toBe(false);
    expect(isComplete({ from: 0, to: 3000, step: 2 }, w, 1000, total)).toBe(true); // 0.5 pt/px
    expect(isComplete({ from: 0, to: 3000, step: 4 }, w, 1000, total)).toBe(false);
    expect(isComplete(null, w, 1000, total)).toBe(false);
  });

  it('is comfortable with margin left and about a point per pixel; not when too coarse, too fine or near an edge', () => {
    const w = { start: 1_000_000, end: 2_000_000 };
    expect(isComfortable({ from: 500_000, to: 2_500_000, step: 512 }, w, 1000, total)).toBe(true);
    expect(isComfortable({ from: 500_000, to: 2_500_000, step: 1500 }, w, 1000, total)).toBe(false);
    expect(isComfortable({ from: 500_000, to: 2_500_000, step: 64 }, w, 1000, total)).toBe(false);
    expect(isComfortable({ from: 950_000, to: 2_500_000, step: 512 }, w, 1000, total)).toBe(false);
    // At the start of the recording no left margin is needed.
    expect(isComfortable({ from: 0, to: 1_500_000, step: 512 }, { start: 0, end: 1_000_000 }, 1000, total)).toBe(true);
  });
});
