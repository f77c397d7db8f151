// The library list: recordings, tags, and import actions.
import type { Recording } from '../../../../shared/domain';
import { api } from '../api';

export class LibraryState {
  recordings = $state<Recording[]>([]);
  tagFilter = $state<string[]>([]);
  /** Every tag in use, with how many recordings carry it. */
  tags = $state<Array<{ tag: string; count: number }>>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  lastImport = $state<string | null>(null);

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [recordings, tags] = await Promise.all([
        api.call('recordings.list', { tags: this.tagFilter.length ? this.tagFilter : undefined }),
        api.call('recordings.tags', {})
      ]);
      this.recordings = recordings;
      this.tags = tags;
      this.tagFilter = this.tagFilter.filter((t) => tags.some((x) => x.tag === t));
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.loading = false;
    }
  }

  async importPaths(paths: string[], tags: string[] = [], sampleRate?: number): Promise<void> {
    if (paths.length === 0) return;
    try {
      const { jobId } = await api.call('import.start', { paths, tags, sampleRate });
      this.lastImport = jobId;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async importFiles(files: File[], tags: string[] = [], sampleRate?: number): Promise<void> {
    try {
      const paths: string[] = [];
      for (const f of files) paths.push(await api.transport.fileToPath(f));
      await this.importPaths(paths, tags, sampleRate);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** Shows only recordings carrying every selected tag. */
  async toggleTag(tag: string): Promise<void> {
    this.tagFilter = this.tagFilter.includes(tag) ? this.tagFilter.filter((t) => t !== tag) : [...this.tagFilter, tag];
    await this.load();
  }

  async rename(id: number, name: string): Promise<void> {
    await this.run(() => api.call('recordings.rename', { id, name }));
  }

  async setTags(id: number, tags: string[]): Promise<void> {
    await this.run(() => api.call('recordings.setTags', { id, tags }));
  }

  async remove(ids: number[]): Promise<void> {
    await this.run(() => api.call('recordings.delete', { ids }));
  }

  async demo(): Promise<void> {
    await this.run(() => api.call('demo.create', {}));
  }

  private async run(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.error = null;
      await this.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }
}
