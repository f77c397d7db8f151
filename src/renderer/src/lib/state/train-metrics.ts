// Helpers for the metrics panel and the confusion matrix (pure).
import type { z } from 'zod';
import type { EvalMetrics, Misclassified } from '../../../../shared/api/ml';

export type MisclassifiedWindow = z.infer<typeof Misclassified>;

export interface Cell {
  trueIndex: number;
  predIndex: number;
  count: number;
  /** Share of the true class's windows (row-normalised), 0..1. */
  share: number;
  diagonal: boolean;
}

/** Rows of cells, row-normalised for shading. */
export function confusionCells(m: Pick<EvalMetrics, 'confusion'>): Cell[][] {
  return m.confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, p) => ({ trueIndex: t, predIndex: p, count, share: total ? count / total : 0, diagonal: t === p }));
  });
}

/** True when every window was classified right (no off-diagonal count). */
export function isPerfect(m: Pick<EvalMetrics, 'confusion'>): boolean {
  return m.confusion.every((row, t) => row.every((c, p) => t === p || c === 0));
}

/** The misclassified windows behind one off-diagonal cell (from the possibly capped list). */
export function windowsOfCell(m: Pick<EvalMetrics, 'classes' | 'misclassified'>, trueIndex: number, predIndex: number): MisclassifiedWindow[] {
  const t = m.classes[trueIndex];
  const p = m.classes[predIndex];
  return m.misclassified.filter((w) => w.true === t && w.predicted === p).sort((a, b) => b.confidence - a.confidence);
}

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function fixed(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** Seconds of a sample index at a rate, for the misclassified list. */
export function sampleTime(sample: number, sampleRate: number): string {
  if (!(sampleRate > 0)) return String(sample);
  const s = sample / sampleRate;
  if (s < 60) return `${s.toFixed(2)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** Background of a confusion cell: the accent for the diagonal, the danger colour off it. */
export function cellStyle(c: Cell): string {
  if (c.count === 0) return '';
  const alpha = (0.12 + 0.75 * c.share).toFixed(2);
  const colour = c.diagonal ? '37, 99, 235' : '192, 57, 43';
  return `background: rgba(${colour}, ${alpha})`;
}
