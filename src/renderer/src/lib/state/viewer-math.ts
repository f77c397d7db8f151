// Pure window math for the waveform viewer: the visible range is [start, end) in (fractional)
// samples; zoom and pan keep it inside the recording and above a minimum span.

export interface Win {
  start: number;
  end: number;
}

export interface Limits {
  /** Samples in the recording. */
  total: number;
  /** Narrowest window in samples. */
  minSpan: number;
}

export function limitsFor(total: number): Limits {
  return { total: Math.max(1, total), minSpan: Math.min(Math.max(1, total), 16) };
}

export function span(w: Win): number {
  return w.end - w.start;
}

/** Keeps the span within [minSpan, total] and the window inside [0, total]. */
export function clampWindow(w: Win, lim: Limits): Win {
  let s = Math.min(Math.max(span(w), lim.minSpan), lim.total);
  if (!Number.isFinite(s)) s = lim.total;
  let start = Number.isFinite(w.start) ? w.start : 0;
  if (start < 0) start = 0;
  if (start + s > lim.total) start = lim.total - s;
  return { start, end: start + s };
}

/** Zooms by `factor` (> 1 zooms in) keeping the sample under `anchor` where it is on screen. */
export function zoomAt(w: Win, factor: number, anchor: number, lim: Limits): Win {
  if (!(factor > 0)) return w;
  const s = span(w);
  const next = Math.min(Math.max(s / factor, lim.minSpan), lim.total);
  const a = Math.min(Math.max(anchor, w.start), w.end);
  const rel = s > 0 ? (a - w.start) / s : 0.5;
  return clampWindow({ start: a - rel * next, end: a - rel * next + next }, lim);
}

/** Zooms around the window's centre. */
export function zoom(w: Win, factor: number, lim: Limits): Win {
  return zoomAt(w, factor, (w.start + w.end) / 2, lim);
}

/** Pans by a fraction of the span (positive = later in time). */
export function pan(w: Win, fraction: number, lim: Limits): Win {
  const d = span(w) * fraction;
  return clampWindow({ start: w.start + d, end: w.end + d }, lim);
}

/** Pans by a number of samples. */
export function panBy(w: Win, samples: number, lim: Limits): Win {
  return clampWindow({ start: w.start + samples, end: w.end + samples }, lim);
}

export function fitAll(lim: Limits): Win {
  return { start: 0, end: lim.total };
}

export function centreOn(w: Win, sample: number, lim: Limits): Win {
  const s = span(w);
  return clampWindow({ start: sample - s / 2, end: sample + s / 2 }, lim);
}

export function toStart(w: Win, lim: Limits): Win {
  return clampWindow({ start: 0, end: span(w) }, lim);
}

export function toEnd(w: Win, lim: Limits): Win {
  return clampWindow({ start: lim.total - span(w), end: lim.total }, lim);
}

/** Shows [a, b) with some room around it, unless it is already fully visible. */
export function reveal(w: Win, a: number, b: number, lim: Limits): Win {
  if (a >= w.start && b <= w.end) return w;
  const len = Math.max(1, b - a);
  if (len <= span(w) * 0.9) return centreOn(w, (a + b) / 2, lim);
  const pad = len * 0.15;
  return clampWindow({ start: a - pad, end: b + pad }, lim);
}

/** The (fractional) sample under x pixels from the left of a plot `width` pixels wide. */
export function sampleAtPx(w: Win, x: number, width: number): number {
  return w.start + (x / Math.max(1, width)) * span(w);
}

export function pxOfSample(w: Win, sample: number, width: number): number {
  return ((sample - w.start) / Math.max(1e-9, span(w))) * width;
}

/** Zoom factor for a wheel event: smooth for trackpads, ~1.2× per mouse-wheel notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const clamped = Math.max(-300, Math.min(300, px));
  return Math.exp(-clamped * 0.0018);
}

export interface ViewNeed {
  startSample: number;
  endSample: number;
  maxPoints: number;
}

/** What the viewer holds: a range of samples at `step` samples per point. */
export interface Coverage {
  from: number;
  to: number;
  step: number;
}

export interface FetchPolicy {
  /** Extra room fetched on each side, as a fraction of the visible span. */
  margin: number;
  /** Below this many points per pixel the drawn data counts as too coarse (incomplete). */
  minPointsPerPx: number;
  /** Density asked for (points per pixel over the window and its margins). */
  fetchPointsPerPx: number;
  /** Held data outside [lo, hi] points per pixel is refreshed in the background (envelopes only above). */
  comfort: [number, number];
}

export const DEFAULT_POLICY: FetchPolicy = { margin: 0.5, minPointsPerPx: 0.5, fetchPointsPerPx: 1, comfort: [0.9, 4] };

/** The request for the visible window plus margins, at `fetchPointsPerPx` points per pixel. */
export function viewNeed(w: Win, widthPx: number, total: number, policy: FetchPolicy = DEFAULT_POLICY): ViewNeed {
  const s = span(w);
  const m = s * policy.margin;
  const startSample = Math.max(0, Math.floor(w.start - m));
  const endSample = Math.max(startSample + 1, Math.min(total, Math.ceil(w.end + m)));
  const px = Math.max(2, Math.round(widthPx * policy.fetchPointsPerPx));
  const maxPoints = Math.min(100_000, Math.max(2, Math.ceil((px * (endSample - startSample)) / Math.max(1, s))));
  return { startSample, endSample, maxPoints };
}

/** Points per pixel the coverage gives for the window (Infinity for raw samples). */
export function pointsPerPx(c: Coverage, w: Win, widthPx: number): number {
  if (c.step <= 1) return Infinity;
  return span(w) / c.step / Math.max(1, widthPx);
}

/** The held data covers the whole visible window at an acceptable resolution. */
export function isComplete(c: Coverage | null, w: Win, widthPx: number, total: number, policy: FetchPolicy = DEFAULT_POLICY): boolean {
  if (!c) return false;
  const lo = Math.max(0, Math.floor(w.start));
  const hi = Math.min(total, Math.ceil(w.end));
  if (c.from > lo || c.to < hi) return false;
  return pointsPerPx(c, w, widthPx) >= policy.minPointsPerPx;
}

/**
 * Whether the held data is good enough that no new request is worth sending: complete, at about a
 * point per pixel (policy.comfort), not wastefully fine, and with some margin left on sides that
 * have room.
 */
export function isComfortable(c: Coverage | null, w: Win, widthPx: number, total: number, policy: FetchPolicy = DEFAULT_POLICY): boolean {
  if (!c || !isComplete(c, w, widthPx, total, policy)) return false;
  const ppp = pointsPerPx(c, w, widthPx);
  if (ppp < policy.comfort[0]) return false;
  if (c.step > 1 && ppp > policy.comfort[1]) return false;
  const room = span(w) * policy.margin * 0.4;
  if (w.start - room > 0 && c.from > w.start - room) return false;
  if (w.end + room < total && c.to < w.end + room) return false;
  return true;
}
