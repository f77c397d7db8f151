// Segment and label-class edits for one open recording. Every edit is saved at once and recorded
// for undo: segment edits as before/after snapshots restored with segments.replace, class edits as
// their inverse request. Label ids that change when undo/redo recreates a class are remapped.
import { SvelteMap } from 'svelte/reactivity';
import type { RequestInput, RequestName, RequestOutput } from '../../../../shared/contract';
import type { LabelClass, Segment } from '../../../../shared/domain';
import { type SegmentDraft, findByBounds, remapDrafts, resolveId, toDrafts } from './viewer-segments';
import { UndoStack } from './viewer-undo';

export interface CallApi {
  call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
}

export class SegmentEditor {
  segments = $state.raw<Segment[]>([]);
  labels = $state.raw<LabelClass[]>([]);
  selectedId = $state<number | null>(null);
  activeLabelId = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Bumped on every history change so buttons re-read canUndo/canRedo. */
  historyVersion = $state(0);
  /** Edits saved so far in this session (for tests and the status line). */
  saves = $state(0);
  readonly history = new UndoStack(200, () => this.historyVersion++);
  private readonly remap = new SvelteMap<number, number>();

  constructor(
    private readonly api: CallApi,
    readonly recordingId: number
  ) {}

  async load(): Promise<void> {
    const [labels, segments] = await Promise.all([
      this.api.call('labels.list', {}),
      this.api.call('segments.list', { recordingId: this.recordingId })
    ]);
    this.labels = labels;
    this.segments = segments;
    if (this.activeLabelId === null || !labels.some((l) => l.id === this.activeLabelId)) this.activeLabelId = labels[0]?.id ?? null;
  }

  get selected(): Segment | null {
    return this.segments.find((s) => s.id === this.selectedId) ?? null;
  }

  labelById(id: number): LabelClass | undefined {
    return this.labels.find((l) => l.id === id);
  }

  labelByKey(key: string): LabelClass | undefined {
    return this.labels.find((l) => l.key === key);
  }

  get canUndo(): boolean {
    void this.historyVersion;
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    void this.historyVersion;
    return this.history.canRedo;
  }

  get undoLabel(): string | null {
    void this.historyVersion;
    return this.history.undoLabel;
  }

  get redoLabel(): string | null {
    void this.historyVersion;
    return this.history.redoLabel;
  }

  // ---- segment edits -------------------------------------------------------------------------

  create(startSample: number, endSample: number): Promise<void> {
    const labelId = this.activeLabelId;
    if (labelId === null) {
      this.error = 'add a label class first';
      return Promise.resolve();
    }
    return this.segmentEdit('create segment', () =>
      this.api.call('segments.create', { recordingId: this.recordingId, startSample, endSample, labelId, predicted: false, confidence: null })
    ).then((segs) => {
      if (segs) this.selectedId = findByBounds(segs, startSample, endSample)?.id ?? null;
    });
  }

  resize(id: number, startSample: number, endSample: number): Promise<void> {
    return this.segmentEdit('resize segment', () => this.api.call('segments.update', { id, startSample, endSample })).then(() => undefined);
  }

  relabel(id: number, labelId: number): Promise<void> {
    const cur = this.segments.find((s) => s.id === id);
    if (!cur || cur.labelId === labelId) return Promise.resolve();
    return this.segmentEdit('relabel segment', () => this.api.call('segments.update', { id, labelId })).then(() => undefined);
  }

  confirm(id: number): Promise<void> {
    const cur = this.segments.find((s) => s.id === id);
    if (!cur?.predicted) return Promise.resolve();
    return this.segmentEdit('confirm segment', () => this.api.call('segments.update', { id, predicted: false })).then(() => undefined);
  }

  confirmAll(): Promise<void> {
    if (!this.segments.some((s) => s.predicted)) return Promise.resolve();
    return this.segmentEdit('confirm all predicted', () =>
      this.api.call('segments.replace', {
        recordingId: this.recordingId,
        segments: toDrafts(this.segments).map((d) => ({ ...d, predicted: false, confidence: null }))
      })
    ).then(() => undefined);
  }

