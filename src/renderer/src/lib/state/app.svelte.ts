// App-wide state: which view is open, the backend badge, the data folder, and running jobs.
import type { AppInfo } from '../../../../shared/api/app';
import type { BackendInfo, JobInfo } from '../../../../shared/domain';
import { api } from '../api';

export type ViewName = 'recordings' | 'train' | 'classify' | 'settings';

export class AppState {
  view = $state<ViewName>('recordings');
  /** Recording open in the viewer, if any. */
  openRecordingId = $state<number | null>(null);
  /** Sample to centre on when the viewer opens (jump from a misclassified window, say). */
  focusSample = $state<number | null>(null);
  info = $state<AppInfo | null>(null);
  backend = $state<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  jobs = $state<JobInfo[]>([]);
  error = $state<string | null>(null);
  /** Bumped whenever the library changes (imports finish, deletes), so views reload. */
  libraryVersion = $state(0);

  async start(): Promise<void> {
    api.on('job', (job) => this.onJob(job));
    try {
      this.info = await api.call('app.info', {});
      this.jobs = await api.call('jobs.list', {});
    } catch (err) {
      this.error = (err as Error).message;
    }
    api.call('app.backend', {}).then(
      (b) => (this.backend = b),
      (err: Error) => (this.backendError = err.message)
    );
  }

  private onJob(job: JobInfo): void {
    const i = this.jobs.findIndex((j) => j.id === job.id);
    if (i >= 0) this.jobs[i] = job;
    else this.jobs = [job, ...this.jobs];
    if (job.state !== 'running' && (job.kind === 'import' || job.kind === 'demo' || job.kind === 'classify')) this.libraryVersion++;
  }

  openRecording(id: number, focusSample: number | null = null): void {
    this.openRecordingId = id;
    this.focusSample = focusSample;
    this.view = 'recordings';
  }

  get runningJobs(): JobInfo[] {
    return this.jobs.filter((j) => j.state === 'running');
  }
}

export const app = new AppState();
