// The classification slice of the contract: batch-classify files, folders or library recordings with
// a stored model (one job, kind 'classify'), export the results, and turn predictions into labels.
import { z } from 'zod';
import { Id } from '../domain';
import { request } from './define';

const Tag = z.string().trim().min(1).max(100);
const Count = z.number().int().nonnegative();

/** Label of windows whose best probability is below the minimum confidence. */
export const UNKNOWN_LABEL = 'unknown';

export const ClassifyInput = z
  .object({
    /** Stored model by id or name, or a folder written by models.export. */
    model: z.union([Id, z.string().trim().min(1).max(4096)]),
    /** Files and folders on disk (need not be in the library; every importer format). */
    paths: z.array(z.string().min(1)).default([]),
    recordingIds: z.array(Id).default([]),
    /** Library recordings carrying every given tag. */
    tags: z.array(Tag).default([]),
    /** Step between windows in samples of the model's rate; default the model's training stride. */
    stride: z.number().int().positive().max(1e9).nullable().default(null),
    /** Windows whose best probability is below this are labelled `unknown`. */
    minConfidence: z.number().min(0).max(1).default(0),
    /** Predicted segments shorter than this (seconds) are absorbed by their neighbours. */
    minDurationS: z.number().min(0).max(1e7).default(0),
    /** For files without a time column or rate in their header (headerless CSV). */
    sampleRate: z.number().positive().max(1e7).optional(),
    /** Resample irregular timestamps, and files at another rate to the model's rate (linear). */
    resample: z.boolean().default(false),
    /** Keep every window's start and probabilities in the result (tests, JSON export). */
    includeWindows: z.boolean().default(false)
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.paths.length + v.recordingIds.length + v.tags.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'give files/folders, recordingIds or tags to classify', path: ['paths'] });
    }
  });
export type ClassifyInput = z.infer<typeof ClassifyInput>;

export const PredictedSegment = z.object({
  /** Samples of the source recording (its own rate), end exclusive. */
  startSample: Count,
  endSample: Count,
  startS: z.number(),
  endS: z.number(),
  /** A model class, or `unknown`. */
  label: z.string(),
  /** Mean probability of this class over the segment's windows. */
  confidence: z.number()
});
export type PredictedSegment = z.infer<typeof PredictedSegment>;

export const ClassifiedItem = z.object({
  /** Path of the file, or null for a library recording. */
  file: z.string().nullable(),
  /** Which recording of the file (EDF rate groups, UCR cases), 0-based; 0 for most files. */
  index: Count,
  /** How many recordings the file produced (several for .ts files). */
  ofFile: Count,
  /** Row key in the exports: the path (with `#k` when a file has several recordings) or the recording name. */
  key: z.string(),
  name: z.string(),
  recordingId: Id.nullable(),
  sampleRate: z.number(),
  numSamples: Count,
  durationS: z.number(),
  windows: Count,
  /** Windows left out because they contain gaps (NaN). */
  skippedWindows: Count,
  segments: z.array(PredictedSegment),
  perClass: z.array(z.object({ label: z.string(), seconds: z.number(), fraction: z.number() })),
  dominant: z.string().nullable(),
  meanConfidence: z.number().nullable(),
  /** Windows with a known true class (file labels or library segments) and how many were right. */
  truth: z.object({ windows: Count, correct: Count, accuracy: z.number() }).nullable(),
  warnings: z.array(z.string()),
  /** With includeWindows: each window's start sample (source rate) and class probabilities. */
  windowDetail: z.object({ starts: z.array(z.number()), probs: z.array(z.array(z.number())) }).optional()
});
export type ClassifiedItem = z.infer<typeof ClassifiedItem>;

export const ClassifyMetrics = z.object({
  count: Count,
  accuracy: z.number(),
  balancedAccuracy: z.number(),
  macroF1: z.number(),
  classes: z.array(z.string()),
  /** confusion[true][predicted] over windows, in the order of `classes` (argmax, before min confidence). */
  confusion: z.array(z.array(Count)),
  perClass: z.array(z.object({ name: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: Count })),
  /** Labelled windows whose class the model does not know. */
  unknownClass: Count
});
export type ClassifyMetrics = z.infer<typeof ClassifyMetrics>;

export const ClassifyResult = z.object({
  model: z.object({
    id: Id.nullable(),
    name: z.string(),
    classes: z.array(z.string()),
    sampleRate: z.number(),
    window: Count,
    stride: Count,
    mode: z.enum(['fixed', 'auto'])
  }),
  options: z.object({ minConfidence: z.number(), minDurationS: z.number() }),
  items: z.array(ClassifiedItem),
  failed: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
  metrics: ClassifyMetrics.nullable(),
  stats: z.object({
    files: Count,
    windows: Count,
    seconds: z.number(),
    windowsPerS: z.number(),
    filesPerS: z.number(),
    /** Time spent waiting for predictions vs reading/windowing (overlapping). */
    predictS: z.number(),
    backend: z.string().nullable()
  })
});
export type ClassifyResult = z.infer<typeof ClassifyResult>;

const JobStarted = z.object({ jobId: z.string() });

export const ExportFormat = z.enum(['csv', 'json', 'summary']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const classifyApi = {
  'classify.start': request(ClassifyInput, JobStarted, 'Batch-classify files, folders or library recordings with a model as a job; result ClassifyResult'),
  'classify.export': request(
    z.object({ jobId: z.string().min(1), format: ExportFormat }).strict(),
    z.object({ text: z.string(), fileName: z.string() }),
    'Results of a finished classify job as CSV (file,start_s,end_s,label,confidence), JSON, or a per-file summary CSV'
  ),
  'classify.toLabels': request(
    z
      .object({ jobId: z.string().min(1), key: z.string().min(1), tags: z.array(Tag).default([]) })
      .strict(),
    z.object({ recordingId: Id, name: z.string(), imported: z.boolean(), segments: Count }),
    'Write one result\'s predicted segments as predicted labels (importing the file into the library first if needed)'
  )
};
