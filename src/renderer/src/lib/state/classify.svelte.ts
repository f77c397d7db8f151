// The Classify view's state: the models to choose from, the inputs and options, the running job and
// its progress, the result, exports, model-assisted labelling (predictions → predicted labels) and the
// result opened in the viewer as a prediction track. One instance for the app's lifetime, so a batch
// keeps being followed while another view is open.
import type { ClassifiedItem, ClassifyResult, ExportFormat } from '../../../../shared/api/classify';
import type { ModelSummary } from '../../../../shared/api/ml';
import type { JobInfo, Recording } from '../../../../shared/domain';
import { api } from '../api';
import { app } from './app.svelte';
import { buildStart, defaultForm, downloadText, readProgress, toPredictions, type ClassifyForm, type Readout } from './classify-view';
import { errorText } from './train-api';

export interface OpenedResult {
  key: string;
  recordingId: number;
  name: string;
  predictions: ReturnType<typeof toPredictions>;
}

export class ClassifyState {
  form = $state<ClassifyForm>(defaultForm());
  models = $state<ModelSummary[]>([]);
  recordings = $state<Recording[]>([]);
  tags = $state<Array<{ tag: string; count: number }>>([]);
  loadError = $state<string | null>(null);

  jobId = $state<string | null>(null);
  startError = $state<string | null>(null);
  result = $state<ClassifyResult | null>(null);
  /** Result key → library recording the predictions were written to. */
  added = $state<Record<string, number>>({});
  busyKey = $state<string | null>(null);
  message = $state<string | null>(null);
  actionError = $state<string | null>(null);
  opened = $state<OpenedResult | null>(null);

  readonly model = $derived(this.models.find((m) => m.id === this.form.modelId) ?? null);
  readonly built = $derived(buildStart(this.form));

  private disconnect: (() => void) | null = null;

  get job(): JobInfo | null {
    return this.jobId ? (app.jobs.find((j) => j.id === this.jobId) ?? null) : null;
  }

  get running(): boolean {
    return this.job?.state === 'running';
  }

  get progress(): Readout | null {
    const j = this.job;
    return j ? readProgress(j) : null;
  }

  connect(): void {
    this.disconnect ??= api.on('job', (j) => this.onJob(j as JobInfo));
  }

  async load(): Promise<void> {
    try {
      [this.models, this.recordings, this.tags] = await Promise.all([
        api.call('models.list', {}),
        api.call('recordings.list', {}),
        api.call('recordings.tags', {})
      ]);
      if (this.form.modelId !== null && !this.models.some((m) => m.id === this.form.modelId)) this.form.modelId = null;
      if (this.form.modelId === null && this.models.length > 0) this.form.modelId = this.models[0].id;
      this.form.recordingIds = this.form.recordingIds.filter((id) => this.recordings.some((r) => r.id === id));
      this.loadError = null;
    } catch (err) {
      this.loadError = errorText(err);
    }
  }

  toggleRecording(id: number, on: boolean): void {
    const ids = this.form.recordingIds.filter((x) => x !== id);
    this.form.recordingIds = on ? [...ids, id] : ids;
  }

  toggleTag(tag: string, on: boolean): void {
    const tags = this.form.tags.filter((t) => t !== tag);
    this.form.tags = on ? [...tags, tag] : tags;
  }

  addPaths(paths: string[]): void {
    const have = this.form.paths.split('\n').map((p) => p.trim()).filter(Boolean);
    const fresh = paths.filter((p, i) => !have.includes(p) && paths.indexOf(p) === i);
    if (fresh.length) this.form.paths = [...have, ...fresh].join('\n');
  }

  async start(): Promise<void> {
    const built = this.built;
    if (!built.ok) {
      this.startError = built.errors.join(' ');
      return;
    }
    this.startError = null;
    this.result = null;
    this.added = {};
    this.opened = null;
    this.message = null;
    this.actionError = null;
    try {
      const { jobId } = await api.call('classify.start', built.input);
      this.jobId = jobId;
      const seen = app.jobs.find((j) => j.id === jobId);
      if (seen) this.onJob(seen);
    } catch (err) {
      this.startError = errorText(err);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId) return;
    try {
      await api.call('jobs.cancel', { id: this.jobId });
    } catch (err) {
      this.startError = errorText(err);
    }
  }

  async exportAs(format: ExportFormat): Promise<void> {
    if (!this.jobId || !this.result) return;
    try {
      const { text, fileName } = await api.call('classify.export', { jobId: this.jobId, format });
      downloadText(text, fileName);
      this.actionError = null;
    } catch (err) {
      this.actionError = errorText(err);
    }
  }

  /** Library recording of a result: its own, or the one its predictions were added to. */
  recordingOf(item: ClassifiedItem): number | null {
    return item.recordingId ?? this.added[item.key] ?? null;
  }

  /** Writes the item's predicted segments as predicted labels, importing its file first when needed. */
  async addAsLabels(item: ClassifiedItem): Promise<void> {
    if (!this.jobId) return;
    this.busyKey = item.key;
    try {
      const r = await api.call('classify.toLabels', { jobId: this.jobId, key: item.key });
      this.added = { ...this.added, [item.key]: r.recordingId };
      this.message = `${r.imported ? `Added ${r.name} to the library with` : `Wrote`} ${r.segments} predicted segment${r.segments === 1 ? '' : 's'}${r.imported ? '' : ` to ${r.name}`}; confirm or correct them in the viewer.`;
      this.actionError = null;
      app.libraryVersion++;
    } catch (err) {
      this.actionError = errorText(err);
    } finally {
      this.busyKey = null;
    }
  }

  open(item: ClassifiedItem): void {
    const id = this.recordingOf(item);
    if (id === null) return;
    this.opened = { key: item.key, recordingId: id, name: item.name, predictions: toPredictions(item) };
  }

  close(): void {
    this.opened = null;
  }

  private onJob(job: JobInfo): void {
    if (job.id !== this.jobId) return;
    if (job.state === 'done' && !this.result) this.result = job.result as ClassifyResult;
    else if (job.state === 'failed') this.startError = job.error?.message ?? 'classification failed';
    else if (job.state === 'cancelled') this.startError = 'Cancelled.';
  }
}

export const classify = new ClassifyState();
