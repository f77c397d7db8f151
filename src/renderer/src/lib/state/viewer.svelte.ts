// The open recording in the viewer: visible window, channel settings, data loading and drawing.
// Input changes the window synchronously; drawing happens once per animation frame with whatever
// data is held, and the loader fetches better data in the background. Segment edits live in
// SegmentEditor; pure math in viewer-math / viewer-segments / viewer-keys.
import type { Recording } from '../../../../shared/domain';
import type { CallApi } from './viewer-editor.svelte';
import { SegmentEditor } from './viewer-editor.svelte';
import { type PlotData, ViewLoader, toPlotData } from './viewer-loader';
import * as wm from './viewer-math';
import type { PredictedSpan } from './viewer-segments';
import { type TimeMode, formatTime, parseStart } from './viewer-time';

export const CHANNEL_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

export interface ChannelSetting {
  index: number;
  name: string;
  unit: string;
  color: string;
  shown: boolean;
  /** Auto y-range over the visible data; otherwise [min, max]. */
  auto: boolean;
  min: number;
  max: number;
}

/** Draws the held data for a window, synchronously. Implemented by the plot stack component. */
export interface PlotRenderer {
  render(win: wm.Win, data: PlotData | null): void;
}

export interface DrawDetail {
  draws: number;
  complete: boolean;
  kind: 'raw' | 'envelope' | 'none';
  step: number;
  /** ms from the oldest input this draw reflects (null if none pending). */
  sinceInput: number | null;
  /** ms spent in this draw (uPlot work, synchronous). */
  drawMs: number;
  /** View requests sent so far, and the round trip of the latest one (ms). */
  requests: number;
  fetchMs: number;
}

export const DRAW_EVENT = 'sensorlab:viewer-draw';

export class ViewerState {
  recording = $state.raw<Recording | null>(null);
  error = $state<string | null>(null);
  win = $state.raw<wm.Win>({ start: 0, end: 1 });
  channels = $state<ChannelSetting[]>([]);
  layout = $state<'stacked' | 'overlay'>('stacked');
  timeMode = $state<TimeMode>('seconds');
  helpOpen = $state(false);
  showPredictions = $state(true);
  predictions = $state.raw<PredictedSpan[]>([]);
  overview = $state.raw<PlotData | null>(null);
  /** Plot-area geometry in CSS pixels, relative to the plots container. */
  plotBox = $state.raw({ left: 0, width: 0, top: 0, height: 0 });
  /** Status shown in the toolbar; updated when it changes, not on every frame. */
  status = $state.raw({ kind: 'none' as DrawDetail['kind'], step: 1, loading: false, complete: false, loadError: null as string | null });
  draft = $state<{ start: number; end: number; mode: 'create' | 'resize'; id: number | null } | null>(null);
  hoverSample = $state<number | null>(null);

  readonly editor: SegmentEditor;
  readonly loader: ViewLoader;
  root: HTMLElement | null = null;
  /** Current y range of a channel's plot (set by the plot component; prefills fixed ranges). */
  yRangeOf: ((channel: number) => [number, number] | null) | null = null;
  private renderer: PlotRenderer | null = null;
  private frame = 0;
  private draws = 0;
  private inputAt: number | null = null;
  private limits: wm.Limits = wm.limitsFor(1);

  constructor(
    private readonly api: CallApi,
    readonly recordingId: number
  ) {
    this.editor = new SegmentEditor(api, recordingId);
    this.loader = new ViewLoader(
      (req) => this.api.call('recordings.view', { id: recordingId, ...req, encoding: 'f32' }),
      () => this.scheduleDraw()
    );
  }

