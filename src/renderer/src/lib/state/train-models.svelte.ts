// The stored models: list, rename, delete, export to a folder, import, and evaluation on tagged
// recordings (a job whose metrics go to the Train view's metrics panel).
import type { EvalMetrics, ModelSummary } from '../../../../shared/api/ml';
import type { JobInfo } from '../../../../shared/domain';
import { api } from '../api';
import { app } from './app.svelte';
import { errorText, mlCall } from './train-api';
import { train, type ShownMetrics } from './train.svelte';

export class ModelsState {
  models = $state<ModelSummary[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  message = $state<string | null>(null);
  /** The evaluation job being followed, and the model it evaluates. */
  evalJobId = $state<string | null>(null);
  evalModel = $state<string | null>(null);

  private disconnect: (() => void) | null = null;

  constructor(private readonly show: (m: ShownMetrics) => void) {}

  get evalJob(): JobInfo | null {
    return this.evalJobId ? (app.jobs.find((j) => j.id === this.evalJobId) ?? null) : null;
  }

  get evaluating(): boolean {
    return this.evalJob?.state === 'running';
  }

  connect(): void {
    this.disconnect ??= api.on('job', (j) => this.onJob(j));
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.models = await mlCall('models.list', {});
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.loading = false;
    }
  }

  async rename(id: number, name: string): Promise<boolean> {
    return this.act(async () => {
      const m = await mlCall('models.rename', { id, name });
      this.message = `Renamed to ${m.name}.`;
    });
  }

  async remove(id: number): Promise<boolean> {
    return this.act(async () => {
      await mlCall('models.delete', { id });
      this.message = 'Model deleted.';
    });
  }

  async exportTo(id: number, dir: string): Promise<boolean> {
    return this.act(async () => {
      const r = await mlCall('models.export', { id, dir: dir.trim() });
      this.message = `Exported to ${r.dir}: ${r.files.join(', ')}`;
    });
  }

  async importFrom(dir: string, name?: string): Promise<boolean> {
    return this.act(async () => {
      const m = await mlCall('models.import', { dir: dir.trim(), name: name?.trim() || undefined });
      this.message = `Imported ${m.name}.`;
    });
  }

  async evaluate(model: ModelSummary, tags: string[]): Promise<void> {
    if (tags.length === 0) {
      this.error = 'Choose at least one tag to evaluate on.';
      return;
    }
    try {
      const { jobId } = await mlCall('evaluate.start', { model: model.id, tags });
      this.evalJobId = jobId;
      this.evalModel = `${model.name} on ${tags.join(' + ')}`;
      this.error = null;
      const seen = app.jobs.find((j) => j.id === jobId);
      if (seen) this.onJob(seen);
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** The model's stored validation metrics in the metrics panel. */
  showStored(model: ModelSummary): void {
    const v = model.metrics?.validation ?? null;
    this.show({
      title: `Validation of ${model.name}`,
      metrics: v,
      note: v ? undefined : 'This model was trained without validation windows; evaluate it on tagged recordings.'
    });
  }

  private onJob(job: JobInfo): void {
    if (job.id !== this.evalJobId || job.state === 'running') return;
    if (job.state === 'done') {
      this.show({ title: `Evaluation of ${this.evalModel ?? 'model'}`, metrics: job.result as EvalMetrics });
    } else {
      this.error = job.error?.message ?? `evaluation ${job.state}`;
    }
    this.evalJobId = null;
  }

  private async act(fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      this.error = null;
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      this.message = null;
      return false;
    }
  }
}

export const models = new ModelsState((m) => train.show(m));
