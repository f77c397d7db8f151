// Fetches what the plots show: the visible window plus margins at about one point per pixel,
// raw samples or a min/max envelope as the store decides. At most one request is in flight; needs
// that arise meanwhile coalesce into one follow-up; responses of an older generation (another
// recording or channel set) or superseded and no longer on screen are dropped.
import type { View } from '../../../../shared/domain';
import { type Coverage, type FetchPolicy, DEFAULT_POLICY, type ViewNeed, type Win, isComfortable, isComplete, viewNeed } from './viewer-math';

export interface ViewRequest extends ViewNeed {
  channels: number[];
}

/** A view turned into arrays uPlot can draw. `mins[i]`/`maxs[i]` belong to `channels[i]`. */
export interface PlotData extends Coverage {
  kind: 'raw' | 'envelope';
  channels: number[];
  /** Seconds since sample 0 of each point (bucket centres for an envelope). */
  x: Float64Array;
  mins: Array<Array<number | null>>;
  maxs: Array<Array<number | null>>;
}

export interface LoaderStats {
  requests: number;
  applied: number;
  dropped: number;
  lastMs: number;
}

/** Decodes a base64 little-endian float32 array (the view's `f32` encoding); NaN gaps become null. */
export function fromF32(b64: string | undefined): Array<number | null> {
  if (!b64) return [];
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const f = new Float32Array(bytes.buffer, 0, bytes.length >> 2);
  const out = new Array<number | null>(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Number.isNaN(f[i]) ? null : f[i];
  return out;
}

export function toPlotData(v: View, total: number): PlotData {
  const x = new Float64Array(v.count);
  const centre = (v.step - 1) / 2;
  for (let i = 0; i < v.count; i++) x[i] = (v.startSample + i * v.step + centre) / v.sampleRate;
  const mins: Array<Array<number | null>> = [];
  const maxs: Array<Array<number | null>> = [];
  for (const s of v.series) {
    const lo = v.kind === 'raw' ? (s.values ?? fromF32(s.valuesF32)) : (s.min ?? fromF32(s.minF32));
    mins.push(lo);
    maxs.push(v.kind === 'raw' ? lo : (s.max ?? fromF32(s.maxF32)));
  }
  return {
    kind: v.kind,
    channels: v.series.map((s) => s.channel),
    from: v.startSample,
    to: Math.min(total, v.startSample + v.count * v.step),
    step: v.step,
    x,
    mins,
    maxs
  };
}

export class ViewLoader {
  current: PlotData | null = null;
  error: string | null = null;
  readonly stats: LoaderStats = { requests: 0, applied: 0, dropped: 0, lastMs: 0 };
  private gen = 0;
  private seq = 0;
  private inFlight: { seq: number; gen: number } | null = null;
  private pending = false;
  private total = 1;
  private channels: number[] = [];
  private last: { win: Win; width: number } | null = null;
  private failedFor: string | null = null;
  private appliedFor: string | null = null;

  constructor(
    private readonly fetchView: (req: ViewRequest) => Promise<View>,
    private readonly onChange: () => void,
    private readonly policy: FetchPolicy = DEFAULT_POLICY
  ) {}

  /** Starts over for a recording length and channel set; in-flight answers will be dropped. */
  reset(total: number, channels: number[]): void {
    this.gen++;
    this.total = Math.max(1, total);
    this.channels = [...channels];
    this.current = null;
    this.error = null;
    this.pending = false;
    this.inFlight = null;
    this.failedFor = null;
    this.appliedFor = null;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Whether the held data covers `win` well enough to count as a finished draw. */
  complete(win: Win, width: number): boolean {
    return this.channels.length === 0 || isComplete(this.current, win, width, this.total, this.policy);
  }

  /** Called after every window change: requests data when what is held is not comfortable. */
  ensure(win: Win, width: number): void {
    this.last = { win, width };
    if (this.channels.length === 0 || width < 2) return;
    if (isComfortable(this.current, win, width, this.total, this.policy)) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    const need = viewNeed(win, width, this.total, this.policy);
    const key = `${need.startSample}:${need.endSample}:${need.maxPoints}`;
    // Never repeat the request whose answer we hold (or that just failed).
    if (this.failedFor === key || this.appliedFor === key) return;
    void this.send({ ...need, channels: this.channels }, key);
  }

  private async send(req: ViewRequest, key: string): Promise<void> {
    const ticket = { seq: ++this.seq, gen: this.gen };
    this.inFlight = ticket;
    this.stats.requests++;
    const t0 = performance.now();
    let view: View | null = null;
    let error: string | null = null;
    try {
      view = await this.fetchView(req);
    } catch (err) {
      error = (err as Error).message;
    }
    if (this.inFlight === ticket) this.inFlight = null;
    this.stats.lastMs = performance.now() - t0;
    if (ticket.gen !== this.gen) {
      this.stats.dropped++;
      return;
    }
    if (error !== null) {
      this.error = error;
      this.failedFor = key;
      this.onChange();
    } else if (view) {
      const data = toPlotData(view, this.total);
      const win = this.last?.win;
      const superseded = this.pending && win !== undefined && (data.to <= win.start || data.from >= win.end);
      if (superseded) this.stats.dropped++;
      else {
        this.current = data;
        this.error = null;
        this.failedFor = null;
        this.appliedFor = key;
        this.stats.applied++;
        this.onChange();
      }
    }
    this.pending = false;
    if (this.last && !this.inFlight) this.ensure(this.last.win, this.last.width);
  }
}
