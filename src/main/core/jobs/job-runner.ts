// Long work as jobs: start → throttled progress events → done | failed | cancelled; cancel by id.
// The same events drive the UI's progress bars, the CLI's progress lines and the WebSocket.
import { randomUUID } from 'node:crypto';
import type { JobInfo, JobKind, JobProgress } from '../../../shared/domain';
import { AppError, toErrorEnvelope } from '../../../shared/errors';

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress; events are throttled, the latest value always wins. */
  progress(p: JobProgress): void;
  /** Throws the cancellation error if the job was cancelled. */
  throwIfCancelled(): void;
}

export type JobListener = (job: JobInfo) => void;

interface Entry {
  info: JobInfo;
  controller: AbortController;
  promise: Promise<JobInfo>;
  lastEmit: number;
  timer: NodeJS.Timeout | null;
}

export class JobRunner {
  private readonly jobs = new Map<string, Entry>();
  private readonly listeners = new Set<JobListener>();

  constructor(private readonly throttleMs = 100) {}

  on(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start<T>(kind: JobKind, title: string, work: (ctx: JobContext) => Promise<T>): JobInfo {
    const id = randomUUID();
    const controller = new AbortController();
    const info: JobInfo = {
      id,
      kind,
      state: 'running',
      title,
      startedAt: new Date().toISOString(),
      endedAt: null,
      progress: { done: 0, total: null, unit: '' }
    };
    const entry: Entry = { info, controller, promise: Promise.resolve(info), lastEmit: 0, timer: null };
    this.jobs.set(id, entry);
    const ctx: JobContext = {
      id,
      signal: controller.signal,
      progress: (p) => {
        if (entry.info.state !== 'running') return;
        entry.info = { ...entry.info, progress: p };
        this.emitThrottled(entry);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw cancelledError(controller.signal);
      }
    };
    this.emit(entry);
    entry.promise = (async () => {
      await Promise.resolve(); // let the caller receive the job id before any work runs
      try {
        const result = await work(ctx);
        if (controller.signal.aborted) throw cancelledError(controller.signal);
        this.finish(entry, { state: 'done', result });
      } catch (err) {
        if (controller.signal.aborted) {
          this.finish(entry, { state: 'cancelled', error: { code: 'CANCELLED', message: 'cancelled by the user' } });
        } else {
          this.finish(entry, { state: 'failed', error: toErrorEnvelope(err) });
        }
      }
      return entry.info;
    })();
    return info;
  }

  cancel(id: string): JobInfo {
    const entry = this.entry(id);
    if (entry.info.state === 'running') entry.controller.abort(new AppError('CANCELLED', 'cancelled by the user'));
    return entry.info;
  }

  get(id: string): JobInfo {
    return this.entry(id).info;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => e.info).reverse();
  }

  /** Resolves with the job's final state. */
  wait(id: string): Promise<JobInfo> {
    return this.entry(id).promise;
  }

  /** Cancels every running job and waits for them to settle. */
  async shutdown(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.info.state === 'running');
    running.forEach((e) => e.controller.abort(new AppError('CANCELLED', 'shutting down')));
    await Promise.allSettled(running.map((e) => e.promise));
  }

  private entry(id: string): Entry {
    const e = this.jobs.get(id);
    if (!e) throw new AppError('NOT_FOUND', `job ${JSON.stringify(id)} does not exist`);
    return e;
  }

  private finish(entry: Entry, patch: Partial<JobInfo>): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.info = { ...entry.info, ...patch, endedAt: new Date().toISOString() };
    this.emit(entry);
  }

  private emitThrottled(entry: Entry): void {
    const now = Date.now();
    const wait = entry.lastEmit + this.throttleMs - now;
    if (wait <= 0) {
      this.emit(entry);
    } else if (!entry.timer) {
      entry.timer = setTimeout(() => {
        entry.timer = null;
        if (entry.info.state === 'running') this.emit(entry);
      }, wait);
    }
  }

  private emit(entry: Entry): void {
    entry.lastEmit = Date.now();
    for (const l of this.listeners) {
      try {
        l(entry.info);
      } catch {
        // A broken listener must not break the job or the other listeners.
      }
    }
  }
}

function cancelledError(signal: AbortSignal): AppError {
  return signal.reason instanceof AppError ? signal.reason : new AppError('CANCELLED', 'cancelled by the user');
}