  remove(id: number): Promise<void> {
    return this.segmentEdit('delete segment', () => this.api.call('segments.delete', { id })).then(() => {
      if (this.selectedId === id) this.selectedId = null;
    });
  }

  /** Runs one segment request after earlier ones, records before/after for undo. */
  private segmentEdit(label: string, run: () => Promise<Segment[]>): Promise<Segment[] | null> {
    return this.history.serial(async () => {
      const before = toDrafts(this.segments);
      try {
        const after = await run();
        this.applySegments(after);
        const afterDrafts = toDrafts(after);
        this.history.push({
          label,
          undo: () => this.restore(before),
          redo: () => this.restore(afterDrafts)
        });
        this.saves++;
        this.error = null;
        return after;
      } catch (err) {
        this.error = (err as Error).message;
        return null;
      }
    });
  }

  private async restore(drafts: SegmentDraft[]): Promise<void> {
    const sel = this.selected;
    const segs = await this.api.call('segments.replace', { recordingId: this.recordingId, segments: remapDrafts(drafts, this.remap) });
    this.applySegments(segs);
    this.selectedId = sel ? (findByBounds(segs, sel.startSample, sel.endSample)?.id ?? null) : null;
    this.saves++;
  }

  private applySegments(segs: Segment[]): void {
    this.segments = segs;
    if (this.selectedId !== null && !segs.some((s) => s.id === this.selectedId)) this.selectedId = null;
  }

  // ---- class edits ---------------------------------------------------------------------------

  addClass(name: string, color?: string): Promise<LabelClass | null> {
    return this.history.serial(async () => {
      try {
        const created = await this.api.call('labels.create', { name, ...(color ? { color } : {}) });
        const ref = { id: created.id };
        const spec = { name: created.name, color: created.color, key: created.key };
        this.labels = [...this.labels, created];
        this.activeLabelId = created.id;
        this.history.push({
          label: `add class ${created.name}`,
          undo: async () => {
            await this.api.call('labels.delete', { id: resolveId(this.remap, ref.id) });
            await this.reloadLabels();
          },
          redo: async () => {
            const again = await this.api.call('labels.create', spec);
            this.remap.set(resolveId(this.remap, ref.id), again.id);
            await this.reloadLabels();
          }
        });
        this.saves++;
        this.error = null;
        return created;
      } catch (err) {
        this.error = (err as Error).message;
        return null;
      }
    });
  }

  updateClass(id: number, patch: { name?: string; color?: string; key?: string | null }): Promise<void> {
    return this.history.serial(async () => {
      const cur = this.labelById(id);
      if (!cur) return;
      const old = { name: cur.name, color: cur.color, key: cur.key };
      try {
        const next = await this.api.call('labels.update', { id, ...patch });
        this.labels = this.labels.map((l) => (l.id === id ? next : l));
        const now = { name: next.name, color: next.color, key: next.key };
        this.history.push({
          label: `edit class ${old.name}`,
          undo: async () => {
            await this.api.call('labels.update', { id: resolveId(this.remap, id), ...old });
            await this.reloadLabels();
          },
          redo: async () => {
            await this.api.call('labels.update', { id: resolveId(this.remap, id), ...now });
            await this.reloadLabels();
          }
        });
        this.saves++;
        this.error = null;
      } catch (err) {
        this.error = (err as Error).message;
      }
    });
  }

  private async reloadLabels(): Promise<void> {
    this.labels = await this.api.call('labels.list', {});
    if (this.activeLabelId !== null) this.activeLabelId = resolveId(this.remap, this.activeLabelId);
    if (!this.labels.some((l) => l.id === this.activeLabelId)) this.activeLabelId = this.labels[0]?.id ?? null;
    this.saves++;
  }

  // ---- history -------------------------------------------------------------------------------

  async undo(): Promise<void> {
    try {
      await this.history.undo();
      this.error = null;
    } catch (err) {
      this.error = `undo failed: ${(err as Error).message}`;
    }
  }

  async redo(): Promise<void> {
    try {
      await this.history.redo();
      this.error = null;
    } catch (err) {
      this.error = `redo failed: ${(err as Error).message}`;
    }
  }
}
