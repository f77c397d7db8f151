// The uPlot glue: one plot per shown channel (stacked) or one plot for all (overlay), every plot on
// the same x scale (seconds since sample 0). Each channel is drawn as a min/max pair with the band
// between them filled, so an envelope never hides a peak; raw samples use the same array twice.
import uPlot from 'uplot';
import type { PlotData } from '../../lib/state/viewer-loader';
import type { Win } from '../../lib/state/viewer-math';
import { TIME_INCRS, alignedSplits, formatClock, formatElapsed, decimalsFor, localDayOffset } from '../../lib/state/viewer-time';
import type { ChannelSetting, PlotRenderer } from '../../lib/state/viewer.svelte';

export const X_AXIS_HEIGHT = 30;
const Y_AXIS_SIZE = 54;
const Y_LABEL_SIZE = 18;

export interface StackOptions {
  /** Channel groups, one per plot: [[c]] per channel stacked, or one group overlaid. */
  groups: ChannelSetting[][];
  sampleRate: number;
  /** Current time mode and the start's epoch ms (clock mode), read at every axis layout. */
  time: () => { clock: boolean; startMs: number | null };
}

function theme(el: HTMLElement): { text: string; grid: string } {
  const cs = getComputedStyle(el);
  return { text: cs.getPropertyValue('--muted').trim() || '#666', grid: cs.getPropertyValue('--border').trim() || '#ddd' };
}

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function autoRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [-1, 1];
  if (max - min < 1e-12) {
    const d = Math.abs(min) * 0.1 || 1;
    return [min - d, max + d];
  }
  const pad = (max - min) * 0.06;
  return [min - pad, max + pad];
}

function formatY(v: number, incr: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
  return v.toFixed(Math.max(0, Math.min(6, decimalsFor(incr))));
}

export class PlotStack implements PlotRenderer {
  private plots: uPlot[] = [];
  private lastData: PlotData | null | undefined = undefined;

  constructor(private readonly opts: StackOptions) {}

  /** Creates the plots, one per element of `hosts` (same order as opts.groups). */
  build(hosts: HTMLElement[], width: number, height: number): void {
    this.destroy();
    const t = theme(hosts[0] ?? document.body);
    const n = this.opts.groups.length;
    const heights = this.heights(height, n);
    this.plots = this.opts.groups.map((group, i) => {
      const last = i === n - 1;
      return new uPlot(this.options(group, last, t, width, heights[i]), [[]], hosts[i]);
    });
    this.lastData = undefined;
  }

  private heights(height: number, n: number): number[] {
    const each = Math.max(40, Math.floor((height - X_AXIS_HEIGHT) / Math.max(1, n)));
    return Array.from({ length: n }, (_, i) => (i === n - 1 ? each + X_AXIS_HEIGHT : each));
  }

  private options(group: ChannelSetting[], last: boolean, t: { text: string; grid: string }, width: number, height: number): uPlot.Options {
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    for (const c of group) {
      const lo = series.length;
      series.push({ label: `${c.name} min`, stroke: c.color, width: 1, spanGaps: false, points: { show: false } });
      series.push({ label: `${c.name} max`, stroke: c.color, width: 1, spanGaps: false, points: { show: false } });
      bands.push({ series: [lo + 1, lo], fill: withAlpha(c.color, 0.35) });
    }
    const units = [...new Set(group.map((c) => c.unit).filter(Boolean))].join(', ');
    const time = this.opts.time;
    const font = '11px system-ui, sans-serif';
    return {
      width,
      height,
      padding: [6, 10, last ? 0 : 2, 0],
      cursor: { show: false, drag: { x: false, y: false } },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: false },
      series,
      bands,
      scales: {
        x: { time: false, auto: false, range: (_u, min, max) => [min, max] },
        y: { range: (_u, min, max) => this.yRange(group, min, max) }
      },
      axes: [
        {
          scale: 'x',
          stroke: t.text,
          font,
          size: last ? X_AXIS_HEIGHT : 0,
          space: 90,
          incrs: TIME_INCRS,
          grid: { stroke: t.grid, width: 1 },
          ticks: { show: last, stroke: t.grid, width: 1, size: 4 },
          splits: (_u, _i, min, max, incr) => {
            const tm = time();
            return alignedSplits(min, max, incr, tm.clock && tm.startMs !== null ? localDayOffset(tm.startMs) : 0);
          },
          values: (_u, splits, _i, _s, incr) => {
            if (!last) return splits.map(() => '');
            const tm = time();
            const d = decimalsFor(incr);
            return splits.map((v) => (tm.clock && tm.startMs !== null ? formatClock(tm.startMs + v * 1000, d) : formatElapsed(v, incr)));
          }
        },
        {
          scale: 'y',
          stroke: t.text,
          font,
          labelFont: font,
          size: Y_AXIS_SIZE,
          label: units || ' ',
          labelSize: Y_LABEL_SIZE,
          labelGap: 0,
          space: 22,
          grid: { stroke: t.grid, width: 1 },
          ticks: { stroke: t.grid, width: 1, size: 4 },
          values: (_u, splits, _i, _s, incr) => splits.map((v) => formatY(v, incr))
        }
      ]
    };
  }

  private yRange(group: ChannelSetting[], min: number | null, max: number | null): [number, number] {
    const fixed = group.filter((c) => !c.auto);
    if (fixed.length > 0 && fixed.length === group.length) {
      const lo = Math.min(...fixed.map((c) => c.min));
      const hi = Math.max(...fixed.map((c) => c.max));
      if (hi > lo) return [lo, hi];
    }
    return autoRange(min, max);
  }

  resize(width: number, height: number): void {
    const heights = this.heights(height, this.plots.length);
    this.plots.forEach((u, i) => u.setSize({ width, height: heights[i] }));
  }

  /** The plot area of the first plot, relative to `container` (CSS px). */
  plotArea(container: HTMLElement): { left: number; width: number; top: number; height: number } | null {
    const first = this.plots[0];
    const last = this.plots.at(-1);
    if (!first || !last) return null;
    const c = container.getBoundingClientRect();
    const a = first.over.getBoundingClientRect();
    const b = last.over.getBoundingClientRect();
    return { left: a.left - c.left, width: a.width, top: a.top - c.top, height: b.bottom - a.top };
  }

  /** Current y range of each plot (to prefill fixed ranges). */
  yRanges(): Array<[number, number] | null> {
    return this.plots.map((u) => {
      const s = u.scales.y;
      return s && s.min != null && s.max != null ? [s.min, s.max] : null;
    });
  }

  render(win: Win, data: PlotData | null): void {
    const rate = this.opts.sampleRate;
    const min = win.start / rate;
    const max = win.end / rate;
    const newData = data !== this.lastData;
    this.plots.forEach((u, i) => {
      u.batch(() => {
        if (newData) u.setData(this.plotData(this.opts.groups[i], data), false);
        u.setScale('x', { min, max });
      });
    });
    this.lastData = data;
  }

  private plotData(group: ChannelSetting[], data: PlotData | null): uPlot.AlignedData {
    if (!data) return [[], ...group.flatMap(() => [[], []])] as unknown as uPlot.AlignedData;
    const out: Array<ArrayLike<number | null>> = [data.x];
    for (const c of group) {
      const k = data.channels.indexOf(c.index);
      const gap = k < 0 ? new Array<null>(data.x.length).fill(null) : null;
      out.push(gap ?? data.mins[k], gap ?? data.maxs[k]);
    }
    return out as unknown as uPlot.AlignedData;
  }

  destroy(): void {
    for (const u of this.plots) u.destroy();
    this.plots = [];
  }
}
