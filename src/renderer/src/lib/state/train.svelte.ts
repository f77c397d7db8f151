// The Train view's state: the form, the debounced class-count preview, the running training job
// (curves, progress) and the metrics panel. One instance for the app's lifetime, so a training run
// keeps being followed while another view is open.
import { SvelteSet } from 'svelte/reactivity';
import type { EvalMetrics, TrainPreview, TrainResult } from '../../../../shared/api/ml';
import type { JobInfo, Recording } from '../../../../shared/domain';
import { api } from '../api';
import { app } from './app.svelte';
import { errorText, mlCall } from './train-api';
import { buildDataOptions, buildStartInput, defaultFormValues, type TrainFormValues } from './train-options';
import { type BatchStatus, type EpochPoint, EpochTracker, readBatchStatus } from './train-progress';

export interface ShownMetrics {
  title: string;
  /** null: the run had no validation windows. */
  metrics: EvalMetrics | null;
  note?: string;
}

const PREVIEW_DELAY_MS = 350;

export class TrainState {
  form = $state<TrainFormValues>(defaultFormValues());
  recordings = $state<Recording[]>([]);
  tags = $state<Array<{ tag: string; count: number }>>([]);
  loadError = $state<string | null>(null);

  preview = $state<TrainPreview | null>(null);
  previewError = $state<string | null>(null);
  previewing = $state(false);

  jobId = $state<string | null>(null);
  private starting = $state(false);
  startError = $state<string | null>(null);
  points = $state<EpochPoint[]>([]);
  status = $state<BatchStatus | null>(null);
  result = $state<TrainResult | null>(null);
  shown = $state<ShownMetrics | null>(null);

  readonly dataOptions = $derived(buildDataOptions(this.form));
  readonly startInput = $derived(buildStartInput(this.form));
  /** Recordings the current selection trains and validates on. */
  readonly selected = $derived(this.selectedRecordings());

  private tracker = new EpochTracker();
  private disconnect: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private previewSeq = 0;
  private previewKey = '';
  /** Called when a training job finishes with a model (the models list reloads). */
  onTrained: ((r: TrainResult) => void) | null = null;

  get job(): JobInfo | null {
    return this.jobId ? (app.jobs.find((j) => j.id === this.jobId) ?? null) : null;
  }

  /** From the Start click until the job ends (also before its first event arrives: no double start). */
  get running(): boolean {
    if (this.starting) return true;
    if (this.jobId === null) return false;
    const job = this.job;
    return job === null || job.state === 'running';
  }

  connect(): void {
    this.disconnect ??= api.on('job', (j) => this.onJob(j));
  }

  async load(): Promise<void> {
    try {
      [this.recordings, this.tags] = await Promise.all([api.call('recordings.list', {}), api.call('recordings.tags', {})]);
      const ids = new SvelteSet(this.recordings.map((r) => r.id));
      this.form.recordingIds = this.form.recordingIds.filter((id) => ids.has(id));
      this.loadError = null;
    } catch (err) {
      this.loadError = errorText(err);
    }
    this.previewKey = ''; // labels may have changed meanwhile
  }

  private selectedRecordings(): Recording[] {
    const f = this.form;
    if (f.source === 'recordings') return this.recordings.filter((r) => f.recordingIds.includes(r.id));
    if (f.tags.length === 0) return [];
    return this.recordings.filter((r) => f.tags.every((t) => r.tags.includes(t)));
  }

  toggleRecording(id: number, on: boolean): void {
    const ids = this.form.recordingIds.filter((x) => x !== id);
    this.form.recordingIds = on ? [...ids, id] : ids;
  }

  toggleTag(tag: string, on: boolean): void {
    const tags = this.form.tags.filter((t) => t !== tag);
    this.form.tags = on ? [...tags, tag] : tags;
  }

  /** Asks train.preview for the current options after a pause; stale answers are dropped. */
  schedulePreview(delay = PREVIEW_DELAY_MS): void {
    const built = this.dataOptions;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!built.ok) {
      this.previewSeq++;
      this.previewKey = '';
      this.preview = null;
      this.previewing = false;
      this.previewError = built.errors.join(' ');
      return;
    }
    const key = JSON.stringify(built.input);
    if (key === this.previewKey) return;
    this.timer = setTimeout(() => void this.fetchPreview(key), delay);
  }

  refreshPreview(): void {
    this.previewKey = '';
    this.schedulePreview(0);
  }

  private async fetchPreview(key: string): Promise<void> {
    const built = this.dataOptions;
    if (!built.ok) return;
    const seq = ++this.previewSeq;
    this.previewKey = key;
    this.previewing = true;
    try {
      const p = await mlCall('train.preview', built.input);
      if (seq !== this.previewSeq) return;
      this.preview = p;
      this.previewError = null;
    } catch (err) {
      if (seq !== this.previewSeq) return;
      this.preview = null;
      this.previewError = errorText(err);
      this.previewKey = '';
    } finally {
      if (seq === this.previewSeq) this.previewing = false;
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    const built = this.startInput;
    if (!built.ok) {
      this.startError = built.errors.join(' ');
      return;
    }
    this.startError = null;
    this.tracker = new EpochTracker();
    this.points = [];
    this.status = null;
    this.result = null;
    this.shown = null;
    this.starting = true;
    try {
      const { jobId } = await mlCall('train.start', built.input);
      this.jobId = jobId;
      const seen = app.jobs.find((j) => j.id === jobId);
      if (seen) this.onJob(seen);
    } catch (err) {
      this.startError = errorText(err);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId || this.starting) return;
    try {
      await api.call('jobs.cancel', { id: this.jobId });
    } catch (err) {
      this.startError = errorText(err);
    }
  }

  show(shown: ShownMetrics | null): void {
    this.shown = shown;
  }

  private onJob(job: JobInfo): void {
    if (job.id !== this.jobId) return;
    if (this.tracker.update(job)) this.points = this.tracker.epochs;
    this.status = readBatchStatus(job) ?? this.status;
    if (job.state === 'done' && !this.result) {
      const r = job.result as TrainResult;
      this.result = r;
      this.shown = {
        title: `Validation of ${r.model.name}`,
        metrics: r.metrics.validation,
        note: r.metrics.validation ? undefined : 'No validation windows: choose a validation split or tag, or evaluate the model on other recordings below.'
      };
      this.onTrained?.(r);
    } else if (job.state === 'failed') {
      this.startError = job.error?.message ?? 'training failed';
    }
  }
}

export const train = new TrainState();
