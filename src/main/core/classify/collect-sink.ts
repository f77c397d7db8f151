// A FileSink for classification: keeps only the channels the model needs, as compact Float32 blocks,
// plus the labels the file carries (UCR cases, EDF+ annotations) and its warnings. Nothing goes to
// the database. Recordings that do not fit the model keep no samples, only the reason.
import type { FileSink, RecordingMeta, RecordingWriter } from '../importers/types';
import type { LabelledSpan } from '../ml/window-plan';
import { matchChannels, type ModelInput, rateProblem } from './fit';
import { ColumnBuffer } from './series';

export interface CollectedRecording {
  meta: RecordingMeta;
  /** Null when the recording does not fit the model (see `problem`). */
  buffer: ColumnBuffer | null;
  problem: string | null;
  /** Labelled spans from the file, in the file's samples. */
  spans: LabelledSpan[];
  warnings: string[];
  /** Samples the file had (also for recordings that do not fit). */
  length: number;
}

/** Refuse one recording above this many kept values (4 bytes each, 1 GiB). */
export const MAX_BUFFER_VALUES = 256 * 1024 * 1024;

export class CollectSink implements FileSink {
  readonly recordings: CollectedRecording[] = [];

  constructor(
    private readonly model: ModelInput,
    private readonly resample: boolean
  ) {}

  begin(meta: RecordingMeta): RecordingWriter {
    const fit = matchChannels(this.model.channels, meta.channels);
    const rate = rateProblem(this.model.sampleRate, meta.sampleRate, this.resample);
    const problem = !fit.ok ? fit.reason : rate;
    const rec: CollectedRecording = {
      meta,
      buffer: problem || !fit.ok ? null : new ColumnBuffer(fit.map.length),
      problem,
      spans: [],
      warnings: fit.ok && fit.warning ? [fit.warning] : [],
      length: 0
    };
    const map = fit.ok ? fit.map : [];
    this.recordings.push(rec);
    return {
      append: (columns) => {
        const n = columns[0]?.length ?? 0;
        rec.length += n;
        if (!rec.buffer) return;
        if ((rec.buffer.length + n) * rec.buffer.channels > MAX_BUFFER_VALUES) {
          rec.buffer = null;
          rec.problem = `the recording is too long to classify in one piece (over ${MAX_BUFFER_VALUES / 2 ** 20} M values); split it`;
          return;
        }
        rec.buffer.append(columns, map);
      },
      addSegment: (start, end, label) => {
        rec.spans.push({ start, end, label });
      },
      warn: (message) => {
        rec.warnings.push(message);
      },
      get length() {
        return rec.length;
      }
    };
  }
}
