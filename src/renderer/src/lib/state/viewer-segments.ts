// Pure segment-edit planning for the viewer: what a pointer hits, which bounds a drag or an edge
// move produces (snapped to whole samples), Tab navigation, and snapshots for undo.
import type { Segment } from '../../../../shared/domain';
import { type Win, pxOfSample } from './viewer-math';

/** A predicted span for the prediction track (fed later from batch classification). */
export interface PredictedSpan {
  startSample: number;
  /** Exclusive. */
  endSample: number;
  /** Class name (coloured with the matching label class, if any). */
  label: string;
  confidence: number | null;
}

/** A segment as segments.replace takes it (no id, no recording). */
export interface SegmentDraft {
  startSample: number;
  endSample: number;
  labelId: number;
  predicted: boolean;
  confidence: number | null;
}

export type Hit =
  | { kind: 'edge'; id: number; side: 'start' | 'end' }
  | { kind: 'segment'; id: number }
  | { kind: 'none' };

/** Segments overlapping [w.start, w.end), assuming `segs` sorted by start (as the store returns). */
export function visibleSegments<T extends { startSample: number; endSample: number }>(segs: readonly T[], w: Win): T[] {
  let lo = 0;
  let hi = segs.length;
  // First segment ending after the window start: segments never overlap, so ends are sorted too.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].endSample <= w.start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < segs.length && segs[i].startSample < w.end; i++) out.push(segs[i]);
  return out;
}

/**
 * What is under x (pixels from the plot's left): an edge within `tol` pixels (the selected
 * segment's edges win ties), else the segment body, else nothing.
 */
export function hitTest(
  x: number,
  segs: readonly Segment[],
  w: Win,
  width: number,
  tol = 6,
  selectedId: number | null = null
): Hit {
  const vis = visibleSegments(segs, w);
  let best: { id: number; side: 'start' | 'end'; d: number } | null = null;
  for (const s of vis) {
    for (const side of ['start', 'end'] as const) {
      const px = pxOfSample(w, side === 'start' ? s.startSample : s.endSample, width);
      const d = Math.abs(px - x) - (s.id === selectedId ? 0.5 : 0);
      if (d <= tol && (!best || d < best.d)) best = { id: s.id, side, d };
    }
  }
  if (best) return { kind: 'edge', id: best.id, side: best.side };
  for (const s of vis) {
    const a = pxOfSample(w, s.startSample, width);
    const b = pxOfSample(w, s.endSample, width);
    if (x >= a && x < b) return { kind: 'segment', id: s.id };
  }
  return { kind: 'none' };
}

/** Whole-sample bounds for a drag from sample a to sample b (either direction), or null if empty. */
export function planCreate(a: number, b: number, total: number): { startSample: number; endSample: number } | null {
  const startSample = Math.max(0, Math.min(total, Math.round(Math.min(a, b))));
  const endSample = Math.max(0, Math.min(total, Math.round(Math.max(a, b))));
  return endSample > startSample ? { startSample, endSample } : null;
}

/** New bounds when one edge of `seg` is dragged to `sample`; keeps at least one sample. */
export function planResize(
  seg: { startSample: number; endSample: number },
  side: 'start' | 'end',
  sample: number,
  total: number
): { startSample: number; endSample: number } {
  const s = Math.round(sample);
  if (side === 'start') return { startSample: Math.max(0, Math.min(s, seg.endSample - 1)), endSample: seg.endSample };
  return { startSample: seg.startSample, endSample: Math.min(total, Math.max(s, seg.startSample + 1)) };
}

/**
 * Tab / Shift+Tab: the segment after (dir 1) or before (dir -1) the selected one; with nothing
 * selected, the first segment starting at/after `fromSample` (or the last before it).
 */
export function neighbourSegment(
  segs: readonly Segment[],
  selectedId: number | null,
  fromSample: number,
  dir: 1 | -1
): Segment | null {
  if (segs.length === 0) return null;
  const i = selectedId === null ? -1 : segs.findIndex((s) => s.id === selectedId);
  if (i >= 0) return segs[i + dir] ?? null;
  if (dir === 1) return segs.find((s) => s.startSample >= fromSample) ?? null;
  for (let k = segs.length - 1; k >= 0; k--) if (segs[k].startSample < fromSample) return segs[k];
  return null;
}

export function toDrafts(segs: readonly Segment[]): SegmentDraft[] {
  return segs.map((s) => ({
    startSample: s.startSample,
    endSample: s.endSample,
    labelId: s.labelId,
    predicted: s.predicted,
    confidence: s.confidence
  }));
}

/** Follows a chain of label-id replacements (a class deleted by undo and recreated by redo). */
export function resolveId(remap: ReadonlyMap<number, number>, id: number): number {
  let cur = id;
  for (let i = 0; i < 100 && remap.has(cur); i++) cur = remap.get(cur)!;
  return cur;
}

export function remapDrafts(drafts: readonly SegmentDraft[], remap: ReadonlyMap<number, number>): SegmentDraft[] {
  return drafts.map((d) => ({ ...d, labelId: resolveId(remap, d.labelId) }));
}

/** After the store returned a new list, the segment that best matches the bounds we asked for. */
export function findByBounds(segs: readonly Segment[], startSample: number, endSample: number): Segment | null {
  let best: Segment | null = null;
  let bestOverlap = 0;
  for (const s of segs) {
    if (s.startSample === startSample && s.endSample === endSample) return s;
    const overlap = Math.min(s.endSample, endSample) - Math.max(s.startSample, startSample);
    if (overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** Position of a span inside the window as CSS percentages, clipped so huge values never reach the DOM. */
export function spanStyle(a: number, b: number, w: Win): { left: number; width: number } {
  const s = Math.max(1e-9, w.end - w.start);
  const l = Math.max(-1, Math.min(101, ((a - w.start) / s) * 100));
  const r = Math.max(-1, Math.min(101, ((b - w.start) / s) * 100));
  return { left: l, width: Math.max(0, r - l) };
}
