// Domain types: runtime schemas first, TypeScript types derived from them.
import { z } from 'zod';

export const Id = z.number().int().positive();

export const Channel = z.object({
  name: z.string(),
  unit: z.string()
});
export type Channel = z.infer<typeof Channel>;

export const Recording = z.object({
  id: Id,
  name: z.string(),
  sampleRate: z.number().positive(),
  numSamples: z.number().int().nonnegative(),
  durationS: z.number().nonnegative(),
  channels: z.array(Channel),
  /** ISO-8601 wall-clock time of sample 0, when the file said. */
  startTime: z.string().nullable(),
  tags: z.array(z.string()),
  source: z.string().nullable(),
  createdAt: z.string(),
  /** Fraction of samples covered by labelled (not predicted) segments. */
  labelCoverage: z.number().min(0).max(1),
  segmentCount: z.number().int().nonnegative(),
  /** Import warnings kept with the recording (irregular timestamps, truncated data…). */
  warnings: z.array(z.string())
});
export type Recording = z.infer<typeof Recording>;

export const LabelClass = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  /** Keyboard key that selects this class while labelling ('1'…'9' or a letter). */
  key: z.string().nullable()
});
export type LabelClass = z.infer<typeof LabelClass>;

export const Segment = z.object({
  id: Id,
  recordingId: Id,
  startSample: z.number().int().nonnegative(),
  /** Exclusive. */
  endSample: z.number().int().positive(),
  labelId: Id,
  /** True for segments written from predictions that the user has not confirmed. */
  predicted: z.boolean(),
  confidence: z.number().min(0).max(1).nullable()
});
export type Segment = z.infer<typeof Segment>;

export const ViewSeries = z.object({
  channel: z.number().int().nonnegative(),
  /** raw: values; envelope: per-bucket min and max. Gaps (NaN) are null. */
  values: z.array(z.number().nullable()).optional(),
  min: z.array(z.number().nullable()).optional(),
  max: z.array(z.number().nullable()).optional(),
  /**
   * With `encoding: 'f32'`: the same arrays as base64 of little-endian float32 (gaps are NaN), about a
   * sixth of the JSON size and far cheaper to encode and parse — what the viewer asks for.
   */
  valuesF32: z.string().optional(),
  minF32: z.string().optional(),
  maxF32: z.string().optional()
});
export const View = z.object({
  recordingId: Id,
  kind: z.enum(['raw', 'envelope']),
  /** Sample index of the first point (raw) or first bucket (envelope). */
  startSample: z.number().int().nonnegative(),
  /** Samples per point (1 for raw). */
  step: z.number().positive(),
  count: z.number().int().nonnegative(),
  sampleRate: z.number().positive(),
  series: z.array(ViewSeries)
});
export type View = z.infer<typeof View>;

export const BackendInfo = z.object({
  backend: z.string(),
  device: z.enum(['GPU', 'CPU']),
  detail: z.string()
});
export type BackendInfo = z.infer<typeof BackendInfo>;

export const JobKind = z.enum(['import', 'demo', 'train', 'evaluate', 'classify']);
export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export const JobProgress = z.object({
  done: z.number(),
  total: z.number().nullable(),
  unit: z.string(),
  message: z.string().optional(),
  /** Job-specific numbers (loss, accuracy, bytes, windows/s…). */
  extra: z.record(z.string(), z.unknown()).optional()
});
export type JobProgress = z.infer<typeof JobProgress>;
export const JobInfo = z.object({
  id: z.string(),
  kind: JobKind,
  state: JobState,
  title: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  progress: JobProgress,
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional()
});
export type JobInfo = z.infer<typeof JobInfo>;
export type JobKind = z.infer<typeof JobKind>;
