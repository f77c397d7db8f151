import { describe, expect, it } from 'vitest';
import type { Segment } from '../../src/shared/domain';
import {
  findByBounds,
  hitTest,
  neighbourSegment,
  planCreate,
  planResize,
  remapDrafts,
  resolveId,
  spanStyle,
  toDrafts,
  visibleSegments
} from '../../src/renderer/src/lib/state/viewer-segments';

function seg(id: number, startSample: number, endSample: number, labelId = 1, predicted = false): Segment {
  return { id, recordingId: 1, startSample, endSample, labelId, predicted, confidence: predicted ? 0.8 : null };
}

const segs = [seg(1, 100, 200), seg(2, 300, 400, 2), seg(3, 400, 600, 1, true), seg(4, 900, 1000)];

describe('segment planning', () => {
  it('finds segments overlapping the window with a binary search', () => {
    expect(visibleSegments(segs, { start: 150, end: 350 }).map((s) => s.id)).toEqual([1, 2]);
    expect(visibleSegments(segs, { start: 200, end: 300 })).toEqual([]);
    expect(visibleSegments(segs, { start: 0, end: 2000 }).length).toBe(4);
    expect(visibleSegments(segs, { start: 999, end: 2000 }).map((s) => s.id)).toEqual([4]);
  });

  it('hit-tests edges within a tolerance, else bodies', () => {
    const w = { start: 0, end: 1000 }; // 1 px per sample at width 1000
    expect(hitTest(103, segs, w, 1000)).toEqual({ kind: 'edge', id: 1, side: 'start' });
    expect(hitTest(197, segs, w, 1000)).toEqual({ kind: 'edge', id: 1, side: 'end' });
    expect(hitTest(150, segs, w, 1000)).toEqual({ kind: 'segment', id: 1 });
    expect(hitTest(250, segs, w, 1000)).toEqual({ kind: 'none' });
    // Where two segments touch, the selected one's edge wins.
    expect(hitTest(400, segs, w, 1000, 6, 3)).toEqual({ kind: 'edge', id: 3, side: 'start' });
    expect(hitTest(400, segs, w, 1000, 6, 2)).toEqual({ kind: 'edge', id: 2, side: 'end' });
  });

  it('plans a created segment in whole samples, whichever way the drag went', () => {
    expect(planCreate(10.4, 20.6, 100)).toEqual({ startSample: 10, endSample: 21 });
    expect(planCreate(20.6, 10.4, 100)).toEqual({ startSample: 10, endSample: 21 });
    expect(planCreate(-5, 500, 100)).toEqual({ startSample: 0, endSample: 100 });
    expect(planCreate(10.2, 10.4, 100)).toBeNull();
  });

  it('plans a resize that snaps to samples and keeps at least one sample', () => {
    const s = { startSample: 100, endSample: 200 };
    expect(planResize(s, 'start', 49.6, 1000)).toEqual({ startSample: 50, endSample: 200 });
    expect(planResize(s, 'start', 500, 1000)).toEqual({ startSample: 199, endSample: 200 });
    expect(planResize(s, 'end', 50, 1000)).toEqual({ startSample: 100, endSample: 101 });
    expect(planResize(s, 'end', 5000, 1000)).toEqual({ startSample: 100, endSample: 1000 });
    expect(planResize(s, 'start', -20, 1000)).toEqual({ startSample: 0, endSample: 200 });
  });

  it('moves between segments with Tab / Shift+Tab', () => {
    expect(neighbourSegment(segs, 2, 0, 1)?.id).toBe(3);
    expect(neighbourSegment(segs, 2, 0, -1)?.id).toBe(1);
    expect(neighbourSegment(segs, 4, 0, 1)).toBeNull();
    expect(neighbourSegment(segs, null, 250, 1)?.id).toBe(2);
    expect(neighbourSegment(segs, null, 650, -1)?.id).toBe(3);
    expect(neighbourSegment([], null, 0, 1)).toBeNull();
  });

  it('snapshots segments for replace and remaps recreated label ids', () => {
    const drafts = toDrafts(segs);
    expect(drafts[2]).toEqual({ startSample: 400, endSample: 600, labelId: 1, predicted: true, confidence: 0.8 });
    const remap = new Map([
      [1, 7],
      [7, 9]
    ]);
    expect(resolveId(remap, 1)).toBe(9);
    expect(resolveId(remap, 2)).toBe(2);
    expect(remapDrafts(drafts, remap).map((d) => d.labelId)).toEqual([9, 2, 9, 9]);
  });

  it('finds the segment the store made from the bounds we asked for', () => {
    expect(findByBounds(segs, 300, 400)?.id).toBe(2);
    expect(findByBounds(segs, 380, 590)?.id).toBe(3);
    expect(findByBounds(segs, 700, 800)).toBeNull();
  });

  it('positions spans as clipped percentages', () => {
    expect(spanStyle(250, 500, { start: 0, end: 1000 })).toEqual({ left: 25, width: 25 });
    const far = spanStyle(-1e9, 1e9, { start: 0, end: 1000 });
    expect(far).toEqual({ left: -1, width: 102 });
  });
});
