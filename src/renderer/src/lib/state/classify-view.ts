// Pure helpers of the Classify view: the form → classify.start input (with readable errors), the job's
// progress readout, timeline positions of predicted segments, and formatting. No runes, unit-tested.
import type { ClassifiedItem, ClassifyInput, PredictedSegment } from '../../../../shared/api/classify';
import type { JobInfo } from '../../../../shared/domain';

export interface ClassifyForm {
  modelId: number | null;
  /** Paths on the machine running the core, one a line. */
  paths: string;
  recordingIds: number[];
  tags: string[];
  /** Text fields: empty = default. */
  stride: string;
  minConfidence: string;
  minDurationS: string;
  sampleRate: string;
  resample: boolean;
}

export function defaultForm(): ClassifyForm {
  return { modelId: null, paths: '', recordingIds: [], tags: [], stride: '', minConfidence: '', minDurationS: '', sampleRate: '', resample: false };
}

export type Built = { ok: true; input: StartInput } | { ok: false; errors: string[] };
/** What the view sends (defaults left to the contract). */
export type StartInput = Partial<ClassifyInput> & Pick<ClassifyInput, 'model'>;

export function splitPaths(text: string): string[] {
  return text.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
}

export function buildStart(f: ClassifyForm): Built {
  const errors: string[] = [];
  const num = (text: string, name: string, ok: (n: number) => boolean, hint: string): number | undefined => {
    if (!text.trim()) return undefined;
    const n = Number(text.trim());
    if (!Number.isFinite(n) || !ok(n)) {
      errors.push(`${name} ${hint} (got "${text.trim()}")`);
      return undefined;
    }
    return n;
  };
  const stride = num(f.stride, 'Stride', (n) => Number.isInteger(n) && n > 0, 'must be a whole number of samples > 0');
  const minConfidence = num(f.minConfidence, 'Minimum confidence', (n) => n >= 0 && n <= 1, 'must be between 0 and 1');
  const minDurationS = num(f.minDurationS, 'Minimum duration', (n) => n >= 0, 'must be seconds ≥ 0');
  const sampleRate = num(f.sampleRate, 'Sample rate', (n) => n > 0, 'must be Hz > 0');
  const paths = splitPaths(f.paths);
  if (f.modelId === null) errors.push('Choose a model.');
  if (paths.length + f.recordingIds.length + f.tags.length === 0) errors.push('Add files or folders, or pick library recordings or tags.');
  if (errors.length > 0 || f.modelId === null) return { ok: false, errors };
  return {
    ok: true,
    input: {
      model: f.modelId,
      paths,
      recordingIds: f.recordingIds,
      tags: f.tags,
      stride: stride ?? null,
      ...(minConfidence !== undefined ? { minConfidence } : {}),
      ...(minDurationS !== undefined ? { minDurationS } : {}),
      ...(sampleRate !== undefined ? { sampleRate } : {}),
      resample: f.resample
    }
  };
}

export interface Readout {
  filesDone: number;
  filesTotal: number;
  windowsPerS: number;
  etaS: number | null;
  /** 0..1 for the progress bar. */
  fraction: number;
  failed: number;
  message: string;
}

/** The classify job's progress as the view shows it. */
export function readProgress(job: JobInfo): Readout {
  const p = job.progress;
  const x = (p.extra ?? {}) as Record<string, unknown>;
  const n = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const total = n(p.total, 0);
  const fraction = job.state === 'done' ? 1 : Math.min(1, Math.max(0, n(x.fraction, total > 0 ? p.done / total : 0)));
  return {
    filesDone: p.done,
    filesTotal: total,
    windowsPerS: n(x.windowsPerS, 0),
    etaS: typeof x.etaS === 'number' && Number.isFinite(x.etaS) ? x.etaS : null,
    fraction,
    failed: n(x.failed, 0),
    message: p.message ?? ''
  };
}

export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '–';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);

/** Left and width (percent of the item's duration) of each segment on its timeline. */
export function timeline(item: Pick<ClassifiedItem, 'durationS' | 'segments'>): Array<{ seg: PredictedSegment; left: number; width: number }> {
  const d = item.durationS > 0 ? item.durationS : 1;
  return item.segments.map((seg) => ({
    seg,
    left: (100 * Math.max(0, seg.startS)) / d,
    width: (100 * Math.max(0, Math.min(d, seg.endS) - Math.max(0, seg.startS))) / d
  }));
}

const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#8c564b'];

/** A stable colour per class (model order); `unknown` is grey. */
export function classColor(label: string, classes: string[]): string {
  if (label === 'unknown') return '#9e9e9e';
  const i = classes.indexOf(label);
  return PALETTE[(i >= 0 ? i : classes.length) % PALETTE.length];
}

/** The viewer's prediction track from a result's segments. */
export function toPredictions(item: Pick<ClassifiedItem, 'segments'>): Array<{ startSample: number; endSample: number; label: string; confidence: number | null }> {
  return item.segments.map((s) => ({ startSample: s.startSample, endSample: s.endSample, label: s.label, confidence: s.confidence }));
}

/** Text file download in the browser (server mode) or Electron's renderer. */
export function downloadText(text: string, fileName: string): void {
  const type = fileName.endsWith('.json') ? 'application/json' : 'text/csv';
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
