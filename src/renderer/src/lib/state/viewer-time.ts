// Pure time formatting for the viewer's axis, readouts and segment list: elapsed seconds since
// sample 0, or wall-clock time when the recording knows when sample 0 was taken.

export type TimeMode = 'seconds' | 'clock';

/** Tick increments in seconds that read well both as elapsed time and as clock time. */
export const TIME_INCRS: number[] = [
  1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800
];

/** Decimals needed to tell ticks `incr` seconds apart. */
export function decimalsFor(incr: number): number {
  if (!(incr > 0) || incr >= 1) return 0;
  return Math.min(6, Math.ceil(-Math.log10(incr) - 1e-9));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Seconds as H:MM:SS(.fff) — hours only when needed. Negative values get a minus sign. */
export function formatHms(totalSeconds: number, decimals: number): string {
  const neg = totalSeconds < 0;
  const scale = 10 ** decimals;
  const t = Math.round(Math.abs(totalSeconds) * scale) / scale;
  const whole = Math.floor(t);
  const frac = decimals > 0 ? (t - whole).toFixed(decimals).slice(1) : '';
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const body = h > 0 ? `${h}:${pad(m)}:${pad(s)}${frac}` : `${m}:${pad(s)}${frac}`;
  return neg ? `-${body}` : body;
}

/** Elapsed seconds for axis ticks: "12.5 s" under a minute, else M:SS / H:MM:SS. */
export function formatElapsed(seconds: number, incr: number): string {
  const d = decimalsFor(incr);
  if (Math.abs(seconds) < 60 && incr < 60) return `${seconds.toFixed(d)} s`;
  return formatHms(seconds, d);
}

/** Local wall-clock time of `epochMs`, HH:MM:SS(.fff…). */
export function formatClock(epochMs: number, decimals: number): string {
  const scale = 10 ** decimals;
  const secs = Math.round((epochMs / 1000) * scale) / scale;
  const whole = Math.floor(secs);
  const d = new Date(whole * 1000);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return decimals > 0 ? `${base}${(secs - whole).toFixed(decimals).slice(1)}` : base;
}

/** Epoch milliseconds of an ISO start time, or null when absent or unreadable. */
export function parseStart(startTime: string | null | undefined): number | null {
  if (!startTime) return null;
  const ms = Date.parse(startTime);
  return Number.isFinite(ms) ? ms : null;
}

/** Local-time seconds since midnight of an epoch, used to align clock ticks to round times. */
export function localDayOffset(epochMs: number): number {
  const d = new Date(epochMs);
  const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return (epochMs - midnight) / 1000;
}

/**
 * Tick positions (elapsed seconds) between min and max at `incr`, aligned so that the ticks fall on
 * round values of the displayed time: elapsed seconds (offset 0), or clock time (offset = the
 * start's seconds since local midnight).
 */
export function alignedSplits(min: number, max: number, incr: number, offset: number): number[] {
  if (!(incr > 0) || !(max >= min)) return [];
  const out: number[] = [];
  const first = Math.ceil((min + offset) / incr - 1e-9) * incr - offset;
  for (let i = 0; i < 1000; i++) {
    const v = first + i * incr;
    if (v > max + incr * 1e-9) break;
    out.push(Number(v.toPrecision(15)));
  }
  return out;
}

/** One time for readouts and the segment list, precise to about `resolutionS`. */
export function formatTime(seconds: number, mode: TimeMode, startMs: number | null, resolutionS: number): string {
  const d = decimalsFor(resolutionS);
  if (mode === 'clock' && startMs !== null) return formatClock(startMs + seconds * 1000, d);
  return formatHms(seconds, d);
}

/** A duration: "850 ms", "12.34 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
