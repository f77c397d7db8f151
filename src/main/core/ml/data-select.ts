// Which recordings take part, whether they fit together, and how they split into training and
// validation. Splits are by whole recording (or by tag), never window by window, so no window of a
// validation recording is ever seen in training.
import type { Recording } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { mulberry32, shuffle } from './rng';
import type { LabelledSpan } from './window-plan';

export interface Source {
  recordingIds?: number[];
  tags?: string[];
}

/** Recordings by ids (each must exist) or carrying every tag (at least one must). */
export function selectRecordings(store: Store, src: Source): Recording[] {
  if (src.recordingIds) return [...new Set(src.recordingIds)].map((id) => store.recordings.get(id));
  const tags = src.tags ?? [];
  const recs = store.recordings.list(tags);
  if (recs.length === 0) {
    throw new AppError('NOT_FOUND', `no recording carries ${tags.length > 1 ? 'all the tags' : 'the tag'} ${tags.map((t) => JSON.stringify(t)).join(', ')}`, { tags });
  }
  return recs;
}

/** Labelled (not predicted) segments of each recording, with their class names, sorted. */
export function labelledSpans(store: Store, recs: Recording[]): Map<number, LabelledSpan[]> {
  const names = new Map(store.labels.list().map((l) => [l.id, l.name]));
  const segs = store.segments.listMany(recs.map((r) => r.id));
  const out = new Map<number, LabelledSpan[]>();
  for (const r of recs) {
    const list = (segs.get(r.id) ?? [])
      .filter((s) => !s.predicted)
      .map((s) => ({ start: s.startSample, end: s.endSample, label: names.get(s.labelId) ?? `#${s.labelId}` }));
    out.set(r.id, list);
  }
  return out;
}

function describe(recs: Recording[], max = 8): string {
  const shown = recs.slice(0, max).map((r) => `${r.name} (${r.id})`).join(', ');
  return recs.length > max ? `${shown} and ${recs.length - max} more` : shown;
}

export function channelKey(r: Pick<Recording, 'channels'>): string {
  return r.channels.map((c) => c.name).join(', ');
}

/** One sample rate and one channel set, or an error listing the groups. */
export function checkCompatible(recs: Recording[]): { sampleRate: number; channels: Recording['channels'] } {
  if (recs.length === 0) throw new AppError('BAD_REQUEST', 'no recordings with labelled segments were selected');
  const group = (key: (r: Recording) => string) => {
    const m = new Map<string, Recording[]>();
    for (const r of recs) {
      const k = key(r);
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const rates = group((r) => String(r.sampleRate));
  if (rates.size > 1) {
    const list = [...rates].map(([rate, rs]) => `${rate} Hz: ${describe(rs)}`).join('; ');
    throw new AppError('BAD_REQUEST', `the recordings have different sample rates — ${list}`, {
      groups: [...rates].map(([rate, rs]) => ({ sampleRate: Number(rate), ids: rs.map((r) => r.id) }))
    });
  }
  const sets = group(channelKey);
  if (sets.size > 1) {
    const list = [...sets].map(([k, rs]) => `[${k}]: ${describe(rs)}`).join('; ');
    throw new AppError('BAD_REQUEST', `the recordings have different channel sets — ${list}`, {
      groups: [...sets].map(([k, rs]) => ({ channels: k, ids: rs.map((r) => r.id) }))
    });
  }
  return { sampleRate: recs[0].sampleRate, channels: recs[0].channels };
}

/** The class with the most labelled samples in a recording. */
export function mainClass(spans: LabelledSpan[]): string {
  const by = new Map<string, number>();
  for (const s of spans) by.set(s.label, (by.get(s.label) ?? 0) + s.end - s.start);
  let best = '';
  let bestN = -1;
  for (const [k, n] of [...by].sort((a, b) => a[0].localeCompare(b[0]))) if (n > bestN) [best, bestN] = [k, n];
  return best;
}

export interface SplitOptions {
  valTag?: string;
  /** Fraction of recordings for validation (0 = none). */
  valSplit: number;
  seed: number;
}

/**
 * By tag: validation = recordings carrying valTag. By fraction: recordings grouped by main class,
 * each group shuffled (seeded) and round(fraction × size) of it held out; at least one recording is
 * held out when the fraction is > 0 and there are two or more.
 */
export function splitRecordings(
  recs: Recording[],
  spans: Map<number, LabelledSpan[]>,
  opts: SplitOptions
): { train: Recording[]; val: Recording[] } {
  if (opts.valTag !== undefined) {
    const tag = opts.valTag;
    const val = recs.filter((r) => r.tags.includes(tag));
    const train = recs.filter((r) => !r.tags.includes(tag));
    if (val.length === 0) throw new AppError('BAD_REQUEST', `no selected recording carries the validation tag "${tag}"`);
    if (train.length === 0) throw new AppError('BAD_REQUEST', `every selected recording carries the validation tag "${tag}": nothing left to train on`);
    return { train, val };
  }
  if (opts.valSplit <= 0 || recs.length < 2) return { train: [...recs], val: [] };
  const rng = mulberry32(opts.seed);
  const groups = new Map<string, Recording[]>();
  for (const r of [...recs].sort((a, b) => a.id - b.id)) {
    const k = mainClass(spans.get(r.id) ?? []);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const valIds = new Set<number>();
  for (const k of [...groups.keys()].sort()) {
    const g = shuffle([...(groups.get(k) as Recording[])], rng);
    const take = Math.min(g.length - 1, Math.round(opts.valSplit * g.length));
    for (const r of g.slice(0, Math.max(0, take))) valIds.add(r.id);
  }
  if (valIds.size === 0) {
    const largest = [...groups.values()].sort((a, b) => b.length - a.length)[0];
    valIds.add(shuffle([...largest], rng)[0].id);
  }
  const train = recs.filter((r) => !valIds.has(r.id));
  if (train.length === 0) throw new AppError('BAD_REQUEST', 'the validation split left no recording to train on');
  return { train, val: recs.filter((r) => valIds.has(r.id)) };
}
