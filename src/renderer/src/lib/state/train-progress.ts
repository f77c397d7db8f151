// Turns a training job's progress events into curves and a progress line (pure). The trainer reports
// phase 'batch' after every batch and phase 'epoch' after every epoch (see TrainProgress in
// src/main/core/ml/worker-protocol.ts); job events are throttled with the latest value winning, so an
// epoch event can be overtaken by the next batch. Every event also carries `lastEpoch`, the last
// finished epoch with its validation numbers, which the tracker records; without it, it keeps the
// epoch's last batch (its running mean = the epoch's training loss) without validation numbers. The
// job's result brings the full history at the end.
import type { JobInfo } from '../../../../shared/domain';

export interface EpochPoint {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
}

export interface BatchStatus {
  phase: 'batch' | 'epoch';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number | null;
  accuracy: number | null;
  samplesPerS: number | null;
  etaS: number | null;
  backend: string | null;
  device: string | null;
  message: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Reads the trainer's numbers from a job's progress.extra; null when the job has not trained yet. */
export function readBatchStatus(job: Pick<JobInfo, 'progress'>): BatchStatus | null {
  const x = job.progress.extra ?? {};
  const epoch = num(x.epoch);
  if (epoch === null) return null;
  return {
    phase: x.phase === 'epoch' ? 'epoch' : 'batch',
    epoch,
    epochs: num(x.epochs) ?? epoch,
    batch: num(x.batch) ?? 0,
    batches: num(x.batches) ?? 0,
    loss: num(x.loss),
    accuracy: num(x.accuracy),
    samplesPerS: num(x.samplesPerS),
    etaS: num(x.etaS) ?? num(x.eta),
    backend: str(x.backend),
    device: str(x.device),
    message: job.progress.message ?? null
  };
}

/** One epoch record ({epoch, loss, accuracy, valLoss, valAccuracy}); null when it is not one. */
function readPoint(v: unknown): EpochPoint | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const epoch = num(r.epoch);
  const loss = num(r.loss);
  const accuracy = num(r.accuracy);
  if (epoch === null || loss === null || accuracy === null) return null;
  return { epoch, loss, accuracy, valLoss: num(r.valLoss), valAccuracy: num(r.valAccuracy) };
}

function sameValues(a: EpochPoint | undefined, b: EpochPoint): boolean {
  return !!a && a.loss === b.loss && a.accuracy === b.accuracy && a.valLoss === b.valLoss && a.valAccuracy === b.valAccuracy;
}

function readHistory(v: unknown): EpochPoint[] | null {
  if (!Array.isArray(v)) return null;
  const out: EpochPoint[] = [];
  for (const r of v as unknown[]) {
    const p = readPoint(r);
    if (p) out.push(p);
  }
  return out;
}

/** Per-epoch points of one training job, fed with every job event of that job. */
export class EpochTracker {
  private points = new Map<number, EpochPoint>();
  private lastBatch: BatchStatus | null = null;
  private final = false;

  /** Feeds one job event; returns true when the curves changed. */
  update(job: Pick<JobInfo, 'progress' | 'result' | 'state'>): boolean {
    if (job.state === 'done') {
      const result = job.result as { metrics?: { history?: unknown } } | undefined;
      const history = readHistory(result?.metrics?.history);
      if (history) return this.replace(history, true);
    }
    if (this.final) return false;
    const history = readHistory(job.progress.extra?.history);
    if (history && history.length) return this.replace(history, false);
    const s = readBatchStatus(job);
    if (!s) return false;
    let changed = false;
    const last = readPoint(job.progress.extra?.lastEpoch);
    if (last && !sameValues(this.points.get(last.epoch), last)) {
      this.points.set(last.epoch, last);
      changed = true;
    }
    const prev = this.lastBatch;
    if (prev && s.epoch > prev.epoch && !this.points.has(prev.epoch)) changed = this.fillFrom(prev) || changed;
    if (s.phase === 'epoch' && s.loss !== null && s.accuracy !== null) {
      const x = job.progress.extra ?? {};
      this.points.set(s.epoch, { epoch: s.epoch, loss: s.loss, accuracy: s.accuracy, valLoss: num(x.valLoss), valAccuracy: num(x.valAccuracy) });
      changed = true;
    }
    this.lastBatch = s;
    return changed;
  }

  /** A finished epoch whose epoch event was overtaken: its last batch without validation numbers. */
  private fillFrom(s: BatchStatus): boolean {
    if (s.loss === null || s.accuracy === null || s.batch < s.batches) return false;
    this.points.set(s.epoch, { epoch: s.epoch, loss: s.loss, accuracy: s.accuracy, valLoss: null, valAccuracy: null });
    return true;
  }

  /** Takes a full history; true when it differs from the points held (every event carries one). */
  private replace(history: EpochPoint[], final: boolean): boolean {
    const changed = final !== this.final || history.length !== this.points.size || history.some((p) => !sameValues(this.points.get(p.epoch), p));
    this.points = new Map(history.map((p) => [p.epoch, p]));
    this.final = final;
    return changed;
  }

  get epochs(): EpochPoint[] {
    return [...this.points.values()].sort((a, b) => a.epoch - b.epoch);
  }

  get complete(): boolean {
    return this.final;
  }
}

/** uPlot data: x = epochs, then train and validation series (null where unknown). */
export function curveData(points: EpochPoint[], what: 'loss' | 'accuracy'): [number[], (number | null)[], (number | null)[]] {
  const xs = points.map((p) => p.epoch);
  const train = points.map((p) => (what === 'loss' ? p.loss : p.accuracy));
  const val = points.map((p) => (what === 'loss' ? p.valLoss : p.valAccuracy));
  return [xs, train, val];
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Fraction of the whole run done, from epoch and batch (0..1). */
export function runFraction(s: BatchStatus): number {
  if (s.epochs <= 0) return 0;
  const inEpoch = s.batches > 0 ? s.batch / s.batches : s.phase === 'epoch' ? 1 : 0;
  return Math.min(1, Math.max(0, (s.epoch - 1 + inEpoch) / s.epochs));
}
