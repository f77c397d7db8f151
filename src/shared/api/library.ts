import { z } from 'zod';
import { Id, LabelClass, Recording, Segment, View } from '../domain';
import { request } from './define';

const Name = z.string().trim().min(1).max(200);
const Tag = z.string().trim().min(1).max(100);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #rrggbb');
const Key = z.string().regex(/^[0-9a-z]$/, 'key must be one digit or lower-case letter');

export const ImportOptions = z
  .object({
    paths: z.array(z.string().min(1)).min(1),
    tags: z.array(Tag).default([]),
    /** Needed for files without a time column or header rate. */
    sampleRate: z.number().positive().max(1e7).optional(),
    /** Resample irregular timestamps to a uniform rate instead of refusing. */
    resample: z.boolean().default(false)
  })
  .strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

export const ImportResult = z.object({
  recordings: z.array(z.object({ id: Id, name: z.string(), file: z.string(), warnings: z.array(z.string()) })),
  failed: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
  bytes: z.number()
});
export type ImportResult = z.infer<typeof ImportResult>;

export const SegmentInput = z
  .object({
    recordingId: Id,
    startSample: z.number().int().nonnegative(),
    endSample: z.number().int().positive(),
    labelId: Id,
    predicted: z.boolean().default(false),
    confidence: z.number().min(0).max(1).nullable().default(null)
  })
  .strict();

export const JobStarted = z.object({ jobId: z.string() });

export const libraryApi = {
  'recordings.list': request(
    z.object({ tags: z.array(Tag).optional() }).strict(),
    z.array(Recording),
    'Recordings in the library (optionally those carrying every given tag)'
  ),
  'recordings.get': request(z.object({ id: Id }).strict(), Recording, 'One recording'),
  'recordings.rename': request(z.object({ id: Id, name: Name }).strict(), Recording, 'Rename a recording'),
  'recordings.setTags': request(z.object({ id: Id, tags: z.array(Tag) }).strict(), Recording, 'Replace tags'),
  'recordings.delete': request(z.object({ ids: z.array(Id).min(1) }).strict(), z.object({ deleted: z.number() }), 'Delete recordings'),
  'recordings.view': request(
    z
      .object({
        id: Id,
        channels: z.array(z.number().int().nonnegative()).optional(),
        startSample: z.number().int().nonnegative(),
        endSample: z.number().int().positive(),
        maxPoints: z.number().int().min(2).max(100_000),
        /** json: arrays of numbers (null for gaps); f32: base64 float32 (see ViewSeries). */
        encoding: z.enum(['json', 'f32']).default('json')
      })
      .strict(),
    View,
    'Raw samples or a min/max envelope of a range'
  ),
  'import.start': request(ImportOptions, JobStarted, 'Import files/folders as a job'),
  'demo.create': request(z.object({}).strict(), JobStarted, 'Generate the demo project as a job'),
  'labels.list': request(z.object({}).strict(), z.array(LabelClass), 'Label classes'),
  'labels.create': request(
    z.object({ name: Name, color: Color.optional(), key: Key.nullable().optional() }).strict(),
    LabelClass,
    'Create a label class'
  ),
  'labels.update': request(
    z.object({ id: Id, name: Name.optional(), color: Color.optional(), key: Key.nullable().optional() }).strict(),
    LabelClass,
    'Change a label class'
  ),
  'labels.delete': request(z.object({ id: Id }).strict(), z.object({ deleted: z.number() }), 'Delete a label class and its segments'),
  'segments.list': request(z.object({ recordingId: Id }).strict(), z.array(Segment), 'Segments of a recording'),
  'segments.create': request(SegmentInput, z.array(Segment), 'Create a segment (neighbours are trimmed/split); returns the recording\'s segments'),
  'segments.update': request(
    z
      .object({
        id: Id,
        startSample: z.number().int().nonnegative().optional(),
        endSample: z.number().int().positive().optional(),
        labelId: Id.optional(),
        predicted: z.boolean().optional()
      })
      .strict(),
    z.array(Segment),
    'Move/resize/relabel a segment; returns the recording\'s segments'
  ),
  'segments.delete': request(z.object({ id: Id }).strict(), z.array(Segment), 'Delete a segment; returns the recording\'s segments'),
  'labels.export': request(
    z
      .object({ format: z.enum(['csv', 'json']).default('csv'), tags: z.array(Tag).optional(), recordingIds: z.array(Id).optional() })
      .strict(),
    z.object({ text: z.string(), count: z.number().int() }),
    'Segments as CSV (recording,start_s,end_s,label,start_sample,end_sample) or JSON'
  ),
  'labels.import': request(
    z.object({ text: z.string().max(200 * 1024 * 1024), format: z.enum(['csv', 'json']).default('csv') }).strict(),
    z.object({
      recordings: z.number().int(),
      segments: z.number().int(),
      skipped: z.array(z.object({ line: z.number().int(), reason: z.string() }))
    }),
    'Add segments from a labels CSV or JSON (recordings matched by name or id)'
  ),
  'recordings.tags': request(z.object({}).strict(), z.array(z.object({ tag: z.string(), count: z.number().int() })), 'Tags in use'),
  'segments.replace': request(
    z.object({ recordingId: Id, segments: z.array(SegmentInput.omit({ recordingId: true })) }).strict(),
    z.array(Segment),
    'Replace all segments of a recording (undo/redo)'
  )
};
