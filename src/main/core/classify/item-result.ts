// One classified recording's result: predicted segments in the recording's own samples and seconds,
// time per class, the dominant class, mean confidence and (where labelled) window accuracy.
import { type ClassifiedItem, UNKNOWN_LABEL } from '../../../shared/api/classify';
import { mergeWindows, windowLabels } from './merge';

export interface ItemIdentity {
  file: string | null;
  index: number;
  ofFile: number;
  key: string;
  name: string;
  recordingId: number | null;
  /** The recording's own rate and length. */
  sampleRate: number;
  numSamples: number;
}

export interface ItemWindows {
  /** Window starts and ends in the classified (model-rate) samples, of the windows that were predicted. */
  starts: number[];
  ends: number[];
  /** [n × classes] */
  probs: Float32Array;
  skipped: number;
}

export interface ItemOptions {
  classes: string[];
  /** Model rate; the classified samples are at this rate. */
  modelRate: number;
  minConfidence: number;
  minDurationS: number;
  includeWindows: boolean;
}

export function itemResult(
  id: ItemIdentity,
  w: ItemWindows,
  o: ItemOptions,
  truth: { windows: number; correct: number } | null,
  warnings: string[]
): ClassifiedItem {
  const k = o.classes.length;
  const scale = id.sampleRate / o.modelRate;
  const toSrc = (x: number) => Math.min(id.numSamples, Math.max(0, Math.round(x * scale)));
  const merged = mergeWindows(
    { starts: w.starts, ends: w.ends, probs: w.probs, classes: o.classes },
    { minConfidence: o.minConfidence, minDuration: o.minDurationS * o.modelRate }
  );
  const segments = merged
    .map((s) => ({ startSample: toSrc(s.start), endSample: toSrc(s.end), label: s.label, confidence: s.confidence }))
    .filter((s) => s.endSample > s.startSample)
    .map((s) => ({ ...s, startS: s.startSample / id.sampleRate, endS: s.endSample / id.sampleRate }));
  const seconds = new Map<string, number>();
  let covered = 0;
  for (const s of segments) {
    const d = s.endS - s.startS;
    seconds.set(s.label, (seconds.get(s.label) ?? 0) + d);
    covered += d;
  }
  const order = [...o.classes, UNKNOWN_LABEL];
  const perClass = order
    .filter((c) => seconds.has(c))
    .map((label) => ({ label, seconds: seconds.get(label)!, fraction: covered > 0 ? seconds.get(label)! / covered : 0 }));
  const known = perClass.filter((c) => c.label !== UNKNOWN_LABEL);
  const pool = known.length > 0 ? known : perClass;
  const dominant = pool.reduce<(typeof perClass)[number] | null>((m, c) => (!m || c.seconds > m.seconds ? c : m), null);
  const n = w.starts.length;
  const { best } = windowLabels(w.probs, k, 0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += best[i];
  const item: ClassifiedItem = {
    file: id.file,
    index: id.index,
    ofFile: id.ofFile,
    key: id.key,
    name: id.name,
    recordingId: id.recordingId,
    sampleRate: id.sampleRate,
    numSamples: id.numSamples,
    durationS: id.numSamples / id.sampleRate,
    windows: n,
    skippedWindows: w.skipped,
    segments,
    perClass,
    dominant: dominant?.label ?? null,
    meanConfidence: n > 0 ? sum / n : null,
    truth: truth && truth.windows > 0 ? { ...truth, accuracy: truth.correct / truth.windows } : null,
    warnings
  };
  if (o.includeWindows) {
    item.windowDetail = {
      starts: w.starts.map(toSrc),
      probs: Array.from({ length: n }, (_, i) => Array.from(w.probs.subarray(i * k, (i + 1) * k)))
    };
  }
  return item;
}