  async load(focusSample: number | null): Promise<void> {
    try {
      const rec = await this.api.call('recordings.get', { id: this.recordingId });
      this.limits = wm.limitsFor(rec.numSamples);
      this.channels = rec.channels.map((c, i) => ({
        index: i,
        name: c.name,
        unit: c.unit,
        color: CHANNEL_COLORS[i % CHANNEL_COLORS.length],
        shown: true,
        auto: true,
        min: -1,
        max: 1
      }));
      this.timeMode = parseStart(rec.startTime) !== null ? 'clock' : 'seconds';
      this.recording = rec;
      this.win =
        focusSample === null
          ? wm.fitAll(this.limits)
          : wm.centreOn({ start: 0, end: Math.min(rec.numSamples, rec.sampleRate * 10) }, focusSample, this.limits);
      this.resetData();
      await this.editor.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  get total(): number {
    return this.limits.total;
  }

  get startMs(): number | null {
    return parseStart(this.recording?.startTime);
  }

  get shownChannels(): ChannelSetting[] {
    return this.channels.filter((c) => c.shown);
  }

  /** Changes when the plots must be rebuilt (layout or shown channels). */
  get layoutKey(): string {
    return `${this.layout}|${this.shownChannels.map((c) => c.index).join(',')}`;
  }

  attachRenderer(r: PlotRenderer | null): void {
    this.renderer = r;
    if (r) this.scheduleDraw();
  }

  setPlotBox(box: { left: number; width: number; top: number; height: number }): void {
    const b = this.plotBox;
    if (b.left !== box.left || b.width !== box.width || b.top !== box.top || b.height !== box.height) this.plotBox = box;
    this.scheduleDraw();
  }

  /** New channel set or recording: drop held data and fetch again. */
  resetData(): void {
    this.loader.reset(this.total, this.shownChannels.map((c) => c.index));
    void this.loadOverview();
    this.scheduleDraw();
  }

  private async loadOverview(): Promise<void> {
    const rec = this.recording;
    const chans = this.shownChannels.map((c) => c.index);
    if (!rec || chans.length === 0 || rec.numSamples === 0) {
      this.overview = null;
      return;
    }
    try {
      const v = await this.api.call('recordings.view', { id: rec.id, channels: chans, startSample: 0, endSample: rec.numSamples, maxPoints: 1200, encoding: 'f32' });
      this.overview = toPlotData(v, rec.numSamples);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  // ---- window changes (every input path ends here) ------------------------------------------

  setWindow(w: wm.Win): void {
    const next = wm.clampWindow(w, this.limits);
    if (next.start === this.win.start && next.end === this.win.end) return;
    if (this.inputAt === null) this.inputAt = performance.now();
    this.win = next;
    this.scheduleDraw();
  }

  pan(fraction: number): void {
    this.setWindow(wm.pan(this.win, fraction, this.limits));
  }

  panPx(dx: number): void {
    this.setWindow(wm.panBy(this.win, (-dx / Math.max(1, this.plotBox.width)) * wm.span(this.win), this.limits));
  }

  zoom(factor: number, anchorSample?: number): void {
    this.setWindow(wm.zoomAt(this.win, factor, anchorSample ?? (this.win.start + this.win.end) / 2, this.limits));
  }

  fit(): void {
    this.setWindow(wm.fitAll(this.limits));
  }

  home(): void {
    this.setWindow(wm.toStart(this.win, this.limits));
  }

  end(): void {
    this.setWindow(wm.toEnd(this.win, this.limits));
  }

  centreOn(sample: number): void {
    this.setWindow(wm.centreOn(this.win, sample, this.limits));
  }

  reveal(a: number, b: number): void {
    this.setWindow(wm.reveal(this.win, a, b, this.limits));
  }

  /** Sample under a pixel x of the plot area. */
  sampleAt(x: number): number {
    return wm.sampleAtPx(this.win, x, this.plotBox.width);
  }

  // ---- drawing -------------------------------------------------------------------------------

  scheduleDraw(): void {
    if (this.frame || typeof requestAnimationFrame === 'undefined') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Re-applies y ranges and axis formats. */
  redraw(): void {
    if (this.inputAt === null) this.inputAt = performance.now();
    this.scheduleDraw();
  }

  private draw(): void {
    const t0 = performance.now();
    const width = this.plotBox.width;
    const data = this.loader.current;
    this.renderer?.render(this.win, data);
    this.loader.ensure(this.win, width);
    const complete = this.loader.complete(this.win, width);
    this.draws++;
    const detail: DrawDetail = {
      draws: this.draws,
      complete,
      kind: data?.kind ?? 'none',
      step: data?.step ?? 1,
      sinceInput: this.inputAt === null ? null : performance.now() - this.inputAt,
      drawMs: performance.now() - t0,
      requests: this.loader.stats.requests,
      fetchMs: this.loader.stats.lastMs
    };
    if (complete) this.inputAt = null;
    if (this.root) {
      this.root.dataset.draws = String(this.draws);
      this.root.dataset.complete = String(complete);
      this.root.dataset.kind = detail.kind;
      this.root.dataset.start = String(Math.round(this.win.start));
      this.root.dataset.end = String(Math.round(this.win.end));
    }
    const s = this.status;
    const loading = this.loader.busy;
    const loadError = this.loader.error;
    if (s.kind !== detail.kind || s.step !== detail.step || s.loading !== loading || s.complete !== complete || s.loadError !== loadError) {
      this.status = { kind: detail.kind, step: detail.step, loading, complete, loadError };
    }
    window.dispatchEvent(new CustomEvent<DrawDetail>(DRAW_EVENT, { detail }));
  }

  // ---- readouts ------------------------------------------------------------------------------

  formatSample(sample: number, resolutionS?: number): string {
    const rate = this.recording?.sampleRate ?? 1;
    const res = resolutionS ?? Math.max(1 / rate, wm.span(this.win) / rate / 1000);
    return formatTime(sample / rate, this.timeMode, this.startMs, res);
  }

  /** Channel values (or min…max of the bucket) at a sample, from the held data. */
  valuesAt(sample: number): Array<{ name: string; unit: string; color: string; text: string }> {
    const d = this.loader.current;
    if (!d || sample < d.from || sample >= d.to) return [];
    const i = Math.min(d.x.length - 1, Math.max(0, Math.floor((sample - d.from) / d.step)));
    const fmt = (v: number | null): string => (v === null ? '—' : Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toPrecision(4) : v.toFixed(3));
    return d.channels.map((ch, k) => {
      const c = this.channels[ch];
      const lo = d.mins[k][i];
      const hi = d.maxs[k][i];
      return { name: c.name, unit: c.unit, color: c.color, text: d.kind === 'raw' || lo === hi ? fmt(lo) : `${fmt(lo)} … ${fmt(hi)}` };
    });
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.renderer = null;
    this.loader.reset(1, []);
  }
}
